#pragma once

#include "ApiTypes.h"
#include "HttpFrontend.h"

#include <QObject>

#include <memory>

namespace mood::api {

class Api;
class ConnectionInbox;
class ConnectionLimits;
class ReplyPort;
class RequestRunner;
struct ServerOptions;

// Everything that lives in one handler thread: the connections dealt to it, their guards and queues, and
// QHttpServer parsing their requests. Requests run on the RequestRunner's pool; answers come back here.
class ServerWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerWorker)

public:
    ServerWorker(Api& api, RequestRunner& runner, ConnectionLimits& limits, const ServerOptions& options);
    ~ServerWorker() override;

    // A connection the acceptor took (its place in the total is held); refused here beyond the per-client cap.
    void adopt(qintptr descriptor);

    // The server stops: lets open connections finish what they already sent, for at most ioMs, and waits up to
    // inFlightMs more for requests already running, whose answers are then written. A SIGTERM must not lose
    // an answer the database already committed.
    void drain(int ioMs, int inFlightMs);

private:
    void deliver(QTcpSocket* socket, ApiRequest request);
    ApiResponse methodAnswer(const QByteArray& method, const QString& path);
    bool readAndCheckPendingWork(bool* running);

    Api& m_api;
    RequestRunner& m_runner;
    ConnectionLimits& m_limits;
    const ServerOptions& m_options;
    std::shared_ptr<ReplyPort> m_port;
    HttpFrontend m_frontend;
    ConnectionInbox* m_inbox; // owned by m_frontend
};

} // namespace mood::api
