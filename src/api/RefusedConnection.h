#pragma once

#include "ApiTypes.h"

class QTcpSocket;

namespace mood::api {

// Answers a connection refused before any request was read (a connection cap), then closes it and lets it go.
// What the client already sent is read away first: closing with unread bytes would reset the connection, and
// the client might lose the answer.
void refuseConnection(QTcpSocket* socket, const ApiResponse& answer);

} // namespace mood::api
