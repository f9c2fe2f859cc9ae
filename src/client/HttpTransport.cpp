#include "HttpTransport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <QUuid>

namespace mood::client {

using namespace Qt::StringLiterals;

struct HttpTransport::Exchange {
    HttpCall call;
    Handler done;
    QByteArray idempotencyKey;
    bool retried = false;
    std::shared_ptr<HttpTransport> keepAlive; // until the answer is delivered
};

namespace {
HttpAnswer::Failure failureOf(QNetworkReply::NetworkError error, bool hasAnswered)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::UnknownNetworkError:
        // Refused after the server answered in this session: it went away while we were signed in.
        return hasAnswered ? HttpAnswer::Failure::ConnectionLost : HttpAnswer::Failure::Unreachable;
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::ProxyConnectionClosedError:
        return HttpAnswer::Failure::ConnectionLost;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::OperationCanceledError: // what the transfer timeout reports
        return HttpAnswer::Failure::TimedOut;
    default:
        return HttpAnswer::Failure::Broken;
    }
}

HttpAnswer answerOf(QNetworkReply* reply, bool hasAnswered)
{
    HttpAnswer answer;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() > 0 && reply->error() != QNetworkReply::RemoteHostClosedError
        && reply->error() != QNetworkReply::OperationCanceledError) {
        answer.status = status.toInt();
        answer.body = reply->readAll();
        QJsonParseError parseError{};
        answer.json = QJsonDocument::fromJson(answer.body, &parseError);
        return answer;
    }
    answer.failure = failureOf(reply->error(), hasAnswered);
    answer.networkError = reply->errorString();
    return answer;
}
} // namespace

std::shared_ptr<HttpTransport> HttpTransport::create(const QUrl& server, int timeoutMs)
{
    // Deleted from the event loop: the last owner may be a reply's slot, inside the manager's own code.
    return std::shared_ptr<HttpTransport>(new HttpTransport(server, timeoutMs),
                                          [](HttpTransport* transport) { transport->deleteLater(); });
}

HttpTransport::HttpTransport(const QUrl& server, int timeoutMs)
    : m_server(server)
    , m_timeoutMs(timeoutMs)
{
    m_network.setParent(this);
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy); // the API never redirects
}

HttpTransport::~HttpTransport() = default;

QUrl HttpTransport::urlFor(const HttpCall& call) const
{
    QUrl url = m_server;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + call.path);
    url.setQuery(call.query);
    url.setFragment({});
    return url;
}

void HttpTransport::send(HttpCall call, Handler done)
{
    auto exchange = std::make_shared<Exchange>();
    exchange->call = std::move(call);
    exchange->done = std::move(done);
    if (exchange->call.isWrite())
        exchange->idempotencyKey = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    exchange->keepAlive = shared_from_this();
    attempt(exchange);
}

void HttpTransport::attempt(const std::shared_ptr<Exchange>& exchange)
{
    const HttpCall& call = exchange->call;
    QNetworkRequest request(urlFor(call));
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (!call.bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + call.bearerToken);
    if (!exchange->idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", exchange->idempotencyKey);
    QByteArray payload;
    if (!call.rawContentType.isEmpty()) {
        request.setRawHeader("Content-Type", call.rawContentType);
        payload = call.rawBody;
    } else if (call.body) {
        request.setRawHeader("Content-Type", "application/json");
        payload = call.body->isArray() ? QJsonDocument(call.body->toArray()).toJson(QJsonDocument::Compact)
                                       : QJsonDocument(call.body->toObject()).toJson(QJsonDocument::Compact);
    }
    QNetworkReply* reply = call.method == "GET" ? m_network.get(request)
        : call.method == "DELETE" && !call.body ? m_network.deleteResource(request)
                                                : m_network.sendCustomRequest(request, call.method, payload);
    connect(reply, &QNetworkReply::finished, this, [this, reply, exchange] {
        reply->deleteLater();
        HttpAnswer answer = answerOf(reply, m_hasAnswered);
        if (answer.failure == HttpAnswer::Failure::ConnectionLost && !exchange->retried) {
            // Once more, with the same Idempotency-Key: if the first one was stored, the server answers as it did.
            exchange->retried = true;
            QTimer::singleShot(kRetryDelayMs, this, [this, exchange] { attempt(exchange); });
            return;
        }
        if (answer.answered())
            m_hasAnswered = true;
        answer.retried = exchange->retried;
        auto done = std::move(exchange->done);
        auto keepAlive = std::move(exchange->keepAlive);
        done(answer);
    });
}

} // namespace mood::client
