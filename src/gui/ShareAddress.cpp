#include "ShareAddress.h"

#include <QHostInfo>
#include <QNetworkInterface>

namespace mood::gui {

using namespace Qt::StringLiterals;

QList<QHostAddress> ShareAddress::machineAddresses()
{
    QList<QHostAddress> v4;
    QList<QHostAddress> v6;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface& interface : interfaces) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::IsRunning)
            || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry& entry : interface.addressEntries()) {
            const QHostAddress ip = entry.ip();
            if (ip.isLoopback() || ip.isLinkLocal())
                continue;
            (ip.protocol() == QAbstractSocket::IPv4Protocol ? v4 : v6).append(ip);
        }
    }
    return v4 + v6;
}

QString ShareAddress::url(const client::ShareStatus& status)
{
    if (!status.running)
        return {};
    QString host;
    if (status.address == QHostAddress(QHostAddress::Any) || status.address == QHostAddress(QHostAddress::AnyIPv4)
        || status.address == QHostAddress(QHostAddress::AnyIPv6)) {
        const QList<QHostAddress> addresses = machineAddresses();
        host = addresses.isEmpty() ? QHostInfo::localHostName() : addresses.first().toString();
        if (!addresses.isEmpty() && addresses.first().protocol() == QAbstractSocket::IPv6Protocol)
            host = u'[' + host + u']';
    } else if (status.address.protocol() == QAbstractSocket::IPv6Protocol) {
        host = u'[' + status.address.toString() + u']';
    } else {
        host = status.address.toString();
    }
    return u"http://%1:%2"_s.arg(host).arg(status.port);
}

} // namespace mood::gui
