#pragma once

#include <QObject>
#include <QTcpServer>

namespace mood::test {

// A tiny HTTP server on 127.0.0.1 that answers every request, after a delay, with the contract's 401
// ("Unauthorized Access"): a shared Moodboard on a slow network or a busy machine. Event-driven on the thread
// that owns it, so the test's own event loop keeps running while it waits.
class SlowHttpServer final : public QObject
{
    Q_OBJECT

public:
    explicit SlowHttpServer(int delayMs, QObject* parent = nullptr);
    bool start();
    quint16 port() const { return m_server.serverPort(); }
    int requests() const { return m_requests; }

private:
    void accept();

    QTcpServer m_server;
    int m_delayMs;
    int m_requests = 0;
};

} // namespace mood::test
