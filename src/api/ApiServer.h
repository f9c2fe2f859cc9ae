#pragma once

#include "Authenticator.h"
#include "Result.h"
#include "Services.h"

#include <QHostAddress>
#include <QObject>
#include <QThread>

#include <memory>

namespace mood::api {

struct ServerOptions {
    QHostAddress address = QHostAddress::LocalHost; // LAN sharing is the owner's explicit choice
    quint16 port = 5000;                            // 0 picks a free port
    qint64 maxBodyBytes = 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;
    int idleTimeoutMs = 30000;
    int maxConnections = 256;
    Authenticator::Options auth;
};

class ServerWorker;

// The HTTP server in a thread of its own, never the caller's (the GUI's) thread. This and ApiServer.cpp are
// the only places that know QHttpServer exists.
class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    ApiServer(Services& services, ServerOptions options, QObject* parent = nullptr);
    ~ApiServer() override;

    Result<quint16> start(); // returns once listening (the real port) or failed
    void stop();             // stops accepting, lets the request in progress finish, ends the thread
    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }
    const ServerOptions& options() const { return m_options; }

private:
    Services& m_services;
    ServerOptions m_options;
    QThread m_thread;
    ServerWorker* m_worker = nullptr; // lives in m_thread
    bool m_running = false;
    quint16 m_port = 0;
};

} // namespace mood::api
