#include "RemoteErrors.h"

#include <QJsonObject>

namespace mood::client::remote {

using namespace Qt::StringLiterals;

QString errorText(const HttpAnswer& answer)
{
    if (answer.json.isObject()) {
        const QJsonObject body = answer.json.object();
        for (const QString& key : {u"error"_s, u"message"_s, u"code"_s}) {
            if (body.value(key).isString())
                return body.value(key).toString();
        }
    }
    return QString::fromUtf8(answer.body.left(200)).trimmed();
}

Error errorFrom(const HttpAnswer& answer, Purpose purpose)
{
    switch (answer.failure) {
    case HttpAnswer::Failure::Unreachable:
        return Error{ErrorKind::Unreachable, u"the server cannot be reached: %1"_s.arg(answer.networkError)};
    case HttpAnswer::Failure::ConnectionLost:
        return Error{ErrorKind::ConnectionLost,
                     u"the connection to the server was lost: %1"_s.arg(answer.networkError)};
    case HttpAnswer::Failure::TimedOut:
        return Error{ErrorKind::TimedOut, u"the server did not answer in time"_s};
    case HttpAnswer::Failure::Broken:
        return Error{ErrorKind::ServerError, u"the server's answer could not be read: %1"_s.arg(answer.networkError)};
    case HttpAnswer::Failure::None:
        break;
    }
    const QString text = errorText(answer);
    switch (answer.status) {
    case 400:
    case 413:
        // The contract's duplicate text: "username 'u' already exists. Please try again."
        if (purpose == Purpose::SignUp && text.contains(u"already exists"_s))
            return Error{ErrorKind::NameTaken, text};
        return Error{ErrorKind::InvalidInput, text};
    case 401:
        if (purpose == Purpose::SignUp) // closed registration: only the signed-in admin creates accounts
            return Error{ErrorKind::Forbidden, u"registration is closed on this instance"_s};
        if (purpose == Purpose::SignIn)
            return Error{ErrorKind::WrongCredentials, u"wrong username or password"_s};
        return Error{ErrorKind::NotSignedIn, u"the server ended the session: sign in again"_s};
    case 403:
        return Error{ErrorKind::Forbidden, text};
    case 404:
        return Error{ErrorKind::NotFound, text};
    case 409:
        return Error{ErrorKind::RefusedByRule, text};
    case 421:
        return Error{ErrorKind::InvalidInput,
                     u"the server does not answer to this name; use its address, or ask its owner to add the name"_s};
    case 429:
        return Error{ErrorKind::TooManyAttempts, text};
    default:
        break;
    }
    if (answer.status >= 500)
        return Error{ErrorKind::ServerError, text.isEmpty() ? u"HTTP %1"_s.arg(answer.status) : text};
    return Error{ErrorKind::ServerError, u"unexpected answer HTTP %1: %2"_s.arg(answer.status).arg(text)};
}

Error malformed(const QString& what, const QString& why)
{
    return Error{ErrorKind::ServerError, u"the server's %1 could not be read: %2"_s.arg(what, why)};
}

} // namespace mood::client::remote
