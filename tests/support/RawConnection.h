#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QTcpSocket>

#include <optional>

namespace mood::test {

// One answer as it came over the wire.
struct RawReply {
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;

    QByteArray header(const QByteArray& lowerCaseName) const { return headers.value(lowerCaseName); }
};

// A plain TCP connection to the server, for what an HTTP client library will not send: broken framing,
// pipelining, half-closing, other source addresses (127.0.0.x all reach a 127.0.0.1 listener on Linux).
class RawConnection final
{
public:
    bool open(quint16 port, const QHostAddress& from = {}); // from: the local address to connect from
    void send(const QByteArray& bytes);
    // The next whole answer (headers and Content-Length bytes of body); nothing after timeoutMs.
    std::optional<RawReply> next(int timeoutMs = 10000);
    bool waitClosed(int timeoutMs = 5000); // true once the server closed the connection
    bool receivesNothingWithin(int ms);    // true when no byte arrives (and the connection stays open)
    void finishSending();                  // half-close: the server sees the end of the request stream
    QTcpSocket& socket() { return m_socket; }

private:
    std::optional<RawReply> parse();

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace mood::test
