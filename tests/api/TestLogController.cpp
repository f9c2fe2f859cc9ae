#include "ApiHarness.h"

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
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
} // namespace

class TestLogController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void postThenListRoundTrip();
    void sameSessionAppends();
    void rejectsInvalid_data();
    void rejectsInvalid();
    void allOrNothing();
    void forbidsOtherUsers();
    void adminWritesForAnyone();
    void needsCredentials_data();
    void needsCredentials();
    void listFilters_data();
    void listFilters();
    void listRejectsBadInstants_data();
    void listRejectsBadInstants();
    void nonAdminsSeeOnlyTheirOwn();

private:
    void seed(); // as the admin: alice s1 (CLICK, VIEW, NAVIGATE), bob s2 (VIEW)
    QStringList actions(const QString& target, const QString& user = u"root"_s); // "user/session/type"

    test::ApiHarness m_h;
};

void TestLogController::initTestCase_data()
{
    test::addBackendRows();
}

void TestLogController::init()
{
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_h.open(backend, &error), qPrintable(error));
    QVERIFY(m_h.addUser(u"root"_s)); // the admin
    QVERIFY(m_h.addUser(u"alice"_s));
    QVERIFY(m_h.addUser(u"bob"_s));
}

void TestLogController::cleanup()
{
    m_h.close();
}

void TestLogController::seed()
{
    const QByteArray body =
        '[' + log("alice", "s1", kClick + ',' + kView + ',' + kNavigate) + ',' + log("bob", "s2", kView) + ']';
    const auto r = m_h.call("POST", u"/logs"_s, body, u"root"_s);
    QCOMPARE(r.status, 200);
}

QStringList TestLogController::actions(const QString& target, const QString& user)
{
    const auto r = m_h.call("GET", target, {}, user);
    if (r.status != 200)
        return {u"HTTP %1 %2"_s.arg(r.status).arg(QString::fromUtf8(r.body))};
    QStringList out;
    for (const QJsonValue& log : test::ApiHarness::json(r).toArray()) {
        for (const QJsonValue& action : log[u"actions"_s].toArray())
            out.append(log[u"userId"_s].toString() + u'/' + log[u"sessionId"_s].toString() + u'/'
                       + action[u"type"_s].toString());
    }
    return out;
}

void TestLogController::postThenListRoundTrip()
{
    const auto posted = m_h.call("POST", u"/logs"_s, withAction(kClick + ',' + kView + ',' + kNavigate), u"alice"_s);
    EXPECT_JSON(posted, 200);
    QCOMPARE(posted.body, QByteArray(R"({"success":true})"));

    const auto listed = m_h.call("GET", u"/logs/"_s, {}, u"alice"_s);
    EXPECT_JSON(listed, 200);
    // Times come back exactly as sent; keys in the contract's (alphabetical) order.
    QCOMPARE(
        listed.body,
        QByteArray(
            R"([{"actions":[)"
            R"({"properties":{"locationX":0,"locationY":5},"time":"2018-10-18T21:37:28-06:00","type":"CLICK"},)"
            R"({"properties":{"viewedId":"FDJKLHSLD"},"time":"2018-10-19T03:37:29Z","type":"VIEW"},)"
            R"({"properties":{"pageFrom":"a","pageTo":"b"},"time":"2018-10-19T05:00:00+02:00","type":"NAVIGATE"}],)"
            R"("sessionId":"s1","userId":"alice"}])"));
}

void TestLogController::sameSessionAppends()
{
    QCOMPARE(m_h.call("POST", u"/logs/"_s, withAction(kClick), u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/logs"_s, '[' + log("alice", "s1", kView) + ',' + log("alice", "s9", kNavigate) + ']',
                      u"alice"_s)
                 .status,
             200);
    QCOMPARE(actions(u"/logs"_s), (QStringList{u"alice/s1/CLICK"_s, u"alice/s1/VIEW"_s, u"alice/s9/NAVIGATE"_s}));
    const auto listed = m_h.call("GET", u"/logs"_s, {}, u"alice"_s);
    QCOMPARE(test::ApiHarness::json(listed).toArray().size(), 2); // s1 once, with both actions
}

void TestLogController::rejectsInvalid_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    const auto row = [](const char* name, const QByteArray& body, const char* code) {
        QTest::newRow(name) << body << QString::fromLatin1(code);
    };
    for (const char* body : {"", "[]", "{}", "5", "null", "\"x\"", "[", "not json", R"({"userId": "alice"})"})
        row(body[0] ? body : "empty body", body, "NO_LOGS_PROVIDED");
    row("log not an object", "[5]", "MISSING_USERID");
    row("empty log", "[{}]", "MISSING_USERID");
    for (const char* userId : {"null", "\"\"", "5", "[\"alice\"]"})
        row(userId, R"([{"userId": )" + QByteArray(userId) + R"(, "sessionId": "s", "actions": [)" + kView + "]}]",
            "MISSING_USERID");
    row("userId before sessionId", R"([{"actions": []}])", "MISSING_USERID");
    for (const char* sessionId : {"null", "\"\"", "7", "{}"})
        row(sessionId,
            R"([{"userId": "alice", "sessionId": )" + QByteArray(sessionId) + R"(, "actions": [)" + kView + "]}]",
            "MISSING_SESSIONID");
    row("sessionId missing", R"([{"userId": "alice", "actions": [{}]}])", "MISSING_SESSIONID");
    row("actions missing", R"([{"userId": "alice", "sessionId": "s"}])", "MISSING_ACTIONS");
    for (const char* actions : {"null", "[]", "{}", "\"CLICK\"", "0"})
        row(actions, R"([{"userId": "alice", "sessionId": "s", "actions": )" + QByteArray(actions) + "}]",
            "MISSING_ACTIONS");
    for (const char* action : {"{}", "null", "5", "[]", "\"x\""})
        row(action, withAction(action), "EMPTY_ACTION");
    const QByteArray props = R"("properties": {"viewedId": "v"})";
    const QByteArray time = R"("time": "2018-10-18T21:37:28Z")";
    row("type missing", withAction('{' + props + ',' + time + '}'), "MISSING_TYPE_VALUE");
    row("type null", withAction(R"({"type": null, )" + props + ',' + time + '}'), "MISSING_TYPE_VALUE");
    row("type empty", withAction(R"({"type": "", )" + props + ',' + time + '}'), "MISSING_TYPE_VALUE");
    row("type before time", withAction(R"({"properties": {}, "time": "bad"})"), "MISSING_TYPE_VALUE");
    row("properties missing", withAction(R"({"type": "VIEW", )" + time + '}'), "MISSING_PROPERTIES_VALUE");
    row("properties null", withAction(R"({"type": "VIEW", "properties": null, )" + time + '}'),
        "MISSING_PROPERTIES_VALUE");
    row("properties array", withAction(R"({"type": "VIEW", "properties": [], )" + time + '}'),
        "MISSING_PROPERTIES_VALUE");
    row("properties before time", withAction(R"({"type": "VIEW", "time": "bad"})"), "MISSING_PROPERTIES_VALUE");
    row("time missing", withAction(R"({"type": "VIEW", )" + props + '}'), "MISSING_TIME_VALUE");
    row("time null", withAction(R"({"type": "VIEW", "time": null, )" + props + '}'), "MISSING_TIME_VALUE");
    row("time number", withAction(R"({"type": "VIEW", "time": 1539920248, )" + props + '}'), "MISSING_TIME_VALUE");
    for (const char* bad : {"2018-10-18 21:37", "2018-10-18", "yesterday", "2018-13-18T21:37:28Z",
                            "2018-10-18T21:37:28", "2018-10-18T21:37:28+0600", "2018-10-18T21:37:28Z "})
        row(bad, withAction(R"({"type": "VIEW", "time": ")" + QByteArray(bad) + "\", " + props + '}'),
            "INVALID_TIME_FORMAT");
    row("time before type check", withAction(R"({"type": "SCROLL", "time": "x", )" + props + '}'),
        "INVALID_TIME_FORMAT");
    for (const char* type : {"SCROLL", "click", "5"})
        row(type, withAction(R"({"type": ")" + QByteArray(type) + "\", " + props + ',' + time + '}'),
            "INVALID_ACTION_TYPE");
    const auto typed = [&](const char* type, const char* properties) {
        return withAction(R"({"type": ")" + QByteArray(type) + R"(", "properties": )" + properties + ',' + time + '}');
    };
    row("click without x", typed("CLICK", R"({"locationY": 1})"), "MISSING_LOCATION_X_VALUE");
    row("click null x", typed("CLICK", R"({"locationX": null, "locationY": 1})"), "MISSING_LOCATION_X_VALUE");
    row("click x before y", typed("CLICK", "{}"), "MISSING_LOCATION_X_VALUE");
    row("click without y", typed("CLICK", R"({"locationX": 0})"), "MISSING_LOCATION_Y_VALUE");
    row("click null y", typed("CLICK", R"({"locationX": 3, "locationY": null})"), "MISSING_LOCATION_Y_VALUE");
    row("view without id", typed("VIEW", R"({"locationX": 1})"), "MISSING_VIEWEDID_VALUE");
    row("view empty id", typed("VIEW", R"({"viewedId": ""})"), "MISSING_VIEWEDID_VALUE");
    row("navigate without from", typed("NAVIGATE", R"({"pageTo": "b"})"), "MISSING_PAGEFROM_VALUE");
    row("navigate from before to", typed("NAVIGATE", "{}"), "MISSING_PAGEFROM_VALUE");
    row("navigate without to", typed("NAVIGATE", R"({"pageFrom": "a", "pageTo": null})"), "MISSING_PAGETO_VALUE");
    // Document order: the first log's second action fails before the second log's missing userId.
    row("document order", '[' + log("alice", "s1", kClick + ",{}") + ",{}]", "EMPTY_ACTION");
    row("second log", '[' + log("alice", "s1", kClick) + R"(,{"userId": "alice"}])", "MISSING_SESSIONID");
    // Validation comes before authorisation.
    row("invalid beats forbidden", '[' + log("bob", "s1", "null") + ']', "EMPTY_ACTION");
}

void TestLogController::rejectsInvalid()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    const auto r = m_h.call("POST", u"/logs"_s, body, u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, "{\"code\":\"" + code.toLatin1() + "\",\"success\":false}");
    QCOMPARE(actions(u"/logs"_s), QStringList());
}

void TestLogController::allOrNothing()
{
    const QByteArray body = '[' + log("alice", "s1", kClick + ',' + kView) + ',' + log("alice", "s2", kNavigate) + ','
        + log("alice", "s3", R"({"type": "VIEW", "time": "2018-10-18T21:37:28Z", "properties": {}})") + ']';
    QCOMPARE(m_h.call("POST", u"/logs"_s, body, u"alice"_s).status, 400);
    QCOMPARE(actions(u"/logs"_s), QStringList());
    // locationX 0 and locationY 0 are values.
    const QByteArray zero =
        R"({"time": "2018-10-18T21:37:28Z", "type": "CLICK", "properties": {"locationX": 0, "locationY": 0}})";
    QCOMPARE(m_h.call("POST", u"/logs"_s, withAction(zero), u"alice"_s).status, 200);
    QCOMPARE(actions(u"/logs"_s), QStringList{u"alice/s1/CLICK"_s});
}

void TestLogController::forbidsOtherUsers()
{
    for (const QByteArray& body : QByteArrayList{withAction(kClick).replace("alice", "bob"),
                                                 '[' + log("alice", "s1", kClick) + ',' + log("bob", "s2", kView) + ']',
                                                 '[' + log("Alice", "s1", kClick) + ']'}) {
        const auto r = m_h.call("POST", u"/logs"_s, body, u"alice"_s);
        EXPECT_JSON(r, 403);
        QCOMPARE(r.body, QByteArray(R"({"code":"FORBIDDEN","success":false})"));
    }
    QCOMPARE(actions(u"/logs"_s), QStringList()); // nothing written, not even alice's part
}

void TestLogController::adminWritesForAnyone()
{
    seed();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(actions(u"/logs"_s),
             (QStringList{u"alice/s1/CLICK"_s, u"alice/s1/VIEW"_s, u"alice/s1/NAVIGATE"_s, u"bob/s2/VIEW"_s}));
}

void TestLogController::needsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("user");
    QTest::newRow("GET") << QByteArray("GET") << QString();
    QTest::newRow("POST") << QByteArray("POST") << QString();
    QTest::newRow("POST unknown user") << QByteArray("POST") << u"mallory"_s;
}

void TestLogController::needsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, user);
    const auto r = m_h.call(method, u"/logs"_s, withAction(kClick), user);
    QVERIFY2(test::ApiHarness::isUnauthorized(r), r.body.constData());
}

void TestLogController::listFilters_data()
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
    QTest::newRow("from other offset") << u"from=2018-10-18T21:37:29-06:00"_s << QStringList{view, bob};
    QTest::newRow("from plus offset") << u"from=2018-10-19T05:37:29+02:00"_s << QStringList{view, bob};
    QTest::newRow("from encoded plus") << u"from=2018-10-19T05:37:29%2B02:00"_s << QStringList{view, bob};
    QTest::newRow("to inclusive") << u"to=2018-10-18T21:37:28-06:00"_s << QStringList{click, nav};
    QTest::newRow("to fraction") << u"to=2018-10-19T03:37:28.999Z"_s << QStringList{click, nav};
    QTest::newRow("from and to") << u"from=2018-10-19T03:30:00Z&to=2018-10-19T03:37:28Z"_s << QStringList{click};
    QTest::newRow("types") << u"types=VIEW"_s << QStringList{view, bob};
    QTest::newRow("types list") << u"types=CLICK,NAVIGATE"_s << QStringList{click, nav};
    QTest::newRow("unknown type") << u"types=SCROLL"_s << QStringList();
    QTest::newRow("known and unknown") << u"types=SCROLL,CLICK"_s << QStringList{click};
    QTest::newRow("types case-sensitive") << u"types=click"_s << QStringList();
    QTest::newRow("combined") << u"userId=alice&types=VIEW,CLICK&from=2018-10-19T03:37:29Z"_s << QStringList{view};
}

void TestLogController::listFilters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    seed();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(actions(u"/logs?"_s + query), expected);
}

void TestLogController::listRejectsBadInstants_data()
{
    QTest::addColumn<QString>("query");
    for (const char* query : {"from=yesterday", "to=2018-10-19", "from=2018-10-19T03:37:28",
                              "to=", "from=2018-02-30T00:00:00Z", "from=2018-10-19T03:37:28Z&to=x"})
        QTest::newRow(query) << QString::fromLatin1(query);
}

void TestLogController::listRejectsBadInstants()
{
    QFETCH(QString, query);
    const auto r = m_h.call("GET", u"/logs?"_s + query, {}, u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, QByteArray(R"({"code":"INVALID_TIME_FORMAT","success":false})"));
}

void TestLogController::nonAdminsSeeOnlyTheirOwn()
{
    seed();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(actions(u"/logs"_s, u"alice"_s),
             (QStringList{u"alice/s1/CLICK"_s, u"alice/s1/VIEW"_s, u"alice/s1/NAVIGATE"_s}));
    QCOMPARE(actions(u"/logs"_s, u"bob"_s), QStringList{u"bob/s2/VIEW"_s});
    QCOMPARE(actions(u"/logs?userId=bob"_s, u"alice"_s), QStringList());
    QCOMPARE(actions(u"/logs?types=VIEW"_s, u"bob"_s), QStringList{u"bob/s2/VIEW"_s});
    const auto none = m_h.call("GET", u"/logs?userId=alice"_s, {}, u"bob"_s);
    EXPECT_JSON(none, 200);
    QCOMPARE(none.body, QByteArray("[]"));
}

QTEST_GUILESS_MAIN(TestLogController)
#include "TestLogController.moc"
