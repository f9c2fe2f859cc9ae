#include "HttpExpect.h"
#include "RawConnection.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// Abuse and browser guards over real HTTP: registration throttle, bans, Content-Type, Origin and Host, and
// two servers on one database.
class TestHttpSecurity final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void registrationThrottlePerAddress();
    void bodiesNotSentAsJsonReadAsNoJson_data();
    void bodiesNotSentAsJsonReadAsNoJson();
    void jsonMediaTypesWithParametersAreJson();
    void otherOriginsAre403_data();
    void otherOriginsAre403();
    void unknownHostsAre421();
    void feedLinksUseOnlyACheckedHost();
    void bansArePerAddress();
    void passwordChangeOnOneServerEndsTheOldOneOnTheOther();

private:
    // One request on a connection of its own, with exactly these headers (Host first unless hostHeader is set).
    std::optional<test::RawReply> raw(const QByteArray& method, const QByteArray& path, const QByteArray& headers,
                                      const QByteArray& body = {}, const QHostAddress& from = {});
    QByteArray host() const { return "Host: 127.0.0.1:" + QByteArray::number(m_server.port()) + "\r\n"; }
    QByteArray account(const QString& name) const
    {
        return u"{\"username\": \"%1\", \"password\": \"password123\"}"_s.arg(name).toUtf8();
    }
    qint64 countRows(const QString& statement, const QVariantList& params = {})
    {
        QSqlQuery q = m_server.scratch().exec(statement, params);
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    test::TestServer m_server;
};

void TestHttpSecurity::initTestCase_data()
{
    test::addBackendRows();
}

void TestHttpSecurity::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_server.start(backend), qPrintable(m_server.error()));
}

void TestHttpSecurity::cleanup()
{
    m_server.stop();
}

std::optional<test::RawReply> TestHttpSecurity::raw(const QByteArray& method, const QByteArray& path,
                                                    const QByteArray& headers, const QByteArray& body,
                                                    const QHostAddress& from)
{
    test::RawConnection connection;
    if (!connection.open(m_server.port(), from))
        return std::nullopt;
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\n" + headers;
    if (!body.isEmpty() || method != "GET")
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    connection.send(request + "\r\n" + body);
    return connection.next();
}

void TestHttpSecurity::registrationThrottlePerAddress()
{
    QVERIFY(m_server.addUser(u"admin"_s) > 0);
    QVERIFY(m_server.services().settings.setRegistrationsPerHour(3).ok());
    auto client = m_server.client();
    for (int i = 0; i < 3; ++i)
        EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"user%1"_s.arg(i))), 201);
    const auto refused = client.post(u"/user"_s, account(u"user3"_s));
    EXPECT_JSON_REPLY(refused, 429);
    QCOMPARE(refused.body, QByteArray(R"({"error":"too many new accounts from this address; try again later"})"));
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users WHERE username = 'user3'"_s), 0);
    // Refused for its values: no hash paid, nothing counted (and the answer is the usual 400).
    EXPECT_JSON_REPLY(client.post(u"/user"_s, R"({"username": "x", "password": "short"})"), 400);
    // The signed-in admin is exempt; anyone else signed in is not.
    client.setBasic(u"admin"_s, test::kTestPassword);
    EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"byadmin"_s)), 201);
    client.setBasic(u"user0"_s, test::kTestPassword);
    EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"byuser"_s)), 429);
    client.setBasic(u"user0"_s, u"wrong password"_s);
    EXPECT_UNAUTHORIZED(client.post(u"/user"_s, account(u"bywrong"_s)));
    client.clearAuth();
    // An hour later the address may register again.
    m_server.clock().advance(3600);
    EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"later"_s)), 201);
    // 0: no limit.
    QVERIFY(m_server.services().settings.setRegistrationsPerHour(0).ok());
    for (int i = 0; i < 5; ++i)
        EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"free%1"_s.arg(i))), 201);
}

void TestHttpSecurity::bodiesNotSentAsJsonReadAsNoJson_data()
{
    QTest::addColumn<QByteArray>("contentType"); // the whole header line, or nothing
    QTest::newRow("text/plain (a cross-site form or fetch)") << QByteArray("Content-Type: text/plain\r\n");
    QTest::newRow("no Content-Type") << QByteArray();
    QTest::newRow("form") << QByteArray("Content-Type: application/x-www-form-urlencoded\r\n");
    QTest::newRow("multipart") << QByteArray("Content-Type: multipart/form-data; boundary=x\r\n");
    QTest::newRow("text/json") << QByteArray("Content-Type: text/json\r\n");
}

void TestHttpSecurity::bodiesNotSentAsJsonReadAsNoJson()
{
    QFETCH(QByteArray, contentType);
    // On a fresh instance the first account becomes admin: a web page must not be able to create it.
    const auto registered = raw("POST", "/user", host() + contentType, account(u"mallory"_s));
    QVERIFY(registered.has_value());
    QCOMPARE(registered->status, 400);
    QCOMPARE(registered->body, QByteArray(R"({"error":"None is not of type 'object'"})"));
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users"_s), 0);

    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const QByteArray alice =
        host() + contentType + "Authorization: " + test::basicAuth(u"alice"_s, test::kTestPassword) + "\r\n";
    const struct {
        QByteArray method;
        QByteArray path;
        QByteArray body;
        QByteArray answer;
    } cases[] = {
        {"POST", "/mood", R"({"mood": "CHEERFUL"})", R"({"error":"None is not of type 'object'"})"},
        {"PATCH", "/user/me", R"({"email": "a@example.org"})", R"({"error":"None is not of type 'object'"})"},
        {"POST", "/logs",
         R"([{"userId": "alice", "sessionId": "s", "actions": [{"time": "2026-03-15T12:00:00Z", "type": "VIEW",)"
         R"( "properties": {"viewedId": "x"}}]}])",
         R"({"code":"NO_LOGS_PROVIDED","success":false})"},
        {"POST", "/activity", R"({"actor": "alice", "verb": "waved", "object": null, "target": "alice"})",
         R"({"error":"something wrong with JSON request"})"},
    };
    for (const auto& c : cases) {
        const auto reply = raw(c.method, c.path, alice, c.body);
        QVERIFY(reply.has_value());
        QCOMPARE(reply->status, 400);
        QCOMPARE(reply->body, c.answer);
    }
    const auto event = raw("POST", "/events", alice,
                           R"({"component": "web", "data": {}, "email": "a@example.org", "environment": "prod",)"
                           R"( "message": "hi"})");
    QVERIFY(event.has_value());
    QCOMPARE(event->status, 400);
    QCOMPARE(QJsonDocument::fromJson(event->body).object().value(u"message"_s).toString(),
             u"Input payload validation failed"_s);
    // Nothing was written.
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM moods"_s), 0);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM ui_logs"_s), 0);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM activities"_s), 0);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE component = 'web'"_s), 0);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users WHERE email <> ''"_s), 0);
}

void TestHttpSecurity::jsonMediaTypesWithParametersAreJson()
{
    const auto first =
        raw("POST", "/user", host() + "Content-Type: application/json; charset=utf-8\r\n", account(u"alice"_s));
    QVERIFY(first.has_value());
    QCOMPARE(first->status, 201);
    const QByteArray alice = host() + "Authorization: " + test::basicAuth(u"alice"_s, test::kTestPassword) + "\r\n";
    const auto patched = raw("PATCH", "/user/me", alice + "Content-Type: application/merge-patch+json\r\n",
                             R"({"email": "alice@example.org"})");
    QVERIFY(patched.has_value());
    QCOMPARE(patched->status, 200);
    const auto mood = raw("POST", "/mood", alice + "Content-Type: APPLICATION/JSON\r\n", R"({"mood": "CHEERFUL"})");
    QVERIFY(mood.has_value());
    QCOMPARE(mood->status, 200);
}

void TestHttpSecurity::otherOriginsAre403_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("refusal");
    const QByteArray text = "requests from other web sites are not accepted";
    QTest::newRow("users") << QByteArray("/mood") << QByteArray(R"({"mood": "CHEERFUL"})")
                           << R"({"error":")" + text + R"("})";
    QTest::newRow("events") << QByteArray("/events")
                            << QByteArray(R"({"component": "web", "data": {}, "email": "a@example.org", )"
                                          R"("environment": "prod", "message": "hi"})")
                            << R"({"message":")" + text + R"("})";
    QTest::newRow("logs") << QByteArray("/logs") << QByteArray("[]")
                          << QByteArray(R"({"code":"FORBIDDEN","success":false})");
    QTest::newRow("feed") << QByteArray("/activity")
                          << QByteArray(R"({"actor": "alice", "verb": "waved", "object": null, "target": "alice"})")
                          << R"({"error":")" + text + R"("})";
}

void TestHttpSecurity::otherOriginsAre403()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, refusal);
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const QByteArray headers = host() + "Content-Type: application/json\r\nAuthorization: "
        + test::basicAuth(u"alice"_s, test::kTestPassword) + "\r\n";
    const QByteArrayList origins{QByteArray("http://attacker.example"), QByteArray("null"),
                                 QByteArray("http://127.0.0.1:") + QByteArray::number(m_server.port() + 1)};
    for (const QByteArray& origin : origins) {
        const auto reply = raw("POST", path, headers + "Origin: " + origin + "\r\n", body);
        QVERIFY(reply.has_value());
        QCOMPARE(reply->status, 403);
        QCOMPARE(reply->body, refusal);
        QCOMPARE(reply->header("x-content-type-options"), QByteArray("nosniff"));
    }
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM moods"_s) + countRows(u"SELECT COUNT(*) FROM activities"_s)
                 + countRows(u"SELECT COUNT(*) FROM events WHERE component = 'web'"_s),
             0);
    // The server's own origin passes (a page it served itself, or a client that says where it is).
    const auto own =
        raw("GET", "/health", host() + "Origin: http://127.0.0.1:" + QByteArray::number(m_server.port()) + "\r\n");
    QVERIFY(own.has_value());
    QCOMPARE(own->status, 200);
}

void TestHttpSecurity::unknownHostsAre421()
{
    api::ServerOptions options;
    options.publicHosts = {u"moodboard.lan"_s};
    QFETCH_GLOBAL(QString, backend);
    QVERIFY2(m_server.start(backend, options), qPrintable(m_server.error()));
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const QByteArray port = QByteArray::number(m_server.port());
    const auto statusFor = [&](const QByteArray& hostValue, const QByteArray& path = "/health") {
        const auto reply = raw("GET", path, "Host: " + hostValue + "\r\n");
        return reply ? reply->status : 0;
    };
    QCOMPARE(statusFor("127.0.0.1:" + port), 200);
    QCOMPARE(statusFor("localhost:" + port), 200);
    QCOMPARE(statusFor("moodboard.lan:" + port), 200);
    QCOMPARE(statusFor("MoodBoard.LAN"), 200);
    // A rebinding name: the browser thinks it talks to attacker.example, the socket reaches us.
    QCOMPARE(statusFor("attacker.example:" + port), 421);
    QCOMPARE(statusFor("moodboard.lan.attacker.example"), 421);
    QCOMPARE(statusFor("10.9.8.7:" + port), 421); // not an address of this listener
    const auto logs = raw("GET", "/logs", "Host: attacker.example\r\n");
    QVERIFY(logs.has_value());
    QCOMPARE(logs->status, 421);
    QCOMPARE(logs->body, QByteArray(R"({"code":"MISDIRECTED_REQUEST","success":false})"));
    QCOMPARE(logs->header("cache-control"), QByteArray("no-store"));
    // Refused before authentication: a rebinding page learns nothing, and no password is checked.
    const auto mood = raw(
        "GET", "/mood", "Host: attacker.example\r\nAuthorization: " + test::basicAuth(u"alice"_s, u"guess"_s) + "\r\n");
    QCOMPARE(mood->status, 421);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE message LIKE '%failed login%'"_s), 0);
}

void TestHttpSecurity::feedLinksUseOnlyACheckedHost()
{
    api::ServerOptions options;
    options.publicHosts = {u"moodboard.lan"_s};
    QFETCH_GLOBAL(QString, backend);
    QVERIFY2(m_server.start(backend, options), qPrintable(m_server.error()));
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    auto client = m_server.client();
    client.setBasic(u"alice"_s, test::kTestPassword);
    for (int i = 0; i < 3; ++i) {
        EXPECT_JSON_REPLY(client.post(u"/activity"_s,
                                      R"({"actor": "alice", "verb": "waved", "object": null,)"
                                      R"( "target": "alice"})"),
                          200);
    }
    const QByteArray port = QByteArray::number(m_server.port());
    const QByteArray auth = "Authorization: " + test::basicAuth(u"alice"_s, test::kTestPassword) + "\r\n";
    const QByteArrayList names{QByteArray("127.0.0.1:") + port, QByteArray("localhost:") + port,
                               QByteArray("moodboard.lan")};
    for (const QByteArray& name : names) {
        const auto reply = raw("GET", "/feed/alice?per_page=1&page=2", "Host: " + name + "\r\n" + auth);
        QVERIFY(reply.has_value());
        QCOMPARE(reply->status, 200);
        const QJsonObject feed = QJsonDocument::fromJson(reply->body).object();
        const QString base = u"http://"_s + QString::fromLatin1(name.toLower()) + u"/feed/alice?"_s;
        QVERIFY2(feed.value(u"next_url"_s).toString().startsWith(base), reply->body.constData());
        QVERIFY2(feed.value(u"previous_url"_s).toString().startsWith(base), reply->body.constData());
    }
    const auto rebound = raw("GET", "/feed/alice?per_page=1", "Host: attacker.example\r\n" + auth);
    QCOMPARE(rebound->status, 421);
    QVERIFY(!rebound->body.contains("attacker"));
}

void TestHttpSecurity::bansArePerAddress()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const QHostAddress attacker(u"127.0.0.2"_s);
    const QByteArray wrong = host() + "Authorization: " + test::basicAuth(u"alice"_s, u"guess"_s) + "\r\n";
    const QByteArray right = host() + "Authorization: " + test::basicAuth(u"alice"_s, test::kTestPassword) + "\r\n";
    for (int i = 0; i < 5; ++i)
        QCOMPARE(raw("GET", "/mood", wrong, {}, attacker)->status, 401);
    QCOMPARE(raw("GET", "/mood", right, {}, attacker)->status, 429);
    QCOMPARE(raw("GET", "/mood", right, {}, QHostAddress(u"127.0.0.3"_s))->status, 200);
    QCOMPARE(raw("GET", "/mood", right)->status, 200);
}

void TestHttpSecurity::passwordChangeOnOneServerEndsTheOldOneOnTheOther()
{
    test::TestServer second;
    QVERIFY2(second.startSharing(m_server), qPrintable(second.error()));
    const qint64 alice = m_server.addUser(u"alice"_s);
    QVERIFY(alice > 0);
    auto one = m_server.client();
    auto two = second.client();
    for (auto* client : {&one, &two}) {
        client->setBasic(u"alice"_s, test::kTestPassword);
        EXPECT_JSON_REPLY(client->get(u"/mood"_s), 200); // both now hold the credentials in their caches
    }
    // Changed through the first server (its services: what PATCH /user/me does after its checks).
    QVERIFY(m_server.services().users.resetPassword(alice, u"a brand new passphrase"_s).ok());
    // The second refuses the old password at once, for reads and writes, with nothing cached in the way.
    EXPECT_UNAUTHORIZED(two.get(u"/mood"_s));
    EXPECT_UNAUTHORIZED(two.post(u"/mood"_s, R"({"mood": "CHEERFUL"})"));
    EXPECT_UNAUTHORIZED(one.get(u"/mood"_s));
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM moods"_s), 0);
    two.setBasic(u"alice"_s, u"a brand new passphrase"_s);
    EXPECT_JSON_REPLY(two.post(u"/mood"_s, R"({"mood": "CHEERFUL"})"), 200);
    second.stop();
}

QTEST_GUILESS_MAIN(TestHttpSecurity)
#include "TestHttpSecurity.moc"
