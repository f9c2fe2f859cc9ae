#pragma once

#include "User.h"

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QUrlQuery>

#include <optional>

namespace mood::api {

// Each route family of CONTRACTS.md answers errors in its own shape.
enum class Family {
    Users,  // users, moods, board, login: {"error": text}
    Events, // health and events: {"message": text}
    Logs,   // UI logs: {"code": CODE, "success": false}
    Feed,   // activity feed: {"error": text}
};

// A request as controllers see it: no sockets, no QHttpServer.
struct ApiRequest {
    QByteArray method; // upper case: GET, POST, ...
    QString path;      // decoded, as sent
    QStringList args;  // the <arg> segments the route captured
    QUrlQuery query;
    QByteArray body;
    QByteArray file; // a text/csv body as sent: the route that takes files reads it here; body reads as no JSON
    QJsonValue json; // the body as BodyValidator::admit() parsed and checked it
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QString clientAddress;                 // IPv4 peers as a.b.c.d, never ::ffff:a.b.c.d
    QString baseUrl;                       // "http://host:port", for absolute links
    std::optional<User> user;              // set before the handler runs on routes that need auth
    QString bearerToken;                   // when the caller authenticated with one

    bool hasQuery(const QString& key) const { return query.hasQueryItem(key); }
    // Fully decoded; '+' stays a literal plus.
    QString queryValue(const QString& key) const { return query.queryItemValue(key, QUrl::FullyDecoded); }
    QByteArray header(const QByteArray& lowerCaseName) const { return headers.value(lowerCaseName); }
};

struct ApiResponse {
    int status = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QList<QPair<QByteArray, QByteArray>> headers; // besides Content-Type and the common ones

    static ApiResponse json(int status, const QJsonValue& value);
    static ApiResponse json(int status, QByteArray serialized);
    static ApiResponse noContent();
};

} // namespace mood::api
