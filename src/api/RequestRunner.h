#pragma once

#include "ApiTypes.h"
#include "BrowserGuard.h"

#include <QHostAddress>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace mood::api {

class Api;
class ReplyPort;

// A request as the socket thread hands it over: the API's view, and where the connection came in.
struct ServerRequest {
    ApiRequest api;
    QHostAddress localAddress;
    quint16 localPort = 0;
};

// Runs requests off the socket threads, on a pool of its own: Argon2id and a busy database hold up only the
// request that needs them, never the other connections of a handler thread. Each answer goes back through a
// ReplyPort to the thread that owns the connection, which writes it.
class RequestRunner final
{
public:
    RequestRunner(Api& api, BrowserGuard guard, qint64 maxBodyBytes, int threads);
    ~RequestRunner(); // waits for the requests still running
    RequestRunner(const RequestRunner&) = delete;
    RequestRunner& operator=(const RequestRunner&) = delete;

    using Done = std::function<void(const ApiResponse&)>;
    // done runs in the port's thread, unless the port closed first.
    void run(ServerRequest request, std::shared_ptr<ReplyPort> port, Done done);
    void runTask(std::function<void()> task); // other work that must not block a socket thread
    void waitForDone();

    // The answer, computed in the calling thread (the pool calls this).
    ApiResponse answer(ServerRequest& request) const;

private:
    Api& m_api;
    const BrowserGuard m_guard;
    const qint64 m_maxBodyBytes;
    QThreadPool m_pool;
};

} // namespace mood::api
