#include "BrowserGuard.h"

#include "ApiErrors.h"

#include <QNetworkInterface>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
// IPv4-mapped IPv6 addresses compare as the IPv4 address they carry.
QHostAddress plain(const QHostAddress& address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

bool sameAddress(const QHostAddress& a, const QHostAddress& b)
{
    QHostAddress x = plain(a);
    QHostAddress y = plain(b);
    x.setScopeId(QString());
    y.setScopeId(QString());
    return x == y;
}

// The type without parameters, lower case: "text/csv; charset=utf-8" -> "text/csv".
QByteArray mediaType(const QByteArray& contentType)
{
    const qsizetype parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.left(parameters)).trimmed().toLower();
}

quint16 defaultPort(const QString& scheme)
{
    return scheme == u"https"_s ? 443 : 80;
}
} // namespace

BrowserGuard::BrowserGuard(QHostAddress listenAddress, const QStringList& publicHosts)
    : m_listen(std::move(listenAddress))
    , m_listensEverywhere(m_listen == QHostAddress(QHostAddress::Any) || m_listen == QHostAddress(QHostAddress::AnyIPv4)
                          || m_listen == QHostAddress(QHostAddress::AnyIPv6))
{
    for (const QString& name : publicHosts)
        m_publicHosts.append(name.toLower());
}

bool BrowserGuard::isJsonMediaType(const QByteArray& contentType)
{
    const QByteArray type = mediaType(contentType);
    if (type == "application/json")
        return true;
    return type.startsWith("application/") && type.endsWith("+json")
        && type.size() > QByteArrayView("application/+json").size();
}

bool BrowserGuard::isCsvMediaType(const QByteArray& contentType)
{
    return mediaType(contentType) == "text/csv";
}

bool BrowserGuard::isValidHostName(const QString& name)
{
    // Letters, digits and hyphens in dot-separated labels of 1 to 63 characters, at most 253 in all.
    static const QRegularExpression label(u"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$"_s);
    if (name.isEmpty() || name.size() > 253)
        return false;
    const QStringList labels = name.split(u'.');
    return std::all_of(labels.begin(), labels.end(), [](const QString& part) { return label.match(part).hasMatch(); });
}

QString BrowserGuard::Authority::text() const
{
    const QString shown = host.contains(u':') ? u'[' + host + u']' : host;
    return port ? shown + u':' + QString::number(*port) : shown;
}

std::optional<BrowserGuard::Authority> BrowserGuard::parseAuthority(const QByteArray& text)
{
    static const QRegularExpression pattern(u"^(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9.-]+))(?::(\\d{1,5}))?$"_s);
    const auto match = pattern.match(QString::fromLatin1(text));
    if (!match.hasMatch())
        return std::nullopt;
    Authority authority;
    authority.host = (match.captured(1).isEmpty() ? match.captured(2) : match.captured(1)).toLower();
    if (match.hasCaptured(3)) {
        const uint port = match.captured(3).toUInt();
        if (port > 65535)
            return std::nullopt;
        authority.port = static_cast<quint16>(port);
    }
    if (!match.captured(1).isEmpty() && QHostAddress(authority.host).protocol() != QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    return authority;
}

bool BrowserGuard::isOwnHost(const QString& host, const QHostAddress& localAddress) const
{
    if (host == u"localhost"_s || m_publicHosts.contains(host))
        return true;
    const QHostAddress literal(host);
    if (literal.isNull())
        return false;
    // The address the connection came in on is always one of ours.
    if (sameAddress(literal, localAddress) || sameAddress(literal, m_listen))
        return true;
    if (!m_listensEverywhere)
        return false;
    const QList<QHostAddress> mine = QNetworkInterface::allAddresses(); // read now: addresses come and go
    return std::any_of(mine.begin(), mine.end(), [&](const QHostAddress& a) { return sameAddress(a, literal); });
}

bool BrowserGuard::sameOrigin(const QByteArray& origin, const Authority& own)
{
    const QUrl url(QString::fromLatin1(origin), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    // https too: a TLS proxy in front of the server passes the Host on, and the page came from that host.
    if (!url.isValid() || (scheme != u"http"_s && scheme != u"https"_s) || !url.path().isEmpty())
        return false;
    const quint16 port = static_cast<quint16>(url.port(defaultPort(scheme)));
    return url.host().toLower() == own.host && port == own.port.value_or(defaultPort(scheme));
}

std::optional<ApiResponse> BrowserGuard::admit(ApiRequest& request, const QHostAddress& localAddress,
                                               quint16 localPort) const
{
    const Family family = errors::familyForPath(request.path);
    Authority own;
    const QByteArray hostHeader = request.header("host");
    if (hostHeader.isEmpty()) { // HTTP/1.0 without Host: the address the client reached
        own.host = plain(localAddress).toString().toLower();
        own.port = localPort;
    } else {
        const auto parsed = parseAuthority(hostHeader);
        if (!parsed || !isOwnHost(parsed->host, localAddress)) {
            return errors::make(family, 421,
                                family == Family::Logs
                                    ? QString()
                                    : u"this server does not answer for the host named in the request"_s);
        }
        own = *parsed;
    }
    if (request.headers.contains("origin") && !sameOrigin(request.header("origin"), own))
        return errors::forbidden(family, u"requests from other web sites are not accepted"_s);

    request.baseUrl = u"http://"_s + own.text();
    const QByteArray contentType = request.header("content-type");
    if (!isJsonMediaType(contentType)) {
        if (isCsvMediaType(contentType))
            request.file = std::move(request.body);
        request.body = QByteArrayLiteral("null");
    }
    return std::nullopt;
}

} // namespace mood::api
