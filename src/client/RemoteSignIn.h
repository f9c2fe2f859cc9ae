#pragma once

#include "ClientError.h"
#include "ClientTypes.h"
#include "RemoteBackend.h"

#include <functional>
#include <memory>

namespace mood::client {
class HttpTransport;
}

namespace mood::client::remote {

// POST /login, then GET /user/me for the session's details; the session (*state) starts only when both
// answered. done runs on the transport's thread.
void logIn(const std::shared_ptr<HttpTransport>& http, const std::shared_ptr<RemoteBackend::SessionState>& state,
           const QString& username, const QString& password, std::function<void(Result<Session>)> done);

} // namespace mood::client::remote
