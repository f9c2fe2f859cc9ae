#include "ConnectionAcceptor.h"

#include "ApiErrors.h"
#include "ConnectionLimits.h"
#include "RefusedConnection.h"
#include "ServerWorker.h"

#include <QTcpSocket>

namespace mood::api {

using namespace Qt::StringLiterals;

ConnectionAcceptor::ConnectionAcceptor(ConnectionLimits& limits, const std::vector<ServerWorker*>& workers, int backlog)
    : m_limits(limits)
    , m_workers(workers)
    , m_backlog(backlog)
{
}

void ConnectionAcceptor::closeAfterBacklog()
{
    for (int i = 0; i < m_backlog && waitForNewConnection(0); ++i) { }
    close();
}

void ConnectionAcceptor::incomingConnection(qintptr descriptor)
{
    if (!m_limits.takeTotal()) {
        auto* socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        refuseConnection(socket, errors::make(Family::Users, 503, u"too many connections"_s));
        return;
    }
    ServerWorker* worker = m_workers[m_next];
    m_next = (m_next + 1) % m_workers.size();
    QMetaObject::invokeMethod(
        worker, [worker, descriptor] { worker->adopt(descriptor); }, Qt::QueuedConnection);
}

} // namespace mood::api
