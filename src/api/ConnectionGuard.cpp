#include "ConnectionGuard.h"

#include "ApiErrors.h"
#include "RequestQueue.h"
#include "ServerOptions.h"

#include <QTcpSocket>

namespace mood::api {

using namespace Qt::StringLiterals;

ConnectionGuard::ConnectionGuard(QTcpSocket* socket, RequestQueue* queue, const ServerOptions& options,
                                 ConnectionLimits::Ticket ticket, MethodAnswer methodAnswer)
    : QObject(socket)
    , m_socket(socket)
    , m_queue(queue)
    , m_scanner(RequestHeadScanner::Limits{options.maxBodyBytes, options.maxHeaderBytes})
    , m_ticket(std::move(ticket))
    , m_methodAnswer(std::move(methodAnswer))
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(options.idleTimeoutMs);
    m_headerDeadline.setSingleShot(true);
    m_headerDeadline.setInterval(options.headerTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, &ConnectionGuard::idle);
    connect(&m_headerDeadline, &QTimer::timeout, this, [this] {
        Refusal late;
        late.status = 408;
        late.text = u"the request headers did not arrive in time"_s;
        late.path = m_scanner.currentPath();
        refuse(late);
    });
    m_reading = connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::inspect);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] { m_idle.start(); });
    m_idle.start();
}

void ConnectionGuard::inspect()
{
    m_idle.start();
    if (m_refused) {
        m_socket->readAll(); // the rest of a refused connection: nobody reads it
        return;
    }
    // What QHttpServer left unread last time (it reads one request per readyRead and signals again for the
    // rest) was scanned already: only what follows it is new.
    const QByteArray buffered = m_socket->peek(m_socket->bytesAvailable());
    const QByteArray fresh = buffered.mid(std::min<qsizetype>(m_scannedUnread, buffered.size()));
    m_scannedUnread = buffered.size();
    const auto refusal = m_scanner.feed(fresh, [this](const RequestHead& head) {
        m_headerDeadline.stop(); // each head has its own deadline
        m_queue->expectHead(head);
    });
    if (refusal)
        return refuse(*refusal);
    if (m_scanner.refusing())
        m_socket->readAll(); // a refusal is being read to its end: QHttpServer must not see it
    if (m_scanner.inHead() && !m_headerDeadline.isActive())
        m_headerDeadline.start();
    m_queue->setPartialRequest(m_scanner.inHead());
}

void ConnectionGuard::watchAfterParser()
{
    connect(m_socket, &QTcpSocket::readyRead, this, [this] { m_scannedUnread = m_socket->bytesAvailable(); });
}

void ConnectionGuard::refuse(const Refusal& refusal)
{
    m_refused = true;
    m_headerDeadline.stop();
    m_socket->readAll(); // QHttpServer must not see any of it
    const Family family = errors::familyForPath(refusal.path);
    ApiResponse answer;
    if (refusal.unknownMethod)
        answer = m_methodAnswer(refusal.method, refusal.path);
    else if (refusal.status == 413)
        answer = errors::payloadTooLarge(family);
    else
        answer = errors::make(family, refusal.status, family == Family::Logs ? QString() : refusal.text);
    // A request whose body stalled already had its head queued: this answer is that request's.
    m_queue->refuse(answer, m_scanner.inBody() ? 1 : 0);
}

void ConnectionGuard::idle()
{
    if (m_queue->isBusy()) { // an answer is being worked on: not idle
        m_idle.start();
        return;
    }
    // QHttpServer 6.4 drops every signal connection of a socket whose bytes its parser refused, ours too (the
    // scanner should make that impossible): then nobody else would ever close or delete it.
    if (!m_reading) {
        m_socket->abort();
        m_socket->deleteLater();
        return;
    }
    if (const auto cutShort = m_scanner.stalled()) // a body shorter than its Content-Length, or half a head
        return refuse(*cutShort);
    m_queue->closeConnection();
}

} // namespace mood::api
