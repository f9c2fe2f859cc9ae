#pragma once

#include <QList>
#include <QTcpServer>

class QTcpSocket;

namespace mood::api {

// Hands connections of one handler thread to QHttpServer, which takes connections only from a bound
// QTcpServer. This one never listens (the ConnectionAcceptor does), so it keeps its own queue.
class ConnectionInbox final : public QTcpServer
{
public:
    explicit ConnectionInbox(QObject* parent = nullptr);

    void offer(QTcpSocket* socket); // a socket whose parent is this inbox

    bool hasPendingConnections() const override { return !m_pending.isEmpty(); }
    QTcpSocket* nextPendingConnection() override;

private:
    QList<QTcpSocket*> m_pending;
};

} // namespace mood::api
