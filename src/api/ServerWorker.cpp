#include "ServerWorker.h"

#include "Api.h"
#include "ApiErrors.h"
#include "ClientAddress.h"
#include "ConnectionGuard.h"
#include "ConnectionInbox.h"
#include "ConnectionLimits.h"
#include "RefusedConnection.h"
#include "ReplyPort.h"
#include "RequestQueue.h"
#include "ServerOptions.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTcpSocket>

namespace mood::api {

using namespace Qt::StringLiterals;

ServerWorker::ServerWorker(Api& api, RequestRunner& runner, ConnectionLimits& limits, const ServerOptions& options)
    : m_api(api)
    , m_runner(runner)
    , m_limits(limits)
    , m_options(options)
    , m_port(std::make_shared<ReplyPort>(this))
    , m_frontend([this](QTcpSocket* socket, ApiRequest request) { deliver(socket, std::move(request)); })
    , m_inbox(new ConnectionInbox)
{
    m_frontend.bind(m_inbox); // takes ownership
}

ServerWorker::~ServerWorker()
{
    m_port->close(); // answers still running elsewhere now go nowhere
}

void ServerWorker::adopt(qintptr descriptor)
{
    auto* socket = new QTcpSocket(m_inbox);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        m_limits.releaseTotal();
        return;
    }
    auto ticket = m_limits.takeClient(clientAddress::group(socket->peerAddress()));
    if (!ticket) {
        refuseConnection(socket, errors::make(Family::Users, 429, u"too many connections from this address"_s));
        return;
    }
    auto* queue =
        new RequestQueue(socket, m_runner, m_port, m_options.maxWaitingPerConnection, 2 * m_options.maxBodyBytes);
    auto* guard = new ConnectionGuard(
        socket, queue, m_options, std::move(*ticket),
        [this](const QByteArray& method, const QString& path) { return methodAnswer(method, path); });
    m_inbox->offer(socket); // QHttpServer connects to the socket now: after the guard, before the line below
    guard->watchAfterParser();
}

void ServerWorker::deliver(QTcpSocket* socket, ApiRequest request)
{
    if (auto* queue = socket->findChild<RequestQueue*>(QString(), Qt::FindDirectChildrenOnly))
        queue->push(std::move(request));
}

ApiResponse ServerWorker::methodAnswer(const QByteArray& method, const QString& path)
{
    ApiRequest request; // a method no route has: the router answers 405 or 404 without running anything
    request.method = method;
    request.path = path;
    return m_api.handle(request);
}

void ServerWorker::drain(int ioMs, int inFlightMs)
{
    for (RequestQueue* queue : m_frontend.object()->findChildren<RequestQueue*>())
        queue->beginDrain();
    const QDeadlineTimer io(ioMs);
    const QDeadlineTimer hard(ioMs + inFlightMs);
    while (!hard.hasExpired()) {
        bool running = false;
        const bool pending = readAndCheckPendingWork(&running);
        if (!running && (!pending || io.hasExpired()))
            break;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
}

// True while a connection has bytes to read or to send. Bytes a client sent just before the stop may still sit
// in the kernel, invisible to bytesAvailable(): waitForReadyRead(0) takes them in (the guard and QHttpServer
// read them at once, and the request is queued).
bool ServerWorker::readAndCheckPendingWork(bool* running)
{
    bool pending = false;
    for (QTcpSocket* socket : m_frontend.object()->findChildren<QTcpSocket*>()) {
        // Read first: the read can parse a request and queue it, and then this connection is busy.
        if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
            socket->waitForReadyRead(0);
        if (const auto* queue = socket->findChild<RequestQueue*>(QString(), Qt::FindDirectChildrenOnly))
            *running = *running || queue->isBusy();
        if (socket->state() == QAbstractSocket::ConnectedState)
            pending = pending || socket->bytesAvailable() > 0 || socket->bytesToWrite() > 0;
    }
    return pending || *running;
}

} // namespace mood::api
