#pragma once

#include "ApiTypes.h"
#include "Result.h"

namespace mood::api {

// The one place that turns a failure into a status and a body in the route family's shape.
namespace errors {

// Logs: text is the CODE; other families: the message.
ApiResponse make(Family family, int status, const QString& text);
ApiResponse fromDomain(Family family, const Error& error);
int statusFor(ErrorKind kind);

ApiResponse unauthorized(); // 401 text/plain "Unauthorized Access" + WWW-Authenticate
ApiResponse forbidden(Family family, const QString& text = {});
ApiResponse tooManyRequests(Family family);
ApiResponse payloadTooLarge(Family family);
ApiResponse routeNotFound();                                 // 404 {"error": "not found"}
ApiResponse methodNotAllowed(const QByteArrayList& allowed); // 405 {"error": "method not allowed"}

Family familyForPath(const QString& path);

} // namespace errors
} // namespace mood::api
