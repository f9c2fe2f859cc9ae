#pragma once

#include "ApiTypes.h"
#include "ConnectionLimits.h"
#include "RequestHeadScanner.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace mood::api {

class RequestQueue;
struct ServerOptions;

// Watches one connection ahead of QHttpServer (its readyRead slot is connected first): every byte passes the
// RequestHeadScanner before QHttpServer reads it, and a refused request never reaches QHttpServer at all
// (the guard reads those bytes away itself). Also closes idle connections (a request that stalls half-sent gets
// its 400 first), and those that take longer than the header deadline to send a request head (slowloris, 408),
// and holds the connection's place in the limits.
//
// A client that ends its side of the connection in the middle of a request gets no answer: Qt 6.4 closes the
// whole socket when it reads the end of input, so nothing can be written to it any more. Such a request is
// never handed on, so nothing of it is done.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

public:
    // Answers a method no route has (405 on a known path, 404 otherwise), as the router does.
    using MethodAnswer = std::function<ApiResponse(const QByteArray& method, const QString& path)>;

    ConnectionGuard(QTcpSocket* socket, RequestQueue* queue, const ServerOptions& options,
                    ConnectionLimits::Ticket ticket, MethodAnswer methodAnswer);

    // Once QHttpServer has connected to the socket: a second slot, after QHttpServer's, notes what it left unread.
    void watchAfterParser();

private:
    void inspect();
    void refuse(const Refusal& refusal);
    void idle();

    QTcpSocket* m_socket;
    RequestQueue* m_queue;
    RequestHeadScanner m_scanner;
    ConnectionLimits::Ticket m_ticket; // released when the socket (and with it this guard) goes
    MethodAnswer m_methodAnswer;
    QMetaObject::Connection m_reading; // false once someone dropped the socket's connections
    QTimer m_idle;
    QTimer m_headerDeadline;
    qsizetype m_scannedUnread = 0; // bytes at the front of the socket's buffer the scanner has seen
    bool m_refused = false;
};

} // namespace mood::api
