#pragma once

#include <QTcpServer>

#include <vector>

namespace mood::api {

class ConnectionLimits;
class ServerWorker;

// Listens, refuses connections beyond the global cap, and deals the others out to the handler threads in turn.
class ConnectionAcceptor final : public QTcpServer
{
public:
    ConnectionAcceptor(ConnectionLimits& limits, const std::vector<ServerWorker*>& workers, int backlog);

    // Connections the kernel already accepted but Qt has not yet seen would die with the listener: take
    // them in first. Each is queued to its handler thread ahead of that thread's drain.
    void closeAfterBacklog();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    ConnectionLimits& m_limits;
    const std::vector<ServerWorker*>& m_workers;
    const int m_backlog;
    size_t m_next = 0;
};

} // namespace mood::api
