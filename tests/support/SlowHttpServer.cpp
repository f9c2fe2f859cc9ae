#include "SlowHttpServer.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace mood::test {

SlowHttpServer::SlowHttpServer(int delayMs, QObject* parent)
    : QObject(parent)
    , m_delayMs(delayMs)
{
    connect(&m_server, &QTcpServer::newConnection, this, &SlowHttpServer::accept);
}

bool SlowHttpServer::start()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void SlowHttpServer::accept()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            const QByteArray seen = socket->property("seen").toByteArray() + socket->readAll();
            socket->setProperty("seen", seen);
            if (!seen.contains("\r\n\r\n") || socket->property("answering").toBool())
                return; // the body, if any, is small and ignored
            socket->setProperty("answering", true);
            ++m_requests;
            QTimer::singleShot(m_delayMs, socket, [socket] {
                const QByteArray body = "Unauthorized Access";
                socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain; charset=utf-8\r\n"
                              "WWW-Authenticate: Basic realm=\"Authentication Required\"\r\nConnection: close\r\n"
                              "Content-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                socket->disconnectFromHost();
            });
        });
    }
}

} // namespace mood::test
