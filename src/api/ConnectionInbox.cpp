#include "ConnectionInbox.h"

#include <QTcpSocket>

namespace mood::api {

ConnectionInbox::ConnectionInbox(QObject* parent)
    : QTcpServer(parent)
{
}

void ConnectionInbox::offer(QTcpSocket* socket)
{
    m_pending.append(socket);
    // What QAbstractHttpServer 6.4 listens to. The signal is private to QTcpServer, whose own emitter,
    // addPendingConnection(), feeds the queue that warns when the server does not listen.
    QMetaObject::invokeMethod(this, "pendingConnectionAvailable", Qt::DirectConnection);
}

QTcpSocket* ConnectionInbox::nextPendingConnection()
{
    return m_pending.isEmpty() ? nullptr : m_pending.takeFirst();
}

} // namespace mood::api
