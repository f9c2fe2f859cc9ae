#include "HttpFrontend.h"

#include "ClientAddress.h"
#include "QuietHttpServerWarnings.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QTcpServer>
#include <QTcpSocket>

namespace mood::api {

namespace {
QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    default:
        return "UNKNOWN";
    }
}

ApiRequest toApiRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    ApiRequest out;
    out.method = methodName(request.method());
    out.path = request.url().path();
    out.query = request.query();
    out.body = request.body();
    for (const auto& [name, value] : request.headers())
        out.headers.insert(name.toLower(), value);
    out.clientAddress = clientAddress::display(socket->peerAddress());
    return out; // baseUrl: set by BrowserGuard, from a Host it checked
}
} // namespace

class HttpFrontend::Server final : public QAbstractHttpServer
{
public:
    explicit Server(Sink sink)
        : m_sink(std::move(sink))
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override
    {
        m_sink(socket, toApiRequest(request, socket)); // the request object is reused: copy, never keep
        return true;
    }

    void missingHandler(const QHttpServerRequest&, QTcpSocket*) override { } // handleRequest takes everything

private:
    Sink m_sink;
};

HttpFrontend::HttpFrontend(Sink sink)
    : m_server(std::make_unique<Server>(std::move(sink)))
{
}

HttpFrontend::~HttpFrontend() = default;

void HttpFrontend::bind(QTcpServer* server)
{
    const QuietHttpServerWarnings quiet;
    m_server->bind(server);
}

QObject* HttpFrontend::object() const
{
    return m_server.get();
}

} // namespace mood::api
