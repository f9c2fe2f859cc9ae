#include "ApiHarness.h"

#include <QRegularExpression>

using namespace mood;
using namespace Qt::StringLiterals;

class TestEventController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void health_data();
    void health();
    void healthReportsUnreachableDatabase();
    void postCreatesEventInContractOrder_data();
    void postCreatesEventInContractOrder();
    void postSchemaErrors_data();
    void postSchemaErrors();
    void postMalformedBody();
    void postContentChecks_data();
    void postContentChecks();
    void needsCredentials_data();
    void needsCredentials();
    void listInInsertionOrderWithFilters();
    void listDateFilters_data();
    void listDateFilters();
    void listRejectsBadDates_data();
    void listRejectsBadDates();
    void listLimitAndCursor();
    void visibility();

private:
    QString post(const QString& email, const QString& message, const QString& component = u"web"_s,
                 const QString& environment = u"prod"_s); // the new id, as root
    QStringList messages(const QString& target, const QString& user = u"root"_s);

    test::ApiHarness m_h;
};

void TestEventController::initTestCase_data()
{
    test::addBackendRows();
}

void TestEventController::init()
{
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_h.open(backend, &error), qPrintable(error));
    QVERIFY(m_h.addUser(u"root"_s)); // the admin
    QVERIFY(m_h.addUser(u"alice"_s));
    QVERIFY(m_h.addUser(u"bob"_s));
    QVERIFY(m_h.setEmail(u"alice"_s, u"alice@example.com"_s));
}

void TestEventController::cleanup()
{
    m_h.close();
}

QString TestEventController::post(const QString& email, const QString& message, const QString& component,
                                  const QString& environment)
{
    const QJsonObject body{{u"component"_s, component},
                           {u"data"_s, QJsonObject{{u"n"_s, 1}}},
                           {u"email"_s, email},
                           {u"environment"_s, environment},
                           {u"message"_s, message}};
    const auto r = m_h.call("POST", u"/events"_s, QJsonDocument(body).toJson(), u"root"_s);
    if (r.status != 201)
        qWarning("POST /events failed: %d %s", r.status, r.body.constData());
    return test::ApiHarness::json(r)[u"id"_s].toString();
}

QStringList TestEventController::messages(const QString& target, const QString& user)
{
    const auto r = m_h.call("GET", target, {}, user);
    if (r.status != 200)
        return {u"HTTP %1 %2"_s.arg(r.status).arg(QString::fromUtf8(r.body))};
    QStringList out;
    for (const QJsonValue& event : test::ApiHarness::json(r)[u"events"_s].toArray()) {
        if (event[u"component"_s].toString() != EventStore::kProductComponent)
            out.append(event[u"message"_s].toString());
    }
    return out;
}

void TestEventController::health_data()
{
    QTest::addColumn<QString>("path");
    for (const char* path : {"/health", "/heath", "/api/health", "/api/healthz", "/health/", "/api/healthz/"})
        QTest::newRow(path) << QString::fromLatin1(path);
}

void TestEventController::health()
{
    QFETCH(QString, path);
    const auto r = m_h.call("GET", path); // no credentials needed
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"status":"healthy"})"));
}

void TestEventController::healthReportsUnreachableDatabase()
{
    QFETCH_GLOBAL(QString, backend);
    const auto r =
        m_h.callWithDatabaseDown("GET", backend == QLatin1String(test::kSqlite) ? u"/api/healthz"_s : u"/health"_s);
    if (backend == QLatin1String(test::kPostgres)) {
        // A cut session is not an unreachable database: a fresh connection answers, so the check says healthy
        // (issue 6: a dropped connection costs no 503).
        EXPECT_JSON(r, 200);
        QCOMPARE(r.body, QByteArray(R"({"status":"healthy"})"));
        return;
    }
    EXPECT_JSON(r, 503);
    QCOMPARE(r.body, QByteArray(R"({"status":"unhealthy","reason":"database unreachable"})"));
}

void TestEventController::postCreatesEventInContractOrder_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("events") << u"/events"_s;
    QTest::newRow("api/events") << u"/api/events"_s;
    QTest::newRow("trailing slash") << u"/events/"_s;
}

void TestEventController::postCreatesEventInContractOrder()
{
    QFETCH(QString, path);
    m_h.clock->setNow(QDateTime(QDate(2026, 3, 15), QTime(12, 0, 0, 123), Qt::UTC));
    const QByteArray body =
        R"({"message": "deployed", "environment": "prod", "email": "ops@example.com", "data": {"b": [1, 2], "a": null}, "component": "web"})";
    const auto r = m_h.call("POST", path, body, u"alice"_s); // any user may record events
    EXPECT_JSON(r, 201);
    static const QRegularExpression shape(
        uR"re(^\{"component":"web","data":\{"a":null,"b":\[1,2\]\},"email":"ops@example.com","environment":"prod",)re"
        uR"re("message":"deployed","id":"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})",)re"
        uR"re("created_at":"(\d+\.\d{6})"\}$)re"_s);
    const auto m = shape.match(QString::fromUtf8(r.body));
    QVERIFY2(m.hasMatch(), r.body.constData());
    QCOMPARE(m.captured(2), u"1773576000.123000"_s);

    // The stored event reads back identically.
    const auto list = m_h.call("GET", u"/events?component=web"_s, {}, u"root"_s);
    EXPECT_JSON(list, 200);
    QCOMPARE(list.body, "{\"events\":[" + r.body + "]}");
}

void TestEventController::postSchemaErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonObject>("errors");
    const QString component = u"component"_s;
    QTest::newRow("empty object") << QByteArray("{}")
                                  << QJsonObject{{component, u"'component' is a required property"_s},
                                                 {u"data"_s, u"'data' is a required property"_s},
                                                 {u"email"_s, u"'email' is a required property"_s},
                                                 {u"environment"_s, u"'environment' is a required property"_s},
                                                 {u"message"_s, u"'message' is a required property"_s}};
    QTest::newRow("wrong types and one missing")
        << QByteArray(R"({"component": 5, "data": [1, 2], "email": null, "environment": true})")
        << QJsonObject{{component, u"5 is not of type 'string'"_s},
                       {u"data"_s, u"[1, 2] is not of type 'object'"_s},
                       {u"email"_s, u"None is not of type 'string'"_s},
                       {u"environment"_s, u"True is not of type 'string'"_s},
                       {u"message"_s, u"'message' is a required property"_s}};
    QTest::newRow("data only wrong") << QByteArray(
        R"({"component": "c", "data": "x", "email": "a@b.co", "environment": "e", "message": 1.5})")
                                     << QJsonObject{{u"data"_s, u"'x' is not of type 'object'"_s},
                                                    {u"message"_s, u"1.5 is not of type 'string'"_s}};
    QTest::newRow("values quoted as written") << QByteArray(
        R"({"component": 5.0, "data": [{"y": 1, "x": 2}], "email": "a@b.co", "environment": "e", "message": "m"})")
                                              << QJsonObject{
                                                     {component, u"5.0 is not of type 'string'"_s},
                                                     {u"data"_s, u"[{'y': 1, 'x': 2}] is not of type 'object'"_s}};
    QTest::newRow("array at the top") << QByteArray("[1, 2]")
                                      << QJsonObject{{QString(), u"[1, 2] is not of type 'object'"_s}};
    QTest::newRow("string at the top") << QByteArray(R"("x")")
                                       << QJsonObject{{QString(), u"'x' is not of type 'object'"_s}};
    QTest::newRow("null at the top") << QByteArray("null")
                                     << QJsonObject{{QString(), u"None is not of type 'object'"_s}};
}

void TestEventController::postSchemaErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QJsonObject, errors);
    const auto r = m_h.call("POST", u"/events"_s, body, u"alice"_s);
    EXPECT_JSON(r, 400);
    const QJsonObject expected{{u"errors"_s, errors}, {u"message"_s, u"Input payload validation failed"_s}};
    QCOMPARE(r.body, test::ApiHarness::compact(expected));
    QCOMPARE(messages(u"/events"_s), QStringList()); // nothing stored
}

void TestEventController::postMalformedBody()
{
    for (const QByteArray& body : {QByteArray(), QByteArray("{"), QByteArray("not json"), QByteArray("{} {}")}) {
        const auto r = m_h.call("POST", u"/api/events"_s, body, u"alice"_s);
        EXPECT_JSON(r, 400);
        const QJsonObject object = test::ApiHarness::json(r).toObject();
        QCOMPARE(object.keys(), QStringList{u"message"_s});
        QVERIFY(!object.value(u"message"_s).toString().isEmpty());
    }
}

void TestEventController::postContentChecks_data()
{
    QTest::addColumn<QString>("component");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected");
    const QString email = u"Failed with Invalid email address."_s;
    const QString component = u"Failed with Component can not be empty."_s;
    const QString environment = u"Failed with Environment can not be empty."_s;
    const QString message = u"Failed with Message can not be empty."_s;
    QTest::newRow("email empty") << u"c"_s << QString() << u"e"_s << u"m"_s << email;
    QTest::newRow("email no at") << u"c"_s << u"nobody"_s << u"e"_s << u"m"_s << email;
    QTest::newRow("email no domain dot") << u"c"_s << u"a@b"_s << u"e"_s << u"m"_s << email;
    QTest::newRow("email with space") << u"c"_s << u"a b@c.de"_s << u"e"_s << u"m"_s << email;
    QTest::newRow("email before all") << QString() << u"x"_s << QString() << QString() << email;
    QTest::newRow("component empty") << QString() << u"a@b.co"_s << u"e"_s << u"m"_s << component;
    QTest::newRow("component blank") << u" \t"_s << u"a@b.co"_s << u"e"_s << u"m"_s << component;
    QTest::newRow("component before environment") << u" "_s << u"a@b.co"_s << u""_s << u""_s << component;
    QTest::newRow("environment blank") << u"c"_s << u"a@b.co"_s << u"  "_s << u"m"_s << environment;
    QTest::newRow("environment before message") << u"c"_s << u"a@b.co"_s << QString() << QString() << environment;
    QTest::newRow("message empty") << u"c"_s << u"a@b.co"_s << u"e"_s << QString() << message;
    QTest::newRow("message newlines") << u"c"_s << u"a@b.co"_s << u"e"_s << u"\n \r\n"_s << message;
}

void TestEventController::postContentChecks()
{
    QFETCH(QString, component);
    QFETCH(QString, email);
    QFETCH(QString, environment);
    QFETCH(QString, message);
    QFETCH(QString, expected);
    const QJsonObject body{{u"component"_s, component},
                           {u"data"_s, QJsonObject()},
                           {u"email"_s, email},
                           {u"environment"_s, environment},
                           {u"message"_s, message}};
    const auto r = m_h.call("POST", u"/events"_s, QJsonDocument(body).toJson(), u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, test::ApiHarness::compact({{u"message"_s, expected}}));
    QCOMPARE(messages(u"/events"_s), QStringList());
}

void TestEventController::needsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");
    QTest::newRow("GET /events") << QByteArray("GET") << u"/events"_s << QString();
    QTest::newRow("POST /events") << QByteArray("POST") << u"/events"_s << QString();
    QTest::newRow("GET /api/events") << QByteArray("GET") << u"/api/events"_s << QString();
    QTest::newRow("POST /api/events") << QByteArray("POST") << u"/api/events"_s << QString();
    QTest::newRow("unknown user") << QByteArray("GET") << u"/events"_s << u"mallory"_s;
}

void TestEventController::needsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, user);
    const auto r = m_h.call(method, path, R"({"component": "c"})", user);
    QVERIFY2(test::ApiHarness::isUnauthorized(r), r.body.constData());
}

void TestEventController::listInInsertionOrderWithFilters()
{
    post(u"a@example.com"_s, u"100% done"_s, u"web"_s, u"prod"_s);
    post(u"b@example.com"_s, u"a_b"_s, u"db"_s, u"prod"_s);
    post(u"a@example.com"_s, u"axb Hello"_s, u"web"_s, u"test"_s);
    post(u"b@example.com"_s, u"hello+world"_s, u"web"_s, u"prod"_s);

    QCOMPARE(messages(u"/events"_s), (QStringList{u"100% done"_s, u"a_b"_s, u"axb Hello"_s, u"hello+world"_s}));
    QCOMPARE(messages(u"/api/events/"_s), messages(u"/events"_s));
    QCOMPARE(messages(u"/events?email=a@example.com"_s), (QStringList{u"100% done"_s, u"axb Hello"_s}));
    QCOMPARE(messages(u"/events?email=A@example.com"_s), QStringList());
    QCOMPARE(messages(u"/events?environment=test"_s), QStringList{u"axb Hello"_s});
    QCOMPARE(messages(u"/events?component=db"_s), QStringList{u"a_b"_s});
    QCOMPARE(messages(u"/events?component=we"_s), QStringList()); // exact, not a prefix
    QCOMPARE(messages(u"/events?component=web&environment=prod&email=b@example.com"_s), QStringList{u"hello+world"_s});
    // message: literal, case-sensitive substring; % and _ are not wildcards, + is a plus.
    QCOMPARE(messages(u"/events?message=%25"_s), QStringList{u"100% done"_s});
    QCOMPARE(messages(u"/events?message=_"_s), QStringList{u"a_b"_s});
    QCOMPARE(messages(u"/events?message=Hello"_s), QStringList{u"axb Hello"_s});
    QCOMPARE(messages(u"/events?message=hello"_s), QStringList{u"hello+world"_s});
    QCOMPARE(messages(u"/events?message=o+w"_s), QStringList{u"hello+world"_s});
    QCOMPARE(messages(u"/events?message=o%20w"_s), QStringList());
}

void TestEventController::listDateFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    const QStringList all{u"14th late"_s, u"15th midnight"_s, u"15th late"_s, u"16th"_s};
    QTest::newRow("no filter") << QString() << all;
    QTest::newRow("from MM-DD-YYYY") << u"from_date=03-15-2026"_s << all.mid(1);
    QTest::newRow("from without zeros") << u"from_date=3-15-2026"_s << all.mid(1);
    QTest::newRow("from ISO") << u"from_date=2026-03-15"_s << all.mid(1);
    QTest::newRow("from later day") << u"from_date=03-16-2026"_s << all.mid(3);
    QTest::newRow("to includes the day") << u"to_date=03-15-2026"_s << all.mid(0, 3);
    QTest::newRow("one day") << u"from_date=2026-03-15&to_date=3-15-2026"_s << all.mid(1, 2);
    QTest::newRow("empty range") << u"from_date=2026-03-17"_s << QStringList();
}

void TestEventController::listDateFilters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const auto at = [this](int day, int hour, int minute, int second) {
        m_h.clock->setNow(QDateTime(QDate(2026, 3, day), QTime(hour, minute, second), Qt::UTC));
    };
    at(14, 23, 59, 59);
    post(u"a@example.com"_s, u"14th late"_s);
    at(15, 0, 0, 0);
    post(u"a@example.com"_s, u"15th midnight"_s);
    at(15, 23, 59, 59);
    post(u"a@example.com"_s, u"15th late"_s);
    at(16, 0, 0, 0);
    post(u"a@example.com"_s, u"16th"_s);
    QCOMPARE(messages(u"/events?"_s + query), expected);
}

void TestEventController::listRejectsBadDates_data()
{
    QTest::addColumn<QString>("query");
    for (const char* query : {"from_date=13-01-2026", "from_date=02-30-2026", "from_date=2026/03/15",
                              "from_date=yesterday", "from_date=03-15-26", "from_date=1773576000", "to_date=2026-02-29",
                              "to_date=x", "from_date=03-15-2026&to_date=0-1-2026"})
        QTest::newRow(query) << QString::fromLatin1(query);
}

void TestEventController::listRejectsBadDates()
{
    QFETCH(QString, query);
    for (const QString& path : {u"/events?"_s, u"/api/events?"_s}) {
        const auto r = m_h.call("GET", path + query, {}, u"root"_s);
        EXPECT_JSON(r, 400);
        QCOMPARE(r.body, QByteArray(R"({"message":"Unable to retrieve events - Invalid date specified."})"));
    }
}

void TestEventController::listLimitAndCursor()
{
    QStringList ids;
    for (int i = 1; i <= 5; ++i)
        ids.append(post(u"a@example.com"_s, u"e%1"_s.arg(i)));
    const QString only = u"&component=web"_s; // leave out the product's own events
    QCOMPARE(messages(u"/events?limit=2"_s + only), (QStringList{u"e1"_s, u"e2"_s}));
    QCOMPARE(messages(u"/events?limit=1000"_s + only).size(), 5);
    QCOMPARE(messages(u"/events?after="_s + ids.at(1) + only), (QStringList{u"e3"_s, u"e4"_s, u"e5"_s}));
    QCOMPARE(messages(u"/events?limit=1&after="_s + ids.at(2) + only), QStringList{u"e4"_s});
    QCOMPARE(messages(u"/events?after="_s + ids.at(4) + only), QStringList());
    QCOMPARE(messages(u"/events?after=no-such-id"_s + only), QStringList());

    // Without other filters, the default limit of 100 applies.
    for (int i = 6; i <= 101; ++i)
        post(u"a@example.com"_s, u"e%1"_s.arg(i));
    const auto all = m_h.call("GET", u"/events"_s, {}, u"root"_s);
    QCOMPARE(test::ApiHarness::json(all)[u"events"_s].toArray().size(), 100);

    for (const char* limit : {"0", "1001", "-1", "abc", "1.5", ""}) {
        const auto r = m_h.call("GET", u"/events?limit="_s + QString::fromLatin1(limit), {}, u"root"_s);
        EXPECT_JSON(r, 400);
        QCOMPARE(test::ApiHarness::json(r).toObject().keys(), QStringList{u"message"_s});
    }
}

void TestEventController::visibility()
{
    post(u"alice@example.com"_s, u"for alice"_s);
    post(u"bob@example.com"_s, u"for bob"_s);
    post(u"alice@example.com"_s, u"for alice again"_s, u"db"_s);
    // Events are scoped by who posted them, not by the email they carry: alice reads what she posted.
    for (const auto& [component, message] : {std::pair{u"web"_s, u"for alice"_s}, {u"db"_s, u"for alice again"_s}}) {
        const QJsonObject body{{u"component"_s, component},
                               {u"data"_s, QJsonObject()},
                               {u"email"_s, u"someone@example.com"_s},
                               {u"environment"_s, u"prod"_s},
                               {u"message"_s, message}};
        QCOMPARE(m_h.call("POST", u"/events"_s, QJsonDocument(body).toJson(), u"alice"_s).status, 201);
    }

    // The admin sees everything, the product's own events (no email) included.
    const auto all = m_h.call("GET", u"/events"_s, {}, u"root"_s);
    EXPECT_JSON(all, 200);
    const QJsonArray events = test::ApiHarness::json(all)[u"events"_s].toArray();
    QVERIFY(events.size() > 3);
    QCOMPARE(events.first()[u"message"_s].toString(), u"user 'root' registered"_s);
    QCOMPARE(events.first()[u"email"_s].toString(), QString());
    QCOMPARE(messages(u"/events"_s),
             (QStringList{u"for alice"_s, u"for bob"_s, u"for alice again"_s, u"for alice"_s, u"for alice again"_s}));

    // Others see only the events they posted, never the product's.
    const auto mine = m_h.call("GET", u"/events"_s, {}, u"alice"_s);
    EXPECT_JSON(mine, 200);
    QCOMPARE(test::ApiHarness::json(mine)[u"events"_s].toArray().size(), 2);
    QCOMPARE(messages(u"/events"_s, u"alice"_s), (QStringList{u"for alice"_s, u"for alice again"_s}));
    QCOMPARE(messages(u"/api/events?component=db"_s, u"alice"_s), QStringList{u"for alice again"_s});
    QCOMPARE(messages(u"/events?email=bob@example.com"_s, u"alice"_s), QStringList());
    QCOMPARE(messages(u"/events?component=moodboard"_s, u"alice"_s), QStringList());

    // bob has no email: nothing, not the email-less product events.
    const auto none = m_h.call("GET", u"/events"_s, {}, u"bob"_s);
    EXPECT_JSON(none, 200);
    QCOMPARE(none.body, QByteArray(R"({"events":[]})"));
    QCOMPARE(m_h.call("GET", u"/events?component=moodboard"_s, {}, u"bob"_s).body, QByteArray(R"({"events":[]})"));
    // Bad filters are still rejected for him.
    QCOMPARE(m_h.call("GET", u"/events?from_date=x"_s, {}, u"bob"_s).status, 400);
}

QTEST_GUILESS_MAIN(TestEventController)
#include "TestEventController.moc"
