#include "RawConnection.h"

#include <QElapsedTimer>

#include <sys/socket.h>

namespace mood::test {

bool RawConnection::open(quint16 port, const QHostAddress& from)
{
    if (!from.isNull() && !m_socket.bind(from))
        return false;
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return m_socket.waitForConnected(5000);
}

void RawConnection::send(const QByteArray& bytes)
{
    m_socket.write(bytes);
    m_socket.waitForBytesWritten(5000);
}

void RawConnection::finishSending()
{
    m_socket.flush();
    ::shutdown(static_cast<int>(m_socket.socketDescriptor()), SHUT_WR);
}

std::optional<RawReply> RawConnection::parse()
{
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    RawReply reply;
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    reply.status = lines.value(0).split(' ').value(1).toInt();
    for (const QByteArray& line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            reply.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const qsizetype length = reply.headers.value("content-length").toLongLong();
    if (m_buffer.size() < headEnd + 4 + length)
        return std::nullopt;
    reply.body = m_buffer.mid(headEnd + 4, length);
    m_buffer.remove(0, headEnd + 4 + length);
    return reply;
}

std::optional<RawReply> RawConnection::next(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (true) {
        m_buffer += m_socket.readAll();
        if (auto reply = parse())
            return reply;
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0 || (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0))
            return std::nullopt;
        m_socket.waitForReadyRead(static_cast<int>(std::min<qint64>(left, 100)));
    }
}

bool RawConnection::waitClosed(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (m_socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
        if (m_socket.waitForReadyRead(100))
            m_buffer += m_socket.readAll();
    }
    return m_socket.state() != QAbstractSocket::ConnectedState;
}

bool RawConnection::receivesNothingWithin(int ms)
{
    if (m_socket.bytesAvailable() > 0 || !m_buffer.isEmpty())
        return false;
    return !m_socket.waitForReadyRead(ms) && m_socket.state() == QAbstractSocket::ConnectedState;
}

} // namespace mood::test
