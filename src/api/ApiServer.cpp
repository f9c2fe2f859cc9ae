#include "ApiServer.h"

#include "Api.h"
#include "ApiErrors.h"

#include <QAbstractHttpServer>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcServer, "mood.server")

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {

QList<QPair<QByteArray, QByteArray>> commonHeaders()
{
    return {{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}, {"X-Frame-Options", "DENY"}};
}

QByteArray reasonPhrase(int status)
{
    const QMetaEnum statuses = QMetaEnum::fromType<QHttpServerResponder::StatusCode>();
    const char* key = statuses.valueToKey(status);
    if (!key)
        return "Status";
    // "PayloadTooLarge" -> "Payload Too Large"
    QByteArray phrase;
    for (const char* c = key; *c; ++c) {
        if (c != key && *c >= 'A' && *c <= 'Z')
            phrase += ' ';
        phrase += *c;
    }
    return phrase;
}

// Answers written straight to the socket, for requests refused before QHttpServer sees them.
QByteArray rawResponse(const ApiResponse& response)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    out += "Content-Type: " + response.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto& [name, value] : commonHeaders() + response.headers)
        out += name + ": " + value + "\r\n";
    out += "Connection: close\r\n\r\n";
    return out + response.body;
}

QString clientAddress(const QHostAddress& peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : peer.toString();
}

// Watches one connection ahead of QHttpServer (its readyRead slot is connected first): enforces the body and
// header limits from the request head before any body is buffered, and closes idle connections.
class ConnectionGuard final : public QObject
{
public:
    ConnectionGuard(QTcpSocket* socket, const ServerOptions& options)
        : QObject(socket)
        , m_socket(socket)
        , m_options(options)
    {
        m_idle.setSingleShot(true);
        m_idle.setInterval(options.idleTimeoutMs);
        connect(&m_idle, &QTimer::timeout, this, [this] { m_socket->disconnectFromHost(); });
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::inspect);
        connect(socket, &QTcpSocket::bytesWritten, this, [this] {
            m_idle.start();
            // QHttpServer 6.4 ignores "Connection: close": close once the whole answer is out.
            if (m_closeWhenWritten && m_socket->bytesToWrite() == 0)
                m_socket->disconnectFromHost();
        });
        m_idle.start();
    }

private:
    void inspect()
    {
        m_idle.start();
        if (m_rejected) {
            m_socket->readAll(); // the rest of a refused request: nobody reads it
            return;
        }
        // QHttpServer reads everything available after this slot: what is here now is all new to us too.
        const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
        qsizetype at = 0;
        while (at < fresh.size() && !m_rejected) {
            if (m_bodyLeft > 0) {
                const qsizetype skip = std::min<qint64>(m_bodyLeft, fresh.size() - at);
                m_bodyLeft -= skip;
                at += skip;
                continue;
            }
            const qsizetype end = QByteArray(m_head + fresh.mid(at)).indexOf("\r\n\r\n");
            if (end < 0) {
                m_head += fresh.mid(at);
                if (m_head.size() > m_options.maxHeaderBytes)
                    reject(431, u"request headers too large"_s);
                return;
            }
            const qsizetype consumed = end + 4 - m_head.size();
            m_head += fresh.mid(at, consumed);
            at += consumed;
            if (m_head.size() > m_options.maxHeaderBytes)
                return reject(431, u"request headers too large"_s);
            headComplete();
            m_head.clear();
            m_path.clear();
        }
    }

    void headComplete()
    {
        const QList<QByteArray> lines = m_head.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        m_path = QString::fromLatin1(requestLine.value(1)).section(u'?', 0, 0);
        bool keepAlive = requestLine.value(2) != "HTTP/1.0";
        qint64 length = 0;
        for (const QByteArray& line : lines.mid(1)) {
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "connection")
                keepAlive = value.toLower() == "keep-alive" || (keepAlive && value.toLower() != "close");
            else if (name == "transfer-encoding" && value.toLower().contains("chunked"))
                return reject(411, u"send the body with a Content-Length"_s);
        }
        if (length > m_options.maxBodyBytes)
            return reject(413, QString());
        m_bodyLeft = length;
        m_closeWhenWritten = !keepAlive;
    }

    void reject(int status, const QString& text)
    {
        m_rejected = true;
        m_socket->readAll();  // QHttpServer must not see any of it
        if (m_path.isEmpty()) // the head never completed: the request line is still there
            m_path = QString::fromLatin1(m_head.left(m_head.indexOf('\n')).split(' ').value(1)).section(u'?', 0, 0);
        const Family family = errors::familyForPath(m_path);
        const ApiResponse response = status == 413
            ? errors::payloadTooLarge(family)
            : errors::make(family, status, family == Family::Logs ? QString() : text);
        m_socket->write(rawResponse(response));
        m_socket->disconnectFromHost();
    }

    QTcpSocket* m_socket;
    const ServerOptions& m_options;
    QTimer m_idle;
    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    QString m_path;
    bool m_rejected = false;
    bool m_closeWhenWritten = false;
};

// Accepts connections up to the cap and puts a guard on each before QHttpServer gets it.
class GuardedTcpServer final : public QTcpServer
{
public:
    GuardedTcpServer(const ServerOptions& options, QObject* parent)
        : QTcpServer(parent)
        , m_options(options)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto* socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        if (m_open >= m_options.maxConnections) {
            socket->write(rawResponse(errors::make(Family::Users, 503, u"too many connections"_s)));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            return;
        }
        ++m_open;
        connect(socket, &QObject::destroyed, this, [this] { --m_open; });
        new ConnectionGuard(socket, m_options);
        addPendingConnection(socket);
    }

private:
    const ServerOptions& m_options;
    int m_open = 0;
};

class HttpFrontend final : public QAbstractHttpServer
{
public:
    HttpFrontend(Api& api, const ServerOptions& options)
        : m_api(api)
        , m_options(options)
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override
    {
        ApiRequest apiRequest = toApiRequest(request, socket);
        ApiResponse response;
        if (apiRequest.body.size() > m_options.maxBodyBytes)
            response = errors::payloadTooLarge(errors::familyForPath(apiRequest.path));
        else
            response = m_api.handle(apiRequest); // an unknown method matches no route: 404 or 405 by path
        write(request, socket, response, apiRequest.method == "HEAD");
        return true;
    }

    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override
    {
        write(request, socket, errors::routeNotFound(), false);
    }

private:
    static QByteArray methodName(QHttpServerRequest::Method method)
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

    static ApiRequest toApiRequest(const QHttpServerRequest& request, QTcpSocket* socket)
    {
        ApiRequest out;
        out.method = methodName(request.method());
        out.path = request.url().path();
        out.query = request.query();
        out.body = request.body();
        for (const auto& [name, value] : request.headers())
            out.headers.insert(name.toLower(), value);
        out.clientAddress = clientAddress(request.remoteAddress());
        QByteArray host = out.headers.value("host");
        if (host.isEmpty())
            host = socket->localAddress().toString().toLatin1() + ':' + QByteArray::number(socket->localPort());
        out.baseUrl = u"http://"_s + QString::fromLatin1(host);
        return out;
    }

    static void write(const QHttpServerRequest& request, QTcpSocket* socket, const ApiResponse& response, bool headOnly)
    {
        QHttpServerResponder responder = makeResponder(request, socket);
        responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
        if (!response.contentType.isEmpty())
            responder.writeHeader("Content-Type", response.contentType);
        if (response.status != 204)
            responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
        for (const auto& [name, value] : commonHeaders() + response.headers)
            responder.writeHeader(name, value);
        responder.writeBody(headOnly ? QByteArray() : response.body);
    }

    Api& m_api;
    const ServerOptions& m_options;
};

} // namespace

// Everything that must live in the server thread.
class ServerWorker final : public QObject
{
public:
    ServerWorker(Services& services, const ServerOptions& options)
        : m_api(services, options.auth)
        , m_frontend(m_api, options)
        , m_options(options)
    {
    }

    Result<quint16> listen()
    {
        auto* tcp = new GuardedTcpServer(m_options, &m_frontend);
        if (!tcp->listen(m_options.address, m_options.port)) {
            const QString reason = tcp->errorString();
            delete tcp;
            return Error{
                ErrorKind::Conflict,
                u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString()).arg(m_options.port).arg(reason)};
        }
        m_frontend.bind(tcp); // takes ownership
        return tcp->serverPort();
    }

    // Stops accepting, then lets open connections finish what they already sent and flushes every answer,
    // for at most drainMs: a SIGTERM must not lose a response the database already committed.
    void closeAndDrain(int drainMs)
    {
        for (QTcpServer* server : m_frontend.servers()) {
            // Connections the kernel already accepted but Qt has not yet seen would die with the listener.
            for (int i = 0; i < m_options.maxConnections && server->waitForNewConnection(0); ++i) { }
            server->close();
        }
        const QDeadlineTimer deadline(drainMs);
        while (!deadline.hasExpired() && readAndCheckPendingWork())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }

    Api& api() { return m_api; }

private:
    // True while a connection has bytes to read or to send. Bytes a client sent just before the stop may
    // still sit in the kernel, invisible to bytesAvailable(): waitForReadyRead(0) takes them in (and hands
    // them to QHttpServer, which answers at once).
    bool readAndCheckPendingWork()
    {
        bool pending = false;
        for (QTcpSocket* socket : m_frontend.findChildren<QTcpSocket*>()) {
            if (socket->state() != QAbstractSocket::ConnectedState)
                continue;
            if (socket->bytesAvailable() == 0)
                socket->waitForReadyRead(0);
            pending = pending || socket->bytesAvailable() > 0 || socket->bytesToWrite() > 0;
        }
        return pending;
    }

    Api m_api;
    HttpFrontend m_frontend;
    const ServerOptions& m_options;
};

ApiServer::ApiServer(Services& services, ServerOptions options, QObject* parent)
    : QObject(parent)
    , m_services(services)
    , m_options(std::move(options))
{
    m_thread.setObjectName(u"moodboard-http"_s);
}

ApiServer::~ApiServer()
{
    stop();
}

Result<quint16> ApiServer::start()
{
    if (m_running)
        return m_port;
    m_thread.start();
    auto* anchor = new QObject;
    anchor->moveToThread(&m_thread);
    Result<quint16> result = Error{ErrorKind::Storage, u"the server thread did not start"_s};
    QMetaObject::invokeMethod(
        anchor,
        [&] {
            m_worker = new ServerWorker(m_services, m_options);
            result = m_worker->listen();
            if (!result) {
                delete m_worker;
                m_worker = nullptr;
            }
        },
        Qt::BlockingQueuedConnection);
    anchor->deleteLater();
    if (!result) {
        m_thread.quit();
        m_thread.wait();
        return result;
    }
    m_running = true;
    m_port = *result;
    (void)m_services.events.add(EventStore::kProductComponent,
                                QJsonObject{{u"address"_s, m_options.address.toString()}, {u"port"_s, m_port}},
                                QString(), u"server"_s, u"server started on port %1"_s.arg(m_port));
    return result;
}

void ApiServer::stop()
{
    if (!m_running)
        return;
    m_running = false;
    // Queued behind whatever the thread is doing: a request being handled finishes first.
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker] {
            worker->closeAndDrain(3000);
            delete worker;
        },
        Qt::BlockingQueuedConnection);
    m_worker = nullptr;
    m_thread.quit();
    m_thread.wait();
    (void)m_services.events.add(EventStore::kProductComponent, QJsonObject{{u"port"_s, m_port}}, QString(), u"server"_s,
                                u"server stopped"_s);
}

} // namespace mood::api
