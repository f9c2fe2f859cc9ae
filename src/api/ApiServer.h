#pragma once

#include "Result.h"
#include "ServerOptions.h"
#include "Services.h"

#include <QObject>
#include <QThread>

#include <memory>
#include <vector>

class QTimer;

namespace mood::api {

class Api;
class ConnectionAcceptor;
class ConnectionLimits;
class RequestRunner;
class ServerWorker;

// The HTTP server, never in the caller's (the GUI's) thread. One thread accepts connections and deals each to
// one of several handler threads, which read its requests (ConnectionGuard, then QHttpServer in HttpFrontend)
// and write its answers in order (RequestQueue). The requests themselves run on a pool of their own
// (RequestRunner): a request that waits for the database or pays for Argon2id holds up only its own
// connection, never the others of its handler thread.
class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    ApiServer(Services& services, ServerOptions options, QObject* parent = nullptr);
    ~ApiServer() override;

    Result<quint16> start(); // returns once listening (the real port) or failed
    void stop();             // stops accepting, answers the requests in progress, ends the threads
    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }
    const ServerOptions& options() const { return m_options; }

private:
    void stopThreads();

    Services& m_services;
    ServerOptions m_options;
    std::unique_ptr<Api> m_api; // one for all threads: it is thread-safe
    std::unique_ptr<ConnectionLimits> m_limits;
    std::unique_ptr<RequestRunner> m_runner;
    QThread m_acceptorThread;
    ConnectionAcceptor* m_acceptor = nullptr; // lives in m_acceptorThread
    QTimer* m_housekeeping = nullptr;         // lives in m_acceptorThread
    std::vector<std::unique_ptr<QThread>> m_handlerThreads;
    std::vector<ServerWorker*> m_workers; // one in each handler thread
    bool m_running = false;
    quint16 m_port = 0;
};

} // namespace mood::api
