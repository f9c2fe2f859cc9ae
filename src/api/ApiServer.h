#pragma once

#include "Authenticator.h"
#include "Result.h"
#include "Services.h"

#include <QHostAddress>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

namespace mood::api {

struct ServerOptions {
    QHostAddress address = QHostAddress::LocalHost; // LAN sharing is the owner's explicit choice
    quint16 port = 5000;                            // 0 picks a free port
    qint64 maxBodyBytes = 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;
    int idleTimeoutMs = 30000;
    int maxConnections = 256;
    int handlerThreads = 0; // 0: one per core, from 2 to 8
    Authenticator::Options auth;
};

class Api;
class ConnectionAcceptor;
class ServerWorker;

// The HTTP server, never in the caller's (the GUI's) thread: one thread accepts connections and hands each to
// one of several handler threads, which answers all of its requests, in order. A request that waits for the
// database or pays for Argon2id stalls only its own connection. This and ApiServer.cpp are the only places
// that know QHttpServer exists.
class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    ApiServer(Services& services, ServerOptions options, QObject* parent = nullptr);
    ~ApiServer() override;

    Result<quint16> start(); // returns once listening (the real port) or failed
    void stop();             // stops accepting, lets requests in progress finish, ends the threads
    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }
    const ServerOptions& options() const { return m_options; }

private:
    void stopThreads();

    Services& m_services;
    ServerOptions m_options;
    std::unique_ptr<Api> m_api; // one for all handler threads: it is thread-safe
    std::atomic<int> m_openConnections{0};
    QThread m_acceptorThread;
    ConnectionAcceptor* m_acceptor = nullptr; // lives in m_acceptorThread
    std::vector<std::unique_ptr<QThread>> m_handlerThreads;
    std::vector<ServerWorker*> m_workers; // one in each handler thread
    bool m_running = false;
    quint16 m_port = 0;
};

} // namespace mood::api
