#include "Database.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// The HTTP layer itself: limits QHttpServer 6.4 lacks, common headers, 404/405, trailing slashes.
class TestApiServer final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void bindsToLocalhostByDefault();
    void commonHeadersOnEveryResponse_data();
    void commonHeadersOnEveryResponse();
    void unknownRouteIs404();
    void wrongMethodIs405();
    void trailingSlashReachesTheSameRoute();
    void headAnswersLikeGetWithoutBody();
    void malformedJsonIs400InFamilyShape_data();
    void malformedJsonIs400InFamilyShape();
    void oversizedBodyRefusedBeforeItIsSent_data();
    void oversizedBodyRefusedBeforeItIsSent();
    void bodyAtTheLimitIsAccepted();
    void chunkedBodyNeedsLength();
    void oversizedHeadersRefused();
    void idleConnectionsAreClosed();
    void connectionCapAnswers503();
    void plusInQueryIsLiteral();
    void connectionCloseIsHonoured_data();
    void connectionCloseIsHonoured();
    void stopFinishesCleanly();
    void blockedRequestDoesNotStallOtherConnections();

private:
    QByteArray rawExchange(const QByteArray& request, int waitMs = 5000);

    test::TestServer m_server;
};

void TestApiServer::initTestCase_data()
{
    test::addBackendRows();
}

void TestApiServer::init()
{
    MOOD_FETCH_BACKEND(backend);
    api::ServerOptions options;
    options.maxBodyBytes = 4096;
    options.idleTimeoutMs = 400;
    options.maxConnections = 8;
    QVERIFY2(m_server.start(backend, options), qPrintable(m_server.error()));
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
}

void TestApiServer::cleanup()
{
    m_server.stop();
}

QByteArray TestApiServer::rawExchange(const QByteArray& request, int waitMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(request);
    socket.flush();
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < waitMs && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(100))
            answer += socket.readAll();
        if (answer.contains("\r\n\r\n")) {
            const qsizetype headEnd = answer.indexOf("\r\n\r\n") + 4;
            const QByteArray head = answer.left(headEnd).toLower();
            const qsizetype at = head.indexOf("content-length: ");
            if (at >= 0 && answer.size() - headEnd >= head.mid(at + 16, head.indexOf('\r', at) - at - 16).toInt())
                break;
        }
    }
    answer += socket.readAll();
    return answer;
}

void TestApiServer::bindsToLocalhostByDefault()
{
    const api::ServerOptions defaults;
    QCOMPARE(defaults.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(m_server.server().options().address, QHostAddress(QHostAddress::LocalHost));
}

void TestApiServer::commonHeadersOnEveryResponse_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("200 health") << QByteArray("GET") << u"/health"_s << 200;
    QTest::newRow("401") << QByteArray("GET") << u"/mood"_s << 401;
    QTest::newRow("404") << QByteArray("GET") << u"/no/such/route"_s << 404;
    QTest::newRow("405") << QByteArray("DELETE") << u"/user"_s << 405;
    QTest::newRow("400") << QByteArray("POST") << u"/user"_s << 400;
}

void TestApiServer::commonHeadersOnEveryResponse()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    auto client = m_server.client();
    const auto reply = client.send(method, path, method == "POST" ? QByteArray("{") : QByteArray());
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(reply.header("cache-control"), QByteArray("no-store"));
    if (status == 401) {
        QCOMPARE(reply.header("content-type"), QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(reply.body, QByteArray("Unauthorized Access"));
        QCOMPARE(reply.header("www-authenticate"), QByteArray("Basic realm=\"Authentication Required\""));
    } else {
        QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    }
}

void TestApiServer::unknownRouteIs404()
{
    auto client = m_server.client();
    for (const QString& path : {u"/nope"_s, u"/user/me/extra"_s, u"/"_s, u"/feed"_s}) {
        const auto reply = client.get(path);
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.body, QByteArray(R"({"error":"not found"})"));
    }
}

void TestApiServer::wrongMethodIs405()
{
    // A method no route knows: 405 on a known path, 404 on an unknown one.
    QVERIFY(rawExchange("PROPFIND /mood HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").startsWith("HTTP/1.1 405"));
    QVERIFY(rawExchange("PROPFIND /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").startsWith("HTTP/1.1 404"));
    auto client = m_server.client();
    const auto reply = client.send("PUT", u"/mood"_s, "{}");
    QCOMPARE(reply.status, 405);
    QCOMPARE(reply.body, QByteArray(R"({"error":"method not allowed"})"));
    QVERIFY(reply.header("allow").contains("GET"));
    QVERIFY(reply.header("allow").contains("POST"));
    QCOMPARE(client.send("DELETE", u"/health/"_s).status, 405);
}

void TestApiServer::trailingSlashReachesTheSameRoute()
{
    auto client = m_server.client();
    client.setBasic(u"alice"_s, u"password123"_s);
    const auto plain = client.get(u"/mood"_s);
    const auto slash = client.get(u"/mood/"_s);
    QCOMPARE(plain.status, 200);
    QCOMPARE(slash.status, 200); // never a redirect
    QCOMPARE(slash.body, plain.body);
    QCOMPARE(client.get(u"/user/me/"_s).status, 200);
}

void TestApiServer::headAnswersLikeGetWithoutBody()
{
    const QByteArray answer = rawExchange("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 1000);
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    QVERIFY(answer.toLower().contains("content-length: 20"));
    QVERIFY(answer.endsWith("\r\n\r\n"));
}

void TestApiServer::malformedJsonIs400InFamilyShape_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("key");
    QTest::newRow("users") << u"/mood"_s << u"error"_s;
    QTest::newRow("events") << u"/events"_s << u"message"_s;
    QTest::newRow("logs") << u"/logs"_s << u"code"_s;
    QTest::newRow("feed") << u"/activity"_s << u"error"_s;
}

void TestApiServer::malformedJsonIs400InFamilyShape()
{
    QFETCH(QString, path);
    QFETCH(QString, key);
    auto client = m_server.client();
    client.setBasic(u"alice"_s, u"password123"_s);
    for (const QByteArray& body : {QByteArray("{\"mood\":"), QByteArray("<html>"), QByteArray("\xff\xfe")}) {
        const auto reply = client.post(path, body);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
        QVERIFY2(reply.json().object().contains(key), reply.body.constData());
    }
}

void TestApiServer::oversizedBodyRefusedBeforeItIsSent_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("users") << QByteArray("/mood") << QByteArray(R"({"error":"request body too large"})");
    QTest::newRow("events") << QByteArray("/events") << QByteArray(R"({"message":"request body too large"})");
    QTest::newRow("logs") << QByteArray("/logs") << QByteArray(R"({"code":"PAYLOAD_TOO_LARGE","success":false})");
}

void TestApiServer::oversizedBodyRefusedBeforeItIsSent()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, expected);
    // Only the head is sent: the answer must come without the server waiting for (or buffering) the body.
    const QByteArray answer = rawExchange("POST " + path
                                          + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n"
                                            "Content-Type: application/json\r\n\r\n{\"a\":");
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QVERIFY(answer.toLower().contains("content-type: application/json\r\n"));
    QVERIFY(answer.toLower().contains("x-content-type-options: nosniff"));
    QVERIFY(answer.endsWith(expected));
}

void TestApiServer::bodyAtTheLimitIsAccepted()
{
    auto client = m_server.client();
    client.setBasic(u"alice"_s, u"password123"_s);
    const QByteArray json = R"({"mood":"CHEERFUL"})";
    const QByteArray body = json + QByteArray(4096 - json.size(), ' '); // trailing whitespace is valid JSON
    QCOMPARE(body.size(), 4096);
    QCOMPARE(client.post(u"/mood"_s, body).status, 200);
    QCOMPARE(client.post(u"/mood"_s, body + ' ').status, 413);
}

void TestApiServer::chunkedBodyNeedsLength()
{
    const QByteArray answer = rawExchange("POST /mood HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                          "2\r\n{}\r\n0\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 411"), answer.constData());
    QVERIFY(answer.contains("\"error\""));
}

void TestApiServer::oversizedHeadersRefused()
{
    const QByteArray answer =
        rawExchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 431"), answer.left(200).constData());
    QVERIFY(answer.endsWith(R"({"message":"request headers too large"})"));
    // In the family's shape even though the head never completed; also after an earlier request on the connection.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(socket.waitForReadyRead(5000));
    QVERIFY(socket.readAll().startsWith("HTTP/1.1 200"));
    socket.write("GET /logs HTTP/1.1\r\nX-Big: " + QByteArray(70 * 1024, 'a'));
    QByteArray logs;
    while (socket.waitForReadyRead(3000))
        logs += socket.readAll();
    QVERIFY2(logs.startsWith("HTTP/1.1 431"), logs.left(200).constData());
    QVERIFY2(logs.endsWith(R"({"code":"HEADERS_TOO_LARGE","success":false})"), logs.right(200).constData());
}

void TestApiServer::idleConnectionsAreClosed()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(socket.waitForConnected(5000));
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
}

void TestApiServer::connectionCapAnswers503()
{
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 8; ++i) {
        held.push_back(std::make_unique<QTcpSocket>());
        held.back()->connectToHost(QHostAddress::LocalHost, m_server.port());
        QVERIFY(held.back()->waitForConnected(5000));
        held.back()->write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); // keeps them busy, not idle
        QVERIFY(held.back()->waitForReadyRead(5000));
        held.back()->readAll();
    }
    const QByteArray answer = rawExchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 503"), answer.constData());
    QVERIFY(answer.endsWith(R"({"error":"too many connections"})"));
    held.clear();
    QTRY_VERIFY_WITH_TIMEOUT(rawExchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").startsWith("HTTP/1.1 200"),
                             5000);
}

void TestApiServer::plusInQueryIsLiteral()
{
    auto& events = m_server.services().events;
    QVERIFY(events.add(u"app"_s, {}, u"alice@example.org"_s, u"prod"_s, u"c++ rocks"_s).ok());
    QVERIFY(events.add(u"app"_s, {}, u"alice@example.org"_s, u"prod"_s, u"c   rocks"_s).ok());
    auto client = m_server.client();
    client.setBasic(u"alice"_s, u"password123"_s); // the first user: the admin sees every event
    const auto plus = client.get(u"/events?message=c++"_s).json().object().value(u"events"_s).toArray();
    QCOMPARE(plus.size(), 1);
    QCOMPARE(plus.first().toObject().value(u"message"_s).toString(), u"c++ rocks"_s);
    const auto encoded = client.get(u"/events?message=c%2B%2B"_s).json().object().value(u"events"_s).toArray();
    QCOMPARE(encoded.size(), 1);
    const auto spaces = client.get(u"/events?message=c%20%20"_s).json().object().value(u"events"_s).toArray();
    QCOMPARE(spaces.size(), 1);
    QCOMPARE(spaces.first().toObject().value(u"message"_s).toString(), u"c   rocks"_s);
}

void TestApiServer::connectionCloseIsHonoured_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("closes");
    QTest::newRow("HTTP/1.1 close") << QByteArray(
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                                    << true;
    QTest::newRow("HTTP/1.0") << QByteArray("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0 keep-alive") << QByteArray(
        "GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
                                         << false;
    QTest::newRow("HTTP/1.1 default") << QByteArray("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << false;
}

void TestApiServer::connectionCloseIsHonoured()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, closes);
    QFETCH_GLOBAL(QString, backend);
    api::ServerOptions patient; // a long idle timeout: any close seen here is the explicit one
    patient.idleTimeoutMs = 60000;
    QVERIFY2(m_server.start(backend, patient), qPrintable(m_server.error()));

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(request);
    QVERIFY(socket.waitForReadyRead(5000));
    const QByteArray answer = socket.readAll();
    QVERIFY(answer.startsWith("HTTP/1.1 200"));
    // The answer says what happens to the connection, so that clients (wrk) do not count a close as an error.
    const bool http10KeepAlive = request.contains("HTTP/1.0") && !closes;
    QCOMPARE(answer.contains("\r\nConnection: close\r\n"), closes);
    QCOMPARE(answer.contains("\r\nConnection: keep-alive\r\n"), http10KeepAlive);
    if (closes) {
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    } else {
        socket.write(request); // the same connection serves a second request
        QVERIFY(socket.waitForReadyRead(5000));
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 200"));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }
}

void TestApiServer::stopFinishesCleanly()
{
    auto client = m_server.client();
    QCOMPARE(client.get(u"/health"_s).status, 200);
    const quint16 port = m_server.port();
    m_server.server().stop();
    QVERIFY(!m_server.server().isRunning());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!socket.waitForConnected(1000));
    QSqlQuery q = m_server.scratch().exec(u"SELECT COUNT(*) FROM events WHERE message IN (?, ?)"_s,
                                          {u"server stopped"_s, u"server started on port %1"_s.arg(port)});
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 2);
}

void TestApiServer::blockedRequestDoesNotStallOtherConnections()
{
    QFETCH_GLOBAL(QString, backend);
    // Hold the lock that recording a mood needs, from a connection of this thread.
    WriteTransaction lock(m_server.scratch().db());
    QVERIFY(lock.begin());
    if (backend == QLatin1String(test::kPostgres)) // SQLite's BEGIN IMMEDIATE already holds the write lock
        QVERIFY(sql::exec(lock.db(), u"SELECT id FROM users WHERE username = 'alice' FOR UPDATE"_s));

    QTcpSocket blocked;
    blocked.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(blocked.waitForConnected(5000));
    const QByteArray body = R"({"mood": "CHEERFUL"})";
    blocked.write("POST /mood HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                  + QByteArray("alice:password123").toBase64() + "\r\nContent-Type: application/json\r\n"
                  + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY(blocked.waitForBytesWritten(5000));

    // Another client is answered while that request waits for the lock...
    const QByteArray health = rawExchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY2(health.startsWith("HTTP/1.1 200"), health.constData());
    QCOMPARE(blocked.bytesAvailable(), 0);
    QVERIFY(!blocked.waitForReadyRead(200));

    // ...which completes once the lock is gone.
    QVERIFY(lock.commit());
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += blocked.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
}

QTEST_GUILESS_MAIN(TestApiServer)
#include "TestApiServer.moc"
