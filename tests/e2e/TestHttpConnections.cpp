#include "Database.h"
#include "RawConnection.h"
#include "TestServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <memory>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
const QByteArray kHost = "Host: 127.0.0.1\r\n";
const QByteArray kAlice = "Authorization: Basic " + QByteArray("alice:password123").toBase64() + "\r\n";

QByteArray post(const QByteArray& path, const QByteArray& body, const QByteArray& extra = {})
{
    return "POST " + path + " HTTP/1.1\r\n" + kHost + kAlice + "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" + body;
}

QByteArray get(const QByteArray& path)
{
    return "GET " + path + " HTTP/1.1\r\n" + kHost + kAlice + "\r\n";
}

// Holds the write lock that recording a mood needs, from a thread of its own, until released (or holdMs passed):
// a request that needs it waits in the database, as behind a busy server sharing it.
class DatabaseLock final
{
public:
    DatabaseLock(Database& database, bool postgres, int holdMs)
        : m_thread(QThread::create([this, &database, postgres, holdMs] {
            WriteTransaction lock(database);
            bool ok = lock.begin().ok();
            if (ok && postgres)
                ok = sql::exec(lock.db(), u"SELECT id FROM users WHERE username = 'alice' FOR UPDATE"_s).ok();
            m_ok = ok;
            m_held.release();
            m_release.tryAcquire(1, holdMs);
            (void)lock.commit();
        }))
    {
        m_thread->start();
        m_held.acquire();
    }
    ~DatabaseLock()
    {
        release();
        m_thread->wait();
    }
    bool ok() const { return m_ok; }
    void release() { m_release.release(); }

private:
    QSemaphore m_held;
    QSemaphore m_release;
    std::atomic<bool> m_ok{false};
    std::unique_ptr<QThread> m_thread;
};
} // namespace

// The connection level of the server over real sockets: framing, slow clients, caps, order, drain.
class TestHttpConnections final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void contentLengthDisagreementsAre400_data();
    void contentLengthDisagreementsAre400();
    void bodyShorterThanItsLengthIs400();
    void requestCutShortIsNeverProcessed();
    void malformedFramingIs400_data();
    void malformedFramingIs400();
    void slowHeadersAreCutOffAtTheDeadline();
    void connectionsPerClientAreCapped();
    void slowRequestHoldsUpOnlyItsOwnConnection();
    void pipelinedRequestsAreAnsweredInOrder();
    void pipelinedAfterASlowOneWaitTheirTurn();
    void pipelineDepthIsBounded();
    void clientGoneMidRequestLosesNothing();
    void stopAnswersRequestsStillRunning();

private:
    bool restart(api::ServerOptions options);
    qint64 moods()
    {
        QSqlQuery q = m_server.scratch().exec(u"SELECT COUNT(*) FROM moods"_s);
        return q.next() ? q.value(0).toLongLong() : -1;
    }
    bool isPostgres() const { return m_backend == QLatin1String(test::kPostgres); }

    test::TestServer m_server;
    QString m_backend;
};

void TestHttpConnections::initTestCase_data()
{
    test::addBackendRows();
}

void TestHttpConnections::init()
{
    MOOD_FETCH_BACKEND(backend);
    m_backend = backend;
    api::ServerOptions options;
    options.maxBodyBytes = 4096;
    QVERIFY(restart(options));
}

void TestHttpConnections::cleanup()
{
    m_server.stop();
}

bool TestHttpConnections::restart(api::ServerOptions options)
{
    if (!m_server.start(m_backend, options)) {
        qWarning("%s", qPrintable(m_server.error()));
        return false;
    }
    return m_server.addUser(u"alice"_s) > 0;
}

void TestHttpConnections::contentLengthDisagreementsAre400_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("body");
    const QByteArray user = R"({"username":"bob","password":"password123"})";
    QTest::newRow("not a number") << QByteArray("Content-Length: abc\r\n") << user;
    QTest::newRow("negative") << QByteArray("Content-Length: -5\r\n") << user;
    QTest::newRow("fraction") << QByteArray("Content-Length: 4.5\r\n") << user;
    QTest::newRow("empty") << QByteArray("Content-Length:\r\n") << user;
    QTest::newRow("twice, different") << "Content-Length: 2\r\nContent-Length: " + QByteArray::number(user.size())
            + "\r\n" << user;
    QTest::newRow("twice, the same") << "Content-Length: " + QByteArray::number(user.size())
            + "\r\nContent-Length: " + QByteArray::number(user.size())
            + "\r\n" << user;
    QTest::newRow("a list") << "Content-Length: " + QByteArray::number(user.size()) + ", "
            + QByteArray::number(user.size())
            + "\r\n" << user;
}

void TestHttpConnections::contentLengthDisagreementsAre400()
{
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, body);
    test::RawConnection connection;
    QVERIFY(connection.open(m_server.port()));
    connection.send("POST /user HTTP/1.1\r\n" + kHost + "Content-Type: application/json\r\n" + headers + "\r\n" + body
                    + get("/health"));
    const auto reply = connection.next();
    QVERIFY(reply.has_value());
    QCOMPARE(reply->status, 400);
    QCOMPARE(reply->header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply->header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(reply->header("cache-control"), QByteArray("no-store"));
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY2(QJsonDocument::fromJson(reply->body).object().contains(u"error"_s), reply->body.constData());
    QVERIFY(connection.waitClosed()); // never a second request read from a guessed boundary
    QVERIFY(!connection.next(200));
    QSqlQuery q = m_server.scratch().exec(u"SELECT COUNT(*) FROM users WHERE username = 'bob'"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestHttpConnections::bodyShorterThanItsLengthIs400()
{
    // The client announces 40 bytes and sends 10: once the connection is idle, the request gets its 400.
    api::ServerOptions options;
    options.idleTimeoutMs = 300;
    QVERIFY(restart(options));
    test::RawConnection connection;
    QVERIFY(connection.open(m_server.port()));
    connection.send("POST /logs HTTP/1.1\r\n" + kHost + kAlice
                    + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n[{\"userId\"");
    const auto reply = connection.next();
    QVERIFY(reply.has_value());
    QCOMPARE(reply->status, 400);
    QCOMPARE(reply->body, QByteArray(R"({"code":"BAD_REQUEST","success":false})"));
    QCOMPARE(reply->header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QVERIFY(connection.waitClosed());
    QSqlQuery q = m_server.scratch().exec(u"SELECT COUNT(*) FROM ui_logs"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestHttpConnections::requestCutShortIsNeverProcessed()
{
    // The client stops sending before the announced bytes (half-close). Qt 6.4 closes such a socket as soon as
    // it reads the end of input, so no answer can go back; the request must not be handed on either.
    test::RawConnection connection;
    QVERIFY(connection.open(m_server.port()));
    const QByteArray body = R"({"mood": "CHEERFUL"})";
    connection.send("POST /mood HTTP/1.1\r\n" + kHost + kAlice + "Content-Type: application/json\r\nContent-Length: "
                    + QByteArray::number(body.size() + 10) + "\r\n\r\n" + body);
    connection.finishSending();
    QVERIFY(connection.waitClosed());
    QCOMPARE(moods(), 0);
    test::RawConnection other; // the server is fine for everyone else
    QVERIFY(other.open(m_server.port()));
    other.send(get("/health"));
    QCOMPARE(other.next()->status, 200);
}

void TestHttpConnections::malformedFramingIs400_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("bare LF") << QByteArray("GET /health HTTP/1.1\nHost: 127.0.0.1\n\n") << 400;
    QTest::newRow("folded header") << "GET /health HTTP/1.1\r\n" + kHost + "X-A: 1\r\n  2\r\n\r\n" << 400;
    QTest::newRow("space before colon") << QByteArray("GET /health HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n") << 400;
    QTest::newRow("no Host") << QByteArray("GET /health HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two Hosts") << "GET /health HTTP/1.1\r\n" + kHost + kHost + "\r\n" << 400;
    QTest::newRow("other transfer coding") << "POST /mood HTTP/1.1\r\n" + kHost + "Transfer-Encoding: gzip\r\n\r\n"
                                           << 400;
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 404;
    QTest::newRow("unknown method, known path") << "BREW /mood HTTP/1.1\r\n" + kHost + "\r\n" << 405;
    QTest::newRow("unknown method, unknown path") << "BREW /pot HTTP/1.1\r\n" + kHost + "\r\n" << 404;
    QTest::newRow("version") << "GET /health HTTP/3.0\r\n" + kHost + "\r\n" << 505;
}

void TestHttpConnections::malformedFramingIs400()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    test::RawConnection connection;
    QVERIFY(connection.open(m_server.port()));
    connection.send(request);
    const auto reply = connection.next();
    QVERIFY(reply.has_value());
    QCOMPARE(reply->status, status);
    QCOMPARE(reply->header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply->header("cache-control"), QByteArray("no-store"));
    QVERIFY(connection.waitClosed());
}

void TestHttpConnections::slowHeadersAreCutOffAtTheDeadline()
{
    api::ServerOptions options;
    options.headerTimeoutMs = 300;
    options.idleTimeoutMs = 60000; // a byte now and then would keep an idle timer alive forever
    QVERIFY(restart(options));
    test::RawConnection slow;
    QVERIFY(slow.open(m_server.port()));
    slow.send("GET /events HTTP/1.1\r\n" + kHost);
    QByteArray answer;
    QElapsedTimer sending;
    sending.start();
    for (int i = 0; i < 200 && slow.socket().state() == QAbstractSocket::ConnectedState; ++i) {
        slow.socket().write("X-Slow-" + QByteArray::number(i) + ": a\r\n"); // never the empty line that ends it
        slow.socket().waitForReadyRead(50);
        answer += slow.socket().readAll();
    }
    QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
    QVERIFY(answer.endsWith(R"({"message":"the request headers did not arrive in time"})"));
    QVERIFY(answer.contains("X-Content-Type-Options: nosniff"));
    QVERIFY(slow.waitClosed());
    QVERIFY2(sending.elapsed() < 20000, "closed by the header deadline, not by the idle timer");
    // A connection that completes its heads in time is not affected.
    test::RawConnection fine;
    QVERIFY(fine.open(m_server.port()));
    for (int i = 0; i < 3; ++i) {
        fine.send(get("/health"));
        QCOMPARE(fine.next()->status, 200);
    }
}

void TestHttpConnections::connectionsPerClientAreCapped()
{
    api::ServerOptions options;
    options.maxConnections = 8;
    options.maxConnectionsPerClient = 3;
    QVERIFY(restart(options));
    std::vector<std::unique_ptr<test::RawConnection>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<test::RawConnection>());
        QVERIFY(held.back()->open(m_server.port()));
        held.back()->send(get("/health"));
        QCOMPARE(held.back()->next()->status, 200);
    }
    test::RawConnection fourth;
    QVERIFY(fourth.open(m_server.port()));
    fourth.send(get("/health"));
    const auto refused = fourth.next();
    QVERIFY(refused.has_value());
    QCOMPARE(refused->status, 429);
    QCOMPARE(refused->body, QByteArray(R"({"error":"too many connections from this address"})"));
    QCOMPARE(refused->header("x-content-type-options"), QByteArray("nosniff"));
    QVERIFY(fourth.waitClosed());
    // Another address still gets in: one client cannot take every place of the global cap.
    test::RawConnection other;
    QVERIFY(other.open(m_server.port(), QHostAddress(u"127.0.0.2"_s)));
    other.send(get("/health"));
    QCOMPARE(other.next()->status, 200);
    // A place that frees up is a place again (once the server has seen the close).
    held.pop_back();
    bool servedAgain = false;
    for (int attempt = 0; attempt < 100 && !servedAgain; ++attempt) {
        test::RawConnection again;
        QVERIFY(again.open(m_server.port()));
        again.send(get("/health"));
        const auto reply = again.next(2000);
        servedAgain = reply && reply->status == 200;
        if (!servedAgain)
            QTest::qWait(20);
    }
    QVERIFY(servedAgain);
}

void TestHttpConnections::slowRequestHoldsUpOnlyItsOwnConnection()
{
    api::ServerOptions options;
    options.handlerThreads = 1; // both connections share the one socket thread
    QVERIFY(restart(options));
    DatabaseLock lock(m_server.scratch().db(), isPostgres(), 30000);
    QVERIFY(lock.ok());
    test::RawConnection blocked;
    QVERIFY(blocked.open(m_server.port()));
    blocked.send(post("/mood", R"({"mood": "CHEERFUL"})"));

    test::RawConnection other;
    QVERIFY(other.open(m_server.port()));
    for (int i = 0; i < 3; ++i) {
        other.send(get("/health"));
        const auto health = other.next(5000);
        QVERIFY(health.has_value());
        QCOMPARE(health->status, 200);
    }
    QVERIFY(blocked.receivesNothingWithin(100)); // still waiting for the database
    lock.release();
    const auto recorded = blocked.next();
    QVERIFY(recorded.has_value());
    QCOMPARE(recorded->status, 200);
    QCOMPARE(moods(), 1);
}

void TestHttpConnections::pipelinedRequestsAreAnsweredInOrder()
{
    test::RawConnection connection;
    QVERIFY(connection.open(m_server.port()));
    connection.send(post("/mood", R"({"mood": "GLOOMY"})") + get("/mood") + get("/nope") + get("/health")
                    + post("/mood", R"({"mood": "IDYLLIC"})") + get("/mood"));
    const QList<int> statuses{200, 200, 404, 200, 200, 200};
    QList<test::RawReply> replies;
    for (int expected : statuses) {
        const auto reply = connection.next();
        QVERIFY(reply.has_value());
        QCOMPARE(reply->status, expected);
        replies.append(*reply);
    }
    // Each ran after the one before it: the second GET sees both moods, the first only one.
    const auto history = [](const test::RawReply& r) {
        return QJsonDocument::fromJson(r.body).object().value(u"moodHistory"_s).toArray().size();
    };
    QCOMPARE(history(replies.at(1)), 1);
    QCOMPARE(history(replies.at(5)), 2);
    QCOMPARE(replies.at(3).body, QByteArray(R"({"status":"healthy"})"));
}

void TestHttpConnections::pipelinedAfterASlowOneWaitTheirTurn()
{
    DatabaseLock lock(m_server.scratch().db(), isPostgres(), 30000);
    QVERIFY(lock.ok());
    test::RawConnection connection;
    QVERIFY(connection.open(m_server.port()));
    connection.send(post("/mood", R"({"mood": "CHEERFUL"})") + get("/health"));
    QVERIFY(connection.receivesNothingWithin(200)); // the health answer must not overtake the mood's
    lock.release();
    const auto first = connection.next();
    const auto second = connection.next();
    QVERIFY(first.has_value() && second.has_value());
    QVERIFY2(first->body.contains("moodHistory"), first->body.constData());
    QCOMPARE(second->body, QByteArray(R"({"status":"healthy"})"));
}

void TestHttpConnections::pipelineDepthIsBounded()
{
    // A client may not pile up requests behind a slow one without bound: beyond 16 waiting, the connection is
    // served up to there and closed (what a pipelining client must expect of any server).
    DatabaseLock lock(m_server.scratch().db(), isPostgres(), 30000);
    QVERIFY(lock.ok());
    test::RawConnection connection;
    QVERIFY(connection.open(m_server.port()));
    QByteArray requests = post("/mood", R"({"mood": "CHEERFUL"})");
    for (int i = 0; i < 30; ++i)
        requests += get("/health");
    connection.send(requests);
    QVERIFY(connection.receivesNothingWithin(100));
    lock.release();
    QList<test::RawReply> replies;
    while (const auto reply = connection.next(5000))
        replies.append(*reply);
    QCOMPARE(replies.size(), 1 + api::ServerOptions().maxWaitingPerConnection);
    QCOMPARE(replies.first().status, 200);
    QCOMPARE(replies.last().status, 200);
    QCOMPARE(replies.last().header("connection"), QByteArray("close"));
    QVERIFY(connection.waitClosed());
}

void TestHttpConnections::clientGoneMidRequestLosesNothing()
{
    auto lock = std::make_unique<DatabaseLock>(m_server.scratch().db(), isPostgres(), 30000);
    QVERIFY(lock->ok());
    {
        test::RawConnection gone;
        QVERIFY(gone.open(m_server.port()));
        gone.send(post("/mood", R"({"mood": "CHEERFUL"})"));
        QVERIFY(gone.receivesNothingWithin(100));
        gone.socket().abort(); // the answer will have nowhere to go
    }
    lock.reset();                                         // the request now completes, and its socket is gone
    QTRY_COMPARE_WITH_TIMEOUT(moods(), qint64(1), 10000); // what was asked for is done, once
    test::RawConnection next;
    QVERIFY(next.open(m_server.port()));
    next.send(get("/mood"));
    const auto reply = next.next();
    QVERIFY(reply.has_value());
    QCOMPARE(reply->status, 200);
}

void TestHttpConnections::stopAnswersRequestsStillRunning()
{
    DatabaseLock lock(m_server.scratch().db(), isPostgres(), 400); // a database busy for 400 ms
    QVERIFY(lock.ok());
    test::RawConnection connection;
    QVERIFY(connection.open(m_server.port()));
    connection.send(post("/mood", R"({"mood": "CHEERFUL"})"));
    QVERIFY(connection.receivesNothingWithin(50));
    m_server.server().stop(); // returns once the running request is answered
    const auto reply = connection.next(2000);
    QVERIFY(reply.has_value());
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->header("connection"), QByteArray("close"));
    QCOMPARE(moods(), 1);
}

QTEST_GUILESS_MAIN(TestHttpConnections)
#include "TestHttpConnections.moc"
