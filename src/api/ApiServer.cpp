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
#include <QMutex>
#include <QPointer>
#include <QSemaphore>
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

// Takes connections the acceptor handed to this handler thread and gives them, guarded, to QHttpServer, which
// takes connections only from a bound QTcpServer. This one never listens, so it keeps its own queue.
class ConnectionInbox final : public QTcpServer
{
public:
    ConnectionInbox(const ServerOptions& options, std::atomic<int>& openConnections, QObject* parent)
        : QTcpServer(parent)
        , m_options(options)
        , m_openConnections(openConnections)
    {
    }

    void adopt(qintptr descriptor)
    {
        auto* socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            --m_openConnections;
            return;
        }
        connect(socket, &QObject::destroyed, socket, [&open = m_openConnections] { --open; });
        new ConnectionGuard(socket, m_options);
        m_pending.append(socket);
        // What QAbstractHttpServer 6.4 listens to. The signal is private to QTcpServer, whose own emitter,
        // addPendingConnection(), feeds the queue that warns when the server does not listen.
        QMetaObject::invokeMethod(this, "pendingConnectionAvailable", Qt::DirectConnection);
    }

    bool hasPendingConnections() const override { return !m_pending.isEmpty(); }
    QTcpSocket* nextPendingConnection() override { return m_pending.isEmpty() ? nullptr : m_pending.takeFirst(); }

private:
    const ServerOptions& m_options;
    std::atomic<int>& m_openConnections;
    QList<QTcpSocket*> m_pending;
};

// QAbstractHttpServer::bind() warns about a QTcpServer that does not listen, which a ConnectionInbox never
// does by design: while one of these lives, warnings of the category qt.httpserver are off.
class QuietHttpServerWarnings final
{
public:
    QuietHttpServerWarnings()
        : m_lock(&s_mutex)
    {
        s_previous = QLoggingCategory::installFilter(&filter);
    }
    ~QuietHttpServerWarnings() { QLoggingCategory::installFilter(s_previous); }
    Q_DISABLE_COPY_MOVE(QuietHttpServerWarnings)

private:
    static void filter(QLoggingCategory* category)
    {
        if (s_previous)
            s_previous(category);
        if (qstrcmp(category->categoryName(), "qt.httpserver") == 0)
            category->setEnabled(QtWarningMsg, false);
    }

    static inline QMutex s_mutex;
    static inline QLoggingCategory::CategoryFilter s_previous = nullptr;
    QMutexLocker<QMutex> m_lock;
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

// Everything that lives in one handler thread.
class ServerWorker final : public QObject
{
public:
    ServerWorker(Api& api, const ServerOptions& options, std::atomic<int>& openConnections)
        : m_frontend(api, options)
        , m_inbox(new ConnectionInbox(options, openConnections, &m_frontend))
    {
        const QuietHttpServerWarnings quiet;
        m_frontend.bind(m_inbox); // takes ownership
    }

    void adopt(qintptr descriptor) { m_inbox->adopt(descriptor); }

    // Lets open connections finish what they already sent and flushes every answer, for at most drainMs:
    // a SIGTERM must not lose a response the database already committed.
    void drain(int drainMs)
    {
        const QDeadlineTimer deadline(drainMs);
        while (!deadline.hasExpired() && readAndCheckPendingWork())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }

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

    HttpFrontend m_frontend;
    ConnectionInbox* m_inbox; // owned by m_frontend
};

// Listens, refuses connections beyond the cap, and deals the others out to the handler threads in turn.
class ConnectionAcceptor final : public QTcpServer
{
public:
    ConnectionAcceptor(const ServerOptions& options, std::atomic<int>& openConnections,
                       const std::vector<ServerWorker*>& workers)
        : m_options(options)
        , m_openConnections(openConnections)
        , m_workers(workers)
    {
    }

    // Connections the kernel already accepted but Qt has not yet seen would die with the listener: take
    // them in first. Each is queued to its handler thread ahead of that thread's drain.
    void closeAfterBacklog()
    {
        for (int i = 0; i < m_options.maxConnections && waitForNewConnection(0); ++i) { }
        close();
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (m_openConnections.fetch_add(1) >= m_options.maxConnections) {
            --m_openConnections;
            auto* socket = new QTcpSocket(this);
            if (!socket->setSocketDescriptor(descriptor)) {
                delete socket;
                return;
            }
            socket->write(rawResponse(errors::make(Family::Users, 503, u"too many connections"_s)));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            return;
        }
        ServerWorker* worker = m_workers[m_next];
        m_next = (m_next + 1) % m_workers.size();
        QMetaObject::invokeMethod(
            worker, [worker, descriptor] { worker->adopt(descriptor); }, Qt::QueuedConnection);
    }

private:
    const ServerOptions& m_options;
    std::atomic<int>& m_openConnections;
    const std::vector<ServerWorker*>& m_workers;
    size_t m_next = 0;
};

namespace {
// Runs fn in thread, which must be running, and waits for it.
template <typename Fn>
void runInThread(QThread& thread, Fn fn)
{
    auto* anchor = new QObject;
    anchor->moveToThread(&thread);
    QMetaObject::invokeMethod(anchor, std::move(fn), Qt::BlockingQueuedConnection);
    anchor->deleteLater();
}

int handlerThreadCount(const ServerOptions& options)
{
    return options.handlerThreads > 0 ? options.handlerThreads : std::clamp(QThread::idealThreadCount(), 2, 8);
}
} // namespace

ApiServer::ApiServer(Services& services, ServerOptions options, QObject* parent)
    : QObject(parent)
    , m_services(services)
    , m_options(std::move(options))
{
    m_acceptorThread.setObjectName(u"moodboard-http"_s);
}

ApiServer::~ApiServer()
{
    stop();
}

Result<quint16> ApiServer::start()
{
    if (m_running)
        return m_port;
    m_api = std::make_unique<Api>(m_services, m_options.auth);
    for (int i = 0; i < handlerThreadCount(m_options); ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(u"moodboard-http-%1"_s.arg(i + 1));
        thread->start();
        runInThread(*thread, [&] { m_workers.push_back(new ServerWorker(*m_api, m_options, m_openConnections)); });
        m_handlerThreads.push_back(std::move(thread));
    }

    m_acceptorThread.start();
    Result<quint16> result = Error{ErrorKind::Storage, u"the server thread did not start"_s};
    runInThread(m_acceptorThread, [&] {
        auto acceptor = std::make_unique<ConnectionAcceptor>(m_options, m_openConnections, m_workers);
        if (!acceptor->listen(m_options.address, m_options.port)) {
            result = Error{ErrorKind::Conflict,
                           u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString())
                               .arg(m_options.port)
                               .arg(acceptor->errorString())};
            return;
        }
        result = acceptor->serverPort();
        m_acceptor = acceptor.release();
    });
    if (!result) {
        stopThreads();
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
    stopThreads();
    (void)m_services.events.add(EventStore::kProductComponent, QJsonObject{{u"port"_s, m_port}}, QString(), u"server"_s,
                                u"server stopped"_s);
}

void ApiServer::stopThreads()
{
    if (m_acceptor) {
        runInThread(m_acceptorThread, [acceptor = m_acceptor] {
            acceptor->closeAfterBacklog();
            delete acceptor;
        });
        m_acceptor = nullptr;
    }
    m_acceptorThread.quit();
    m_acceptorThread.wait();

    // All handler threads drain at once; each first handles whatever is queued to it, connections included.
    QSemaphore drained;
    for (ServerWorker* worker : m_workers) {
        QMetaObject::invokeMethod(
            worker,
            [worker, &drained] {
                worker->drain(3000);
                delete worker;
                drained.release();
            },
            Qt::QueuedConnection);
    }
    drained.acquire(static_cast<int>(m_workers.size()));
    m_workers.clear();
    for (const auto& thread : m_handlerThreads) {
        thread->quit();
        thread->wait();
    }
    m_handlerThreads.clear();
    m_api.reset();
}

} // namespace mood::api
