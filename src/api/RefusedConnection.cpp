#include "RefusedConnection.h"

#include "HttpWire.h"

#include <QTcpSocket>
#include <QTimer>

namespace mood::api {

namespace {
constexpr int kLingerMs = 200; // for the request the client sends right after connecting
}

void refuseConnection(QTcpSocket* socket, const ApiResponse& answer)
{
    wire::Framing framing;
    framing.close = true;
    socket->write(wire::serialize(answer, framing));
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
        socket->readAll();
        socket->disconnectFromHost();
    });
    QTimer::singleShot(kLingerMs, socket, [socket] {
        socket->readAll();
        socket->disconnectFromHost();
    });
}

} // namespace mood::api
