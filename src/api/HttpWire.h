#pragma once

#include "ApiTypes.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace mood::api::wire {

// How an answer ends its exchange on the connection.
struct Framing {
    bool headOnly = false;  // HEAD: the headers of the GET answer, no body
    bool close = false;     // "Connection: close", and the server closes once it is written
    bool keepAlive = false; // "Connection: keep-alive" (what an HTTP/1.0 client asked for)
};

// X-Content-Type-Options, Cache-Control, X-Frame-Options: on every answer, also those refused before routing.
const QList<QPair<QByteArray, QByteArray>>& commonHeaders();
QByteArray reasonPhrase(int status);

// The whole HTTP/1.1 answer as it goes on the wire.
QByteArray serialize(const ApiResponse& response, const Framing& framing);

} // namespace mood::api::wire
