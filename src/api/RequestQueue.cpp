#include "RequestQueue.h"

#include "HttpWire.h"
#include "ReplyPort.h"
#include "RequestRunner.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>

Q_DECLARE_LOGGING_CATEGORY(lcServer)

namespace mood::api {

RequestQueue::RequestQueue(QTcpSocket* socket, RequestRunner& runner, std::shared_ptr<ReplyPort> port, int maxWaiting,
                           qint64 maxWaitingBytes)
    : QObject(socket)
    , m_socket(socket)
    , m_runner(runner)
    , m_port(std::move(port))
    , m_maxWaiting(maxWaiting)
    , m_maxWaitingBytes(maxWaitingBytes)
{
}

void RequestQueue::expectHead(const RequestHead& head)
{
    m_heads.append(head);
}

void RequestQueue::push(ApiRequest request)
{
    if (m_heads.isEmpty()) { // cannot happen while the guard reads every byte first; never answer out of turn
        qCWarning(lcServer) << "a request arrived that the connection guard did not read; closing";
        m_acceptsMore = false;
        m_closeWhenIdle = true;
        finishIfIdle();
        return;
    }
    const RequestHead head = m_heads.takeFirst();
    // After a request that asked to close, nothing more is served (RFC 9112 section 9.6); nor beyond the number
    // of requests a connection may have waiting: the connection closes after the last one kept.
    if (!m_acceptsMore)
        return;
    const bool tooMuch = !m_waiting.isEmpty() && m_waitingBytes + request.body.size() > m_maxWaitingBytes;
    if (m_waiting.size() >= m_maxWaiting || tooMuch) {
        m_acceptsMore = false;
        m_closeWhenIdle = true;
        return;
    }
    if (!head.keepAlive)
        m_acceptsMore = false;
    m_waitingBytes += request.body.size();
    ServerRequest server{std::move(request), m_socket->localAddress(), m_socket->localPort()};
    m_waiting.append(Waiting{std::move(server), head});
    startNext();
}

void RequestQueue::startNext()
{
    if (m_running || m_waiting.isEmpty() || m_closed)
        return;
    Waiting next = m_waiting.takeFirst();
    m_waitingBytes -= next.request.api.body.size();
    m_running = true;
    const RequestHead head = next.head;
    // Runs in this thread (the port's target lives here), where the QPointer can be checked safely.
    m_runner.run(std::move(next.request), m_port, [self = QPointer<RequestQueue>(this), head](const ApiResponse& r) {
        if (self)
            self->finished(head, r);
    });
}

void RequestQueue::finished(const RequestHead& head, const ApiResponse& response)
{
    m_running = false;
    const bool last = m_waiting.isEmpty() && m_heads.isEmpty() && !m_partial;
    const bool close = !head.keepAlive || (last && m_closeWhenIdle) || (last && m_draining && !m_refusal);
    write(response, head, close);
    if (close) {
        closeConnection();
        return;
    }
    startNext();
    finishIfIdle();
}

void RequestQueue::refuse(const ApiResponse& answer, int ownHeads)
{
    m_acceptsMore = false;
    if (m_heads.size() <= ownHeads)
        m_refusal = answer;
    else
        m_closeWhenIdle = true;
    m_heads.clear();
    m_partial = false;
    finishIfIdle();
}

void RequestQueue::finishIfIdle()
{
    if (m_running || !m_waiting.isEmpty() || m_closed)
        return;
    if (m_refusal) {
        RequestHead head;
        head.keepAlive = false;
        write(*m_refusal, head, true);
        m_refusal.reset();
        closeConnection();
    } else if (m_closeWhenIdle) {
        closeConnection();
    }
}

void RequestQueue::write(const ApiResponse& response, const RequestHead& head, bool close)
{
    wire::Framing framing;
    framing.headOnly = head.method == "HEAD";
    framing.close = close;
    framing.keepAlive = !close && head.http10;
    m_socket->write(wire::serialize(response, framing));
}

void RequestQueue::closeConnection()
{
    if (m_closed)
        return;
    m_closed = true;
    m_waiting.clear();
    m_waitingBytes = 0;
    m_socket->disconnectFromHost(); // sends what is written first
}

} // namespace mood::api
