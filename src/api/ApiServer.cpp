#include "ApiServer.h"

#include "Api.h"
#include "BrowserGuard.h"
#include "ConnectionAcceptor.h"
#include "ConnectionLimits.h"
#include "RequestRunner.h"
#include "ServerWorker.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QSemaphore>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcServer, "mood.server")

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr int kDrainIoMs = 3000;              // for bytes clients sent just before the stop, and answers to flush
constexpr int kDrainRunningMs = 30000;        // more for requests already running (a busy database)
constexpr int kParserHeaderLimit = 79 * 1024; // QHttpServer 6.4's parser refuses heads of 80 KiB

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

int requestThreadCount(const ServerOptions& options)
{
    // Mostly waiting (for the database, or for a place at the Argon2id gate): more threads than cores.
    return options.requestThreads > 0 ? options.requestThreads : std::clamp(4 * QThread::idealThreadCount(), 8, 32);
}
} // namespace

ApiServer::ApiServer(Services& services, ServerOptions options, QObject* parent)
    : QObject(parent)
    , m_services(services)
    , m_options(std::move(options))
{
    m_options.maxHeaderBytes = std::min(m_options.maxHeaderBytes, kParserHeaderLimit);
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
    m_limits = std::make_unique<ConnectionLimits>(m_options.maxConnections, m_options.maxConnectionsPerClient);
    m_runner = std::make_unique<RequestRunner>(*m_api, BrowserGuard(m_options.address, m_options.publicHosts),
                                               m_options.maxBodyBytes, requestThreadCount(m_options));
    for (int i = 0; i < handlerThreadCount(m_options); ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(u"moodboard-http-%1"_s.arg(i + 1));
        thread->start();
        runInThread(*thread, [&] { m_workers.push_back(new ServerWorker(*m_api, *m_runner, *m_limits, m_options)); });
        m_handlerThreads.push_back(std::move(thread));
    }

    m_acceptorThread.start();
    Result<quint16> result = Error{ErrorKind::Storage, u"the server thread did not start"_s};
    runInThread(m_acceptorThread, [&] {
        auto acceptor = std::make_unique<ConnectionAcceptor>(*m_limits, m_workers, m_options.maxConnections);
        if (!acceptor->listen(m_options.address, m_options.port)) {
            result = Error{ErrorKind::Conflict,
                           u"cannot listen on %1:%2: %3"_s.arg(m_options.address.toString())
                               .arg(m_options.port)
                               .arg(acceptor->errorString())};
            return;
        }
        result = acceptor->serverPort();
        m_acceptor = acceptor.release();
        // Failed logins are written in batches; this writes a batch that is due even when no request comes.
        m_housekeeping = new QTimer;
        m_housekeeping->setInterval(static_cast<int>(std::max<qint64>(1, m_options.auth.failureEventSeconds)) * 1000);
        connect(m_housekeeping, &QTimer::timeout, m_housekeeping, [api = m_api.get(), runner = m_runner.get()] {
            runner->runTask([api] { api->authenticator().flushFailedLoginsIfDue(); });
        });
        m_housekeeping->start();
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
    if (m_acceptorThread.isRunning()) {
        runInThread(m_acceptorThread, [acceptor = m_acceptor, timer = m_housekeeping] {
            delete timer;
            if (acceptor) {
                acceptor->closeAfterBacklog();
                delete acceptor;
            }
        });
    }
    m_acceptor = nullptr;
    m_housekeeping = nullptr;
    m_acceptorThread.quit();
    m_acceptorThread.wait();

    // All handler threads drain at once; each first handles whatever is queued to it, connections included.
    QSemaphore drained;
    for (ServerWorker* worker : m_workers) {
        QMetaObject::invokeMethod(
            worker,
            [worker, &drained] {
                worker->drain(kDrainIoMs, kDrainRunningMs);
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
    if (m_runner)
        m_runner->waitForDone(); // requests whose clients are gone still finish: nothing half done
    if (m_api)
        m_api->authenticator().flushFailedLogins();
    m_runner.reset();
    m_api.reset();
    m_limits.reset();
}

} // namespace mood::api
