#include "ClientAddress.h"

namespace mood::api::clientAddress {

using namespace Qt::StringLiterals;

QString display(const QHostAddress& peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : peer.toString();
}

QString group(const QHostAddress& peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    if (peer.protocol() != QAbstractSocket::IPv6Protocol)
        return peer.toString();
    Q_IPV6ADDR bytes = peer.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + u"/64"_s;
}

QString group(const QString& address)
{
    const QHostAddress parsed(address);
    return parsed.isNull() ? address : group(parsed);
}

} // namespace mood::api::clientAddress
