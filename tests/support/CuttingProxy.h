#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpServer>

namespace mood::test {

// A TCP proxy on 127.0.0.1 in front of a server. It cuts the connection that carries the first request
// containing `needle` once the server answered it, without passing the answer on: to the client the connection
// is lost, to the server the request was complete (a write was committed). Everything else passes through.
// `cuts` times (each on a connection of its own). Records what the client sent.
class CuttingProxy final : public QObject
{
    Q_OBJECT

public:
    CuttingProxy(quint16 upstreamPort, QByteArray needle, int cuts = 1, QObject* parent = nullptr);
    bool start();
    quint16 port() const { return m_server.serverPort(); }
    QByteArray sent() const { return m_sent; } // every byte the client sent, all connections
    int connections() const { return m_connections; }

private:
    void accept();

    QTcpServer m_server;
    quint16 m_upstreamPort;
    QByteArray m_needle;
    QByteArray m_sent;
    int m_connections = 0;
    int m_cutsLeft;
};

} // namespace mood::test
