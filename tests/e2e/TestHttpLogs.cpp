#include "HttpExpect.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// CONTRACTS.md section 3 (UI logs), end to end over real HTTP on 127.0.0.1.
namespace {

using Headers = QHash<QByteArray, QByteArray>;
using test::basicHeader;
using test::describe;
using test::kTestPassword;

const QByteArray kClick =
    R"({"time": "2018-10-18T21:37:28-06:00", "type": "CLICK", "properties": {"locationX": 0, "locationY": 5}})";
const QByteArray kView = R"({"time": "2018-10-19T03:37:29Z", "type": "VIEW", "properties": {"viewedId": "FDJKLHSLD"}})";
const QByteArray kNavigate =
    R"({"time": "2018-10-19T05:00:00+02:00", "type": "NAVIGATE", "properties": {"pageFrom": "a", "pageTo": "b"}})";

QByteArray log(const QByteArray& user, const QByteArray& session, const QByteArray& actions)
{
    return R"({"userId": ")" + user + R"(", "sessionId": ")" + session + R"(", "actions": [)" + actions + "]}";
}

// One log of alice's with a single action.
QByteArray withAction(const QByteArray& action)
{
    return '[' + log("alice", "s1", action) + ']';
}

QByteArray codeBody(const QByteArray& code)
{
    return R"({"code":")" + code + R"(","success":false})";
}

} // namespace

class TestHttpLogs final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void postThenListRoundTrip_data();
    void postThenListRoundTrip();
    void sameSessionAppends();
    void rejectsInvalid_data();
    void rejectsInvalid();
    void allOrNothing();
    void forbidsOtherUsers();
    void adminWritesAndReadsForAnyone();
    void needsCredentials_data();
    void needsCredentials();
    void bearerTokenWorks();
    void bannedAddressGets429();
    void oversizedBodyIs413();
    void unstorableTextIs400();
    void unknownRoutesAndMethods();
    void listFilters_data();
    void listFilters();
    void listRejectsBadInstants_data();
    void listRejectsBadInstants();
    void nonAdminsSeeOnlyTheirOwn();

private:
    test::HttpReply send(const QByteArray& method, const QString& path, const QByteArray& body = {},
                         const QString& user = u"root"_s);
    void seed(); // as the admin: alice s1 (CLICK, VIEW, NAVIGATE), bob s2 (VIEW)
    QStringList actions(const QString& target, const QString& user = u"root"_s); // "user/session/type"

    test::TestServer m_server;
    std::unique_ptr<test::HttpClient> m_client;
};

void TestHttpLogs::initTestCase_data()
{
    test::addBackendRows();
}

void TestHttpLogs::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_server.start(backend), qPrintable(m_server.error()));
    m_client = std::make_unique<test::HttpClient>(m_server.baseUrl());
    for (const QString& name : {u"root"_s, u"alice"_s, u"bob"_s}) // root: the admin
        QVERIFY(m_server.addUser(name) > 0);
}

void TestHttpLogs::cleanup()
{
    m_client.reset();
    m_server.stop();
}

test::HttpReply TestHttpLogs::send(const QByteArray& method, const QString& path, const QByteArray& body,
                                   const QString& user)
{
    return m_client->send(method, path, body, basicHeader(user));
}

void TestHttpLogs::seed()
{
    const QByteArray body =
        '[' + log("alice", "s1", kClick + ',' + kView + ',' + kNavigate) + ',' + log("bob", "s2", kView) + ']';
    const auto r = send("POST", u"/logs"_s, body);
    QVERIFY2(r.status == 200, qPrintable(describe(r)));
}

QStringList TestHttpLogs::actions(const QString& target, const QString& user)
{
    const auto r = send("GET", target, {}, user);
    if (r.status != 200 || r.header("content-type") != "application/json" || !r.json().isArray())
        return {u"HTTP "_s + describe(r)};
    QStringList out;
    for (const QJsonValue& log : r.json().array()) {
        for (const QJsonValue& action : log[u"actions"_s].toArray())
            out.append(log[u"userId"_s].toString() + u'/' + log[u"sessionId"_s].toString() + u'/'
                       + action[u"type"_s].toString());
    }
    return out;
}

void TestHttpLogs::postThenListRoundTrip_data()
{
    QTest::addColumn<QString>("postPath");
    QTest::addColumn<QString>("getPath");
    QTest::newRow("plain") << u"/logs"_s << u"/logs"_s;
    QTest::newRow("trailing slash") << u"/logs/"_s << u"/logs/"_s;
}

void TestHttpLogs::postThenListRoundTrip()
{
    QFETCH(QString, postPath);
    QFETCH(QString, getPath);
    const auto posted = send("POST", postPath, withAction(kClick + ',' + kView + ',' + kNavigate), u"alice"_s);
    EXPECT_JSON_REPLY(posted, 200);
    QCOMPARE(posted.body, QByteArray(R"({"success":true})"));

    const auto listed = send("GET", getPath, {}, u"alice"_s);
    EXPECT_JSON_REPLY(listed, 200);
    // Times come back exactly as sent; keys in the contract's order.
    QCOMPARE(
        listed.body,
        QByteArray(
            R"([{"actions":[)"
            R"({"properties":{"locationX":0,"locationY":5},"time":"2018-10-18T21:37:28-06:00","type":"CLICK"},)"
            R"({"properties":{"viewedId":"FDJKLHSLD"},"time":"2018-10-19T03:37:29Z","type":"VIEW"},)"
            R"({"properties":{"pageFrom":"a","pageTo":"b"},"time":"2018-10-19T05:00:00+02:00","type":"NAVIGATE"}],)"
            R"("sessionId":"s1","userId":"alice"}])"));
}

void TestHttpLogs::sameSessionAppends()
{
    QCOMPARE(send("POST", u"/logs"_s, withAction(kClick), u"alice"_s).status, 200);
    const QByteArray more = '[' + log("alice", "s1", kView) + ',' + log("alice", "s9", kNavigate) + ']';
    QCOMPARE(send("POST", u"/logs/"_s, more, u"alice"_s).status, 200);
    QCOMPARE(actions(u"/logs"_s), (QStringList{u"alice/s1/CLICK"_s, u"alice/s1/VIEW"_s, u"alice/s9/NAVIGATE"_s}));
    QCOMPARE(send("GET", u"/logs"_s, {}, u"alice"_s).json().array().size(), 2); // s1 once, with both actions
}

void TestHttpLogs::rejectsInvalid_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("code");
    const auto row = [](const char* name, const QByteArray& body, const char* code) {
        QTest::newRow(name) << body << QByteArray(code);
    };
    for (const char* body : {"", "[]", "{}", "null", "not json", R"({"userId": "alice"})"})
        row(body[0] ? body : "empty body", body, "NO_LOGS_PROVIDED");
    row("log not an object", "[5]", "MISSING_USERID");
    row("userId empty", R"([{"userId": "", "sessionId": "s", "actions": [)" + kView + "]}]", "MISSING_USERID");
    row("sessionId null", R"([{"userId": "alice", "sessionId": null, "actions": [)" + kView + "]}]",
        "MISSING_SESSIONID");
    row("actions empty", R"([{"userId": "alice", "sessionId": "s", "actions": []}])", "MISSING_ACTIONS");
    row("actions not a list", R"([{"userId": "alice", "sessionId": "s", "actions": {}}])", "MISSING_ACTIONS");
    row("action {}", withAction("{}"), "EMPTY_ACTION");
    row("action null", withAction("null"), "EMPTY_ACTION");
    const QByteArray props = R"("properties": {"viewedId": "v"})";
    const QByteArray time = R"("time": "2018-10-18T21:37:28Z")";
    row("type missing", withAction('{' + props + ',' + time + '}'), "MISSING_TYPE_VALUE");
    row("properties null", withAction(R"({"type": "VIEW", "properties": null, )" + time + '}'),
        "MISSING_PROPERTIES_VALUE");
    row("time missing", withAction(R"({"type": "VIEW", )" + props + '}'), "MISSING_TIME_VALUE");
    for (const char* bad : {"2018-10-18 21:37", "2018-10-18T21:37:28", "2018-10-18T21:37:28+0600"})
        row(bad, withAction(R"({"type": "VIEW", "time": ")" + QByteArray(bad) + "\", " + props + '}'),
            "INVALID_TIME_FORMAT");
    row("type unknown", withAction(R"({"type": "SCROLL", )" + props + ',' + time + '}'), "INVALID_ACTION_TYPE");
    row("type lower case", withAction(R"({"type": "click", )" + props + ',' + time + '}'), "INVALID_ACTION_TYPE");
    const auto typed = [&](const char* type, const char* properties) {
        return withAction(R"({"type": ")" + QByteArray(type) + R"(", "properties": )" + properties + ',' + time + '}');
    };
    row("click without x", typed("CLICK", R"({"locationY": 1})"), "MISSING_LOCATION_X_VALUE");
    row("click null y", typed("CLICK", R"({"locationX": 0, "locationY": null})"), "MISSING_LOCATION_Y_VALUE");
    row("view empty id", typed("VIEW", R"({"viewedId": ""})"), "MISSING_VIEWEDID_VALUE");
    row("navigate without from", typed("NAVIGATE", R"({"pageTo": "b"})"), "MISSING_PAGEFROM_VALUE");
    row("navigate without to", typed("NAVIGATE", R"({"pageFrom": "a"})"), "MISSING_PAGETO_VALUE");
    // Document order: the first log's second action fails before the second log's missing userId.
    row("document order", '[' + log("alice", "s1", kClick + ",{}") + ",{}]", "EMPTY_ACTION");
    // Validation comes before authorisation.
    row("invalid beats forbidden", '[' + log("bob", "s1", "null") + ']', "EMPTY_ACTION");
}

void TestHttpLogs::rejectsInvalid()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, code);
    const auto r = send("POST", u"/logs"_s, body, u"alice"_s);
    EXPECT_JSON_REPLY(r, 400);
    QCOMPARE(r.body, codeBody(code));
    QCOMPARE(actions(u"/logs"_s), QStringList());
}

void TestHttpLogs::allOrNothing()
{
    const QByteArray body = '[' + log("alice", "s1", kClick + ',' + kView) + ',' + log("alice", "s2", kNavigate) + ','
        + log("alice", "s3", R"({"type": "VIEW", "time": "2018-10-18T21:37:28Z", "properties": {}})") + ']';
    const auto r = send("POST", u"/logs"_s, body, u"alice"_s);
    EXPECT_JSON_REPLY(r, 400);
    QCOMPARE(r.body, codeBody("MISSING_VIEWEDID_VALUE"));
    QCOMPARE(actions(u"/logs"_s), QStringList());
    // locationX 0 and locationY 0 are values.
    const QByteArray zero =
        R"({"time": "2018-10-18T21:37:28Z", "type": "CLICK", "properties": {"locationX": 0, "locationY": 0}})";
    QCOMPARE(send("POST", u"/logs"_s, withAction(zero), u"alice"_s).status, 200);
    QCOMPARE(actions(u"/logs"_s), QStringList{u"alice/s1/CLICK"_s});
}

void TestHttpLogs::forbidsOtherUsers()
{
    for (const QByteArray& body : QByteArrayList{withAction(kClick).replace("alice", "bob"),
                                                 '[' + log("alice", "s1", kClick) + ',' + log("bob", "s2", kView) + ']',
                                                 '[' + log("Alice", "s1", kClick) + ']'}) {
        const auto r = send("POST", u"/logs/"_s, body, u"alice"_s);
        EXPECT_JSON_REPLY(r, 403);
        QCOMPARE(r.body, codeBody("FORBIDDEN"));
    }
    QCOMPARE(actions(u"/logs"_s), QStringList()); // nothing written, not even alice's part
}

void TestHttpLogs::adminWritesAndReadsForAnyone()
{
    seed();
    QCOMPARE(actions(u"/logs"_s),
             (QStringList{u"alice/s1/CLICK"_s, u"alice/s1/VIEW"_s, u"alice/s1/NAVIGATE"_s, u"bob/s2/VIEW"_s}));
    QCOMPARE(actions(u"/logs?userId=bob"_s), QStringList{u"bob/s2/VIEW"_s});
    // A log for a name that is no user at all is the admin's business.
    QCOMPARE(send("POST", u"/logs"_s, '[' + log("ghost", "g", kView) + ']').status, 200);
    QCOMPARE(actions(u"/logs?userId=ghost"_s), QStringList{u"ghost/g/VIEW"_s});
}

void TestHttpLogs::needsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("GET") << QByteArray("GET") << u"/logs"_s << QByteArray();
    QTest::newRow("POST") << QByteArray("POST") << u"/logs"_s << QByteArray();
    QTest::newRow("GET slash") << QByteArray("GET") << u"/logs/"_s << QByteArray();
    QTest::newRow("POST slash") << QByteArray("POST") << u"/logs/"_s << QByteArray();
    QTest::newRow("wrong password") << QByteArray("POST") << u"/logs"_s << test::basicAuth(u"alice"_s, u"x"_s);
    QTest::newRow("unknown user") << QByteArray("GET") << u"/logs"_s << test::basicAuth(u"mallory"_s, kTestPassword);
    QTest::newRow("bad bearer") << QByteArray("GET") << u"/logs"_s << QByteArray("Bearer nope");
}

void TestHttpLogs::needsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, authorization);
    Headers headers;
    if (!authorization.isEmpty())
        headers.insert("Authorization", authorization);
    EXPECT_UNAUTHORIZED(m_client->send(method, path, withAction(kClick), headers));
    QCOMPARE(actions(u"/logs"_s), QStringList());
}

void TestHttpLogs::bearerTokenWorks()
{
    const auto login = m_client->post(u"/login"_s, R"({"username": "alice", "password": "password123"})");
    QCOMPARE(login.status, 200);
    const QString token = login.json().object().value(u"token"_s).toString();
    QVERIFY(!token.isEmpty());
    const Headers bearer{{"Authorization", "Bearer " + token.toLatin1()}};
    EXPECT_JSON_REPLY(m_client->send("POST", u"/logs"_s, withAction(kView), bearer), 200);
    const auto forbidden = m_client->send("POST", u"/logs"_s, withAction(kView).replace("alice", "bob"), bearer);
    EXPECT_JSON_REPLY(forbidden, 403);
    QCOMPARE(forbidden.body, codeBody("FORBIDDEN"));
    const auto listed = m_client->send("GET", u"/logs"_s, {}, bearer);
    EXPECT_JSON_REPLY(listed, 200);
    QCOMPARE(listed.json().array().size(), 1);
    QCOMPARE(listed.json().array().first()[u"userId"_s].toString(), u"alice"_s);
}

void TestHttpLogs::bannedAddressGets429()
{
    for (int i = 0; i < 5; ++i)
        EXPECT_UNAUTHORIZED(m_client->send("GET", u"/logs"_s, {}, basicHeader(u"alice"_s, u"wrong"_s)));
    for (const QByteArray& method : {QByteArray("GET"), QByteArray("POST")}) {
        const auto r = send(method, u"/logs"_s, withAction(kClick), u"alice"_s); // the right password, too late
        EXPECT_JSON_REPLY(r, 429);
        QCOMPARE(r.body, codeBody("TOO_MANY_REQUESTS"));
    }
    m_server.clock().advance(3601); // the ban ends
    QCOMPARE(actions(u"/logs"_s, u"alice"_s), QStringList());
}

void TestHttpLogs::oversizedBodyIs413()
{
    QFETCH_GLOBAL(QString, backend);
    m_client.reset();
    api::ServerOptions options;
    options.maxBodyBytes = 512;
    QVERIFY2(m_server.start(backend, options), qPrintable(m_server.error()));
    m_client = std::make_unique<test::HttpClient>(m_server.baseUrl());
    QVERIFY(m_server.addUser(u"alice"_s) > 0);

    const QByteArray fits = withAction(kClick);
    QVERIFY(fits.size() <= 512);
    QCOMPARE(send("POST", u"/logs"_s, fits, u"alice"_s).status, 200);
    const QByteArray big = withAction(kClick + ',' + kView + ',' + kNavigate + ',' + kClick + ',' + kView);
    QVERIFY(big.size() > 512);
    for (const QString& path : {u"/logs"_s, u"/logs/"_s}) {
        const auto r = send("POST", path, big, u"alice"_s);
        EXPECT_JSON_REPLY(r, 413);
        QCOMPARE(r.body, codeBody("PAYLOAD_TOO_LARGE"));
    }
    QCOMPARE(actions(u"/logs"_s, u"alice"_s), QStringList{u"alice/s1/CLICK"_s});
}

void TestHttpLogs::unknownRoutesAndMethods()
{
    for (const QString& path : {u"/logs/abc"_s, u"/logs/s1/actions"_s, u"/log"_s}) {
        const auto r = send("GET", path);
        EXPECT_JSON_REPLY(r, 404);
        QCOMPARE(r.body, QByteArray(R"({"error":"not found"})"));
    }
    for (const QByteArray& method : {QByteArray("DELETE"), QByteArray("PUT"), QByteArray("PATCH")}) {
        const auto r = send(method, u"/logs/"_s, withAction(kClick));
        EXPECT_JSON_REPLY(r, 405);
        QCOMPARE(r.body, QByteArray(R"({"error":"method not allowed"})"));
        QVERIFY(r.header("allow").contains("GET"));
        QVERIFY(r.header("allow").contains("POST"));
    }
    QCOMPARE(actions(u"/logs"_s), QStringList());
}

void TestHttpLogs::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    const QString click = u"alice/s1/CLICK"_s;  // 2018-10-19T03:37:28Z
    const QString view = u"alice/s1/VIEW"_s;    // 2018-10-19T03:37:29Z
    const QString nav = u"alice/s1/NAVIGATE"_s; // 2018-10-19T03:00:00Z
    const QString bob = u"bob/s2/VIEW"_s;       // 2018-10-19T03:37:29Z
    QTest::newRow("all") << QString() << QStringList{click, view, nav, bob};
    QTest::newRow("userId") << u"userId=bob"_s << QStringList{bob};
    QTest::newRow("userId exact") << u"userId=ali"_s << QStringList();
    QTest::newRow("from inclusive") << u"from=2018-10-19T03:37:28Z"_s << QStringList{click, view, bob};
    QTest::newRow("from negative offset") << u"from=2018-10-18T21:37:29-06:00"_s << QStringList{view, bob};
    QTest::newRow("from literal plus") << u"from=2018-10-19T05:37:29+02:00"_s << QStringList{view, bob};
    QTest::newRow("from encoded plus") << u"from=2018-10-19T05:37:29%2B02:00"_s << QStringList{view, bob};
    QTest::newRow("to inclusive") << u"to=2018-10-18T21:37:28-06:00"_s << QStringList{click, nav};
    QTest::newRow("to fraction") << u"to=2018-10-19T03:37:28.999Z"_s << QStringList{click, nav};
    QTest::newRow("from and to") << u"from=2018-10-19T03:30:00Z&to=2018-10-19T05:37:28+02:00"_s << QStringList{click};
    QTest::newRow("types") << u"types=VIEW"_s << QStringList{view, bob};
    QTest::newRow("types list") << u"types=CLICK,NAVIGATE"_s << QStringList{click, nav};
    QTest::newRow("unknown type") << u"types=SCROLL"_s << QStringList();
    QTest::newRow("known and unknown") << u"types=SCROLL,CLICK"_s << QStringList{click};
    QTest::newRow("combined") << u"userId=alice&types=VIEW,CLICK&from=2018-10-19T03:37:29Z"_s << QStringList{view};
}

void TestHttpLogs::listFilters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    seed();
    QCOMPARE(actions(u"/logs?"_s + query), expected);
    QCOMPARE(actions(u"/logs/?"_s + query), expected);
}

void TestHttpLogs::listRejectsBadInstants_data()
{
    QTest::addColumn<QString>("query");
    for (const char* query : {"from=yesterday", "to=2018-10-19", "from=2018-10-19T03:37:28",
                              "to=", "from=2018-10-19T03:37:28%2002:00", "from=2018-10-19T03:37:28Z&to=x"})
        QTest::newRow(query) << QString::fromLatin1(query);
}

void TestHttpLogs::listRejectsBadInstants()
{
    QFETCH(QString, query);
    for (const QString& user : {u"alice"_s, u"root"_s}) {
        const auto r = send("GET", u"/logs?"_s + query, {}, user);
        EXPECT_JSON_REPLY(r, 400);
        QCOMPARE(r.body, codeBody("INVALID_TIME_FORMAT"));
    }
}

void TestHttpLogs::nonAdminsSeeOnlyTheirOwn()
{
    seed();
    QCOMPARE(actions(u"/logs"_s, u"alice"_s),
             (QStringList{u"alice/s1/CLICK"_s, u"alice/s1/VIEW"_s, u"alice/s1/NAVIGATE"_s}));
    QCOMPARE(actions(u"/logs/"_s, u"bob"_s), QStringList{u"bob/s2/VIEW"_s});
    QCOMPARE(actions(u"/logs?userId=bob"_s, u"alice"_s), QStringList());
    QCOMPARE(actions(u"/logs?types=VIEW"_s, u"bob"_s), QStringList{u"bob/s2/VIEW"_s});
    const auto none = send("GET", u"/logs?userId=alice"_s, {}, u"bob"_s);
    EXPECT_JSON_REPLY(none, 200);
    QCOMPARE(none.body, QByteArray("[]"));
}

void TestHttpLogs::unstorableTextIs400()
{
    // Valid JSON that no database holds as given: U+0000 (PostgreSQL has none) or a lone surrogate.
    for (const QByteArray& session : {QByteArray(R"(s\u0000)"), QByteArray(R"(s\udc00)")}) {
        const QByteArray body = '[' + log("alice", "ok", kClick) + ',' + log("alice", session, kView) + ']';
        const auto r = send("POST", u"/logs"_s, body, u"alice"_s);
        EXPECT_JSON_REPLY(r, 400);
        QCOMPARE(r.json().object().keys(), (QStringList{u"code"_s, u"success"_s}));
        QCOMPARE(r.json().object().value(u"success"_s), QJsonValue(false));
    }
    QCOMPARE(actions(u"/logs"_s), QStringList()); // all or nothing: not even the first log
    const auto query = send("GET", u"/logs?userId=a%00"_s);
    EXPECT_JSON_REPLY(query, 400);
    QCOMPARE(query.json().object().value(u"success"_s), QJsonValue(false));
    // Inside properties (kept as JSON) it is just an escape.
    const QByteArray zero =
        R"({"time": "2018-10-19T03:37:29Z", "type": "VIEW", "properties": {"viewedId": "a\u0000"}})";
    QCOMPARE(send("POST", u"/logs"_s, withAction(zero), u"alice"_s).status, 200);
    QVERIFY2(send("GET", u"/logs"_s).body.contains(R"({"viewedId":"a\u0000"})"), "properties altered");
}

QTEST_GUILESS_MAIN(TestHttpLogs)
#include "TestHttpLogs.moc"
