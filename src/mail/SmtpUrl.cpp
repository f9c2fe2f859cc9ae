#include "SmtpUrl.h"

#include <QHostAddress>
#include <QUrl>

namespace mood::mail {

using namespace Qt::StringLiterals;

std::optional<SmtpUrl> SmtpUrl::parse(const QString& text, QString* error)
{
    const auto fail = [error](const QString& message) {
        *error = message;
        return std::optional<SmtpUrl>();
    };
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"smtp"_s && scheme != u"smtps"_s) || url.host().isEmpty())
        return fail(u"expected smtp://[user:pass@]host:port or smtps://[user:pass@]host:port"_s);
    if ((!url.path().isEmpty() && url.path() != u"/"_s) || url.hasQuery() || url.hasFragment())
        return fail(u"the SMTP URL takes no path, query or fragment"_s);
    SmtpUrl out;
    out.implicitTls = scheme == u"smtps"_s;
    out.host = url.host();
    out.port = url.port(out.implicitTls ? 465 : 25);
    out.user = url.userName(QUrl::FullyDecoded);
    out.password = url.password(QUrl::FullyDecoded);
    if (out.port < 1)
        return fail(u"the SMTP port must be from 1 to 65535"_s);
    if (out.user.isEmpty() && !out.password.isEmpty())
        return fail(u"the SMTP URL has a password but no user name"_s);
    return out;
}

bool SmtpUrl::isLoopback() const
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

SmtpUrl::Tls SmtpUrl::tls() const
{
    if (implicitTls)
        return Tls::Implicit;
    return hasCredentials() && !isLoopback() ? Tls::Required : Tls::Opportunistic;
}

QString SmtpUrl::curlUrl() const
{
    QUrl url;
    url.setScheme(implicitTls ? u"smtps"_s : u"smtp"_s);
    url.setHost(host);
    url.setPort(port);
    return url.toString(QUrl::FullyEncoded);
}

QString SmtpUrl::displayName() const
{
    QUrl url;
    url.setScheme(implicitTls ? u"smtps"_s : u"smtp"_s);
    url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    return url.toString();
}

} // namespace mood::mail
