#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace mood::client {

// One request of the HTTP API (CONTRACTS.md), as RemoteBackend asks HttpTransport to send it.
struct HttpCall {
    QByteArray method = QByteArrayLiteral("GET"); // GET | POST | PATCH | DELETE
    QString path;                                 // "/mood", relative to the server's address
    QUrlQuery query;
    std::optional<QJsonValue> body; // sent as application/json
    QByteArray rawBody;             // with rawContentType: sent as it is, instead of body (a file to import)
    QByteArray rawContentType;
    QByteArray bearerToken; // empty: no Authorization header

    bool isWrite() const { return method != "GET"; }

    static HttpCall make(const QByteArray& method, const QString& path, std::optional<QJsonValue> body = std::nullopt)
    {
        HttpCall out;
        out.method = method;
        out.path = path;
        out.body = std::move(body);
        return out;
    }
};

// What came back: an HTTP answer (any status), or why there was none.
struct HttpAnswer {
    enum class Failure {
        None,           // the server answered; see status
        Unreachable,    // no connection could be made (refused, unknown host, no route)
        ConnectionLost, // the connection broke before the answer was complete
        TimedOut,       // nothing arrived for the transfer timeout
        Broken,         // an answer that is not HTTP, or a TLS failure
    };

    Failure failure = Failure::None;
    int status = 0;
    QByteArray body;
    QJsonDocument json;   // the body when it parsed as JSON
    QString networkError; // the network layer's words when failure != None
    bool retried = false; // the call was sent a second time (same Idempotency-Key) after a lost connection

    bool answered() const { return failure == Failure::None; }
    bool ok() const { return answered() && status >= 200 && status < 300; }
};

} // namespace mood::client
