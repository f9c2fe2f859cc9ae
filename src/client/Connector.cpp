#include "Connector.h"

#include "Backend.h"
#include "LocalInstance.h"

#include <QUrl>

namespace mood::client {

using namespace Qt::StringLiterals;

Connector::Connector(LocalInstance& local)
    : m_local(local)
{
}

QUrl Connector::serverUrl(const QString& address)
{
    const QString trimmed = address.trimmed();
    if (trimmed.isEmpty())
        return {};
    QUrl url = QUrl::fromUserInput(trimmed.contains(u"://"_s) ? trimmed : u"http://"_s + trimmed);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s))
        return {};
    return url;
}

std::unique_ptr<Backend> Connector::open(Location where, const QString& serverAddress, Error* error)
{
    if (where == Location::ThisComputer)
        return m_local.connect();
    const QUrl url = serverUrl(serverAddress);
    if (url.isEmpty()) {
        *error = Error{ErrorKind::InvalidInput, u"'%1' is not a server address"_s.arg(serverAddress)};
        return nullptr;
    }
    RemoteOptions options = m_remote;
    options.server = url;
    return std::make_unique<RemoteBackend>(options);
}

} // namespace mood::client
