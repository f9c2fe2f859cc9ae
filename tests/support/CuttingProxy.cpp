#include "CuttingProxy.h"

#include <QTcpSocket>

namespace mood::test {

CuttingProxy::CuttingProxy(quint16 upstreamPort, QByteArray needle, int cuts, QObject* parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
    , m_needle(std::move(needle))
    , m_cutsLeft(cuts)
{
    connect(&m_server, &QTcpServer::newConnection, this, &CuttingProxy::accept);
}

bool CuttingProxy::start()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void CuttingProxy::accept()
{
    while (QTcpSocket* client = m_server.nextPendingConnection()) {
        ++m_connections;
        client->setParent(this);
        auto* upstream = new QTcpSocket(client);
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        connect(client, &QTcpSocket::readyRead, this, [this, client, upstream] {
            const QByteArray bytes = client->readAll();
            m_sent += bytes;
            client->setProperty("seen", QByteArray(client->property("seen").toByteArray() + bytes));
            upstream->write(bytes);
        });
        connect(upstream, &QTcpSocket::readyRead, this, [this, client, upstream] {
            const QByteArray answer = upstream->readAll();
            if (m_cutsLeft > 0 && client->property("seen").toByteArray().contains(m_needle)) {
                --m_cutsLeft;
                client->abort(); // the server has answered (and committed); the client never hears it
                client->deleteLater();
                return;
            }
            client->write(answer);
        });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
    }
}

} // namespace mood::test
