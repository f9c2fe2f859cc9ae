#include "ApiErrors.h"

#include <QJsonObject>

namespace mood::api::errors {

using namespace Qt::StringLiterals;

namespace {
QString logsCodeFor(int status)
{
    switch (status) {
    case 401:
        return u"UNAUTHORIZED"_s;
    case 403:
        return u"FORBIDDEN"_s;
    case 404:
        return u"NOT_FOUND"_s;
    case 405:
        return u"METHOD_NOT_ALLOWED"_s;
    case 408:
        return u"REQUEST_TIMEOUT"_s;
    case 409:
        return u"CONFLICT"_s;
    case 411:
        return u"LENGTH_REQUIRED"_s;
    case 413:
        return u"PAYLOAD_TOO_LARGE"_s;
    case 421:
        return u"MISDIRECTED_REQUEST"_s;
    case 429:
        return u"TOO_MANY_REQUESTS"_s;
    case 431:
        return u"HEADERS_TOO_LARGE"_s;
    case 503:
        return u"SERVICE_UNAVAILABLE"_s;
    case 505:
        return u"HTTP_VERSION_NOT_SUPPORTED"_s;
    default:
        return status >= 500 ? u"INTERNAL_ERROR"_s : u"BAD_REQUEST"_s;
    }
}
} // namespace

ApiResponse make(Family family, int status, const QString& text)
{
    switch (family) {
    case Family::Events:
        return ApiResponse::json(status, QJsonObject{{u"message"_s, text}});
    case Family::Logs:
        return ApiResponse::json(
            status, QJsonObject{{u"code"_s, text.isEmpty() ? logsCodeFor(status) : text}, {u"success"_s, false}});
    case Family::Users:
    case Family::Feed:
        break;
    }
    return ApiResponse::json(status, QJsonObject{{u"error"_s, text}});
}

int statusFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Invalid:
        return 400;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::Forbidden:
        return 403;
    case ErrorKind::Storage:
        return 503;
    }
    return 500;
}

ApiResponse fromDomain(Family family, const Error& error)
{
    const int status = statusFor(error.kind);
    if (error.kind == ErrorKind::Storage) // details went to the log; clients get no SQL
        return make(family, status, family == Family::Logs ? QString() : u"the database is unavailable"_s);
    return make(family, status, family == Family::Logs ? logsCodeFor(status) : error.message);
}

ApiResponse unauthorized()
{
    ApiResponse response;
    response.status = 401;
    response.body = "Unauthorized Access";
    response.contentType = "text/plain; charset=utf-8";
    response.headers.append(
        qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Basic realm=\"Authentication Required\"")));
    return response;
}

ApiResponse forbidden(Family family, const QString& text)
{
    if (family == Family::Logs)
        return make(family, 403, u"FORBIDDEN"_s);
    return make(family, 403, text.isEmpty() ? u"forbidden: you can only act for yourself"_s : text);
}

ApiResponse tooManyRequests(Family family)
{
    if (family == Family::Logs)
        return make(family, 429, u"TOO_MANY_REQUESTS"_s);
    ApiResponse response = make(family, 429, u"too many failed logins from this address; try again later"_s);
    return response;
}

ApiResponse payloadTooLarge(Family family)
{
    if (family == Family::Logs)
        return make(family, 413, u"PAYLOAD_TOO_LARGE"_s);
    return make(family, 413, u"request body too large"_s);
}

ApiResponse routeNotFound()
{
    return make(Family::Users, 404, u"not found"_s);
}

ApiResponse methodNotAllowed(const QByteArrayList& allowed)
{
    ApiResponse response = make(Family::Users, 405, u"method not allowed"_s);
    response.headers.append(qMakePair(QByteArray("Allow"), allowed.join(", ")));
    return response;
}

Family familyForPath(const QString& path)
{
    const QString first = path.section(u'/', 1, 1);
    if (first == u"events"_s || first == u"health"_s || first == u"heath"_s
        || (first == u"api"_s && path.section(u'/', 2, 2) != QString()))
        return Family::Events;
    if (first == u"logs"_s)
        return Family::Logs;
    if (first == u"feed"_s || first == u"activity"_s)
        return Family::Feed;
    return Family::Users;
}

} // namespace mood::api::errors
