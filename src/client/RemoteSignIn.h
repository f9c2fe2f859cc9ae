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

// How a RemoteBackend's session starts: with a password (POST /login, then GET /user/me for the session's
// details), or with a token an earlier session handed out (GET /user/me with it). Either way the session state
// is set only once the server accepted both; done runs on the transport's thread with the session or the error.
class RemoteSignIn final
{
public:
    using Handler = std::function<void(Result<Session>)>;

    static void logIn(const std::shared_ptr<HttpTransport>& http,
                      const std::shared_ptr<RemoteBackend::SessionState>& state, const QString& username,
                      const QString& password, Handler done);
    // A rejected token (401) answers NotSignedIn.
    static void adopt(const std::shared_ptr<HttpTransport>& http,
                      const std::shared_ptr<RemoteBackend::SessionState>& state, const QByteArray& token, Handler done);
};

} // namespace mood::client::remote
