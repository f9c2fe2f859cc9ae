#pragma once

#include "HttpCall.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace mood::client {

// Sends HttpCalls to one server through a QNetworkAccessManager on the thread that owns it (the GUI thread's
// event loop: nothing ever blocks). Every write carries an Idempotency-Key; a call whose connection was lost is
// sent once more with the same key, so the server never records it twice. Held by std::shared_ptr (create()):
// calls in flight keep it alive, so the backend that asked may go first.
class HttpTransport final
    : public QObject
    , public std::enable_shared_from_this<HttpTransport>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpTransport)

public:
    using Handler = std::function<void(const HttpAnswer&)>;

    static std::shared_ptr<HttpTransport> create(const QUrl& server, int timeoutMs);
    ~HttpTransport() override;

    QUrl server() const { return m_server; }
    // done runs on this object's thread exactly once, with the answer or the failure.
    void send(HttpCall call, Handler done);

    static constexpr int kRetryDelayMs = 300;

private:
    struct Exchange;
    HttpTransport(const QUrl& server, int timeoutMs);
    void attempt(const std::shared_ptr<Exchange>& exchange);
    QUrl urlFor(const HttpCall& call) const;

    QNetworkAccessManager m_network;
    QUrl m_server;
    int m_timeoutMs;
    bool m_hasAnswered = false; // once the server answered, a refused connection means it went away
};

} // namespace mood::client
