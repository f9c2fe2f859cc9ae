#pragma once

#include "ApiTypes.h"
#include "RequestHeadScanner.h"
#include "RequestRunner.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <memory>
#include <optional>

class QTcpSocket;

namespace mood::api {

class ReplyPort;
class RequestRunner;

// The requests of one connection, answered in the order they came (HTTP/1.1 pipelining): one runs on the
// RequestRunner's pool at a time, the answer is written from the socket's thread, then the next one starts.
// Lives as a child of its socket: when the client goes, so does the queue, and an answer computed after that
// is dropped (see ReplyPort and the QPointer in startNext()).
class RequestQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestQueue)

public:
    // maxWaiting, maxWaitingBytes: how many pipelined requests, and how many body bytes in all, may wait behind
    // the one running; a connection that sends more is closed after the answers to those kept.
    RequestQueue(QTcpSocket* socket, RequestRunner& runner, std::shared_ptr<ReplyPort> port, int maxWaiting,
                 qint64 maxWaitingBytes);

    // From ConnectionGuard, which reads every head before QHttpServer: how each request wants its connection.
    void expectHead(const RequestHead& head);
    // From QHttpServer, in the same order.
    void push(ApiRequest request);
    // From ConnectionGuard: after the answers already due, this one, then the connection closes. ownHeads: how
    // many of the heads read but not delivered belong to the refused request (1 when its body was cut short).
    // When other requests QHttpServer will now never deliver were read, nothing is answered to them: the
    // connection just closes after the answers due, so that no client takes this answer for one of theirs.
    void refuse(const ApiResponse& answer, int ownHeads);

    // From ConnectionGuard: a request has begun that QHttpServer has not delivered yet.
    void setPartialRequest(bool partial) { m_partial = partial; }

    void closeConnection(); // no more answers on this connection: close once what is written is out
    bool closedByServer() const { return m_closed; }
    bool isBusy() const { return m_running || !m_waiting.isEmpty(); }
    void beginDrain() { m_draining = true; } // the server stops: the last answer due says Connection: close

private:
    struct Waiting {
        ServerRequest request;
        RequestHead head;
    };

    void startNext();
    void finished(const RequestHead& head, const ApiResponse& response);
    void write(const ApiResponse& response, const RequestHead& head, bool close);
    void finishIfIdle();

    QTcpSocket* m_socket;
    RequestRunner& m_runner;
    std::shared_ptr<ReplyPort> m_port;
    const int m_maxWaiting;
    const qint64 m_maxWaitingBytes;
    qint64 m_waitingBytes = 0;
    QList<RequestHead> m_heads; // read by the guard, not yet delivered by QHttpServer
    QList<Waiting> m_waiting;
    bool m_running = false;
    bool m_acceptsMore = true; // false after a request that asked to close, or too many waiting
    std::optional<ApiResponse> m_refusal;
    bool m_closeWhenIdle = false;
    bool m_closed = false;
    bool m_draining = false;
    bool m_partial = false;
};

} // namespace mood::api
