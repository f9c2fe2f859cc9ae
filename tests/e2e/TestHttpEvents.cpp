#include "HttpExpect.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// CONTRACTS.md section 2 (health and events), end to end over real HTTP on 127.0.0.1.
namespace {

using Headers = QHash<QByteArray, QByteArray>;
using test::basicHeader;
using test::describe;
using test::kTestPassword;

QByteArray eventBody(const QString& email, const QString& message, const QString& component = u"web"_s,
                     const QString& environment = u"prod"_s)
{
    const QJsonObject body{{u"component"_s, component},
                           {u"data"_s, QJsonObject{{u"n"_s, 1}}},
                           {u"email"_s, email},
                           {u"environment"_s, environment},
                           {u"message"_s, message}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

class TestHttpEvents final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void health_data();
    void health();
    void postCreatesEventInContractOrder_data();
    void postCreatesEventInContractOrder();
    void postSchemaErrors_data();
    void postSchemaErrors();
    void postContentChecks_data();
    void postContentChecks();
    void oversizedBodyIs413();
    void unstorableTextIs400();
    void needsCredentials_data();
    void needsCredentials();
    void bannedAddressGets429();
    void unknownRoutesAndMethods();
    void listFilters_data();
    void listFilters();
    void listDateFilters_data();
    void listDateFilters();
    void listRejectsBadDates_data();
    void listRejectsBadDates();
    void listLimitAndCursor();
    void visibility();
    void emailIsNotAnIdentity();

private:
    test::HttpReply send(const QByteArray& method, const QString& path, const QByteArray& body = {},
                         const QString& user = u"root"_s);
    QString post(const QString& email, const QString& message, const QString& component = u"web"_s,
                 const QString& environment = u"prod"_s);                         // as root; the new id
    QStringList messages(const QString& target, const QString& user = u"root"_s); // leaves out the product's own

    test::TestServer m_server;
    std::unique_ptr<test::HttpClient> m_client;
};

void TestHttpEvents::initTestCase_data()
{
    test::addBackendRows();
}

void TestHttpEvents::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_server.start(backend), qPrintable(m_server.error()));
    m_client = std::make_unique<test::HttpClient>(m_server.baseUrl());
    QVERIFY(m_server.addUser(u"root"_s) > 0); // the first user: the admin
    const qint64 alice = m_server.addUser(u"alice"_s);
    QVERIFY(alice > 0);
    QVERIFY(m_server.addUser(u"bob"_s) > 0); // no email
    QVERIFY(m_server.services().users.setEmail(alice, u"alice@example.com"_s).ok());
}

void TestHttpEvents::cleanup()
{
    m_client.reset();
    m_server.stop();
}

test::HttpReply TestHttpEvents::send(const QByteArray& method, const QString& path, const QByteArray& body,
                                     const QString& user)
{
    return m_client->send(method, path, body, basicHeader(user));
}

QString TestHttpEvents::post(const QString& email, const QString& message, const QString& component,
                             const QString& environment)
{
    const auto r = send("POST", u"/events"_s, eventBody(email, message, component, environment));
    if (r.status != 201)
        qWarning("POST /events failed: %s", qPrintable(describe(r)));
    return r.json().object().value(u"id"_s).toString();
}

QStringList TestHttpEvents::messages(const QString& target, const QString& user)
{
    const auto r = send("GET", target, {}, user);
    if (r.status != 200 || r.header("content-type") != "application/json")
        return {u"HTTP "_s + describe(r)};
    QStringList out;
    for (const QJsonValue& event : r.json().object().value(u"events"_s).toArray()) {
        if (event[u"component"_s].toString() != EventStore::kProductComponent)
            out.append(event[u"message"_s].toString());
    }
    return out;
}

void TestHttpEvents::health_data()
{
    QTest::addColumn<QString>("path");
    for (const char* path : {"/health", "/heath", "/api/health", "/api/healthz"}) {
        QTest::newRow(path) << QString::fromLatin1(path);
        QTest::newRow(QByteArray(QByteArray(path) + '/').constData()) << QString::fromLatin1(path) + u'/';
    }
}

void TestHttpEvents::health()
{
    QFETCH(QString, path);
    const auto r = send("GET", path, {}, QString()); // no credentials needed
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"status":"healthy"})"));
}

void TestHttpEvents::postCreatesEventInContractOrder_data()
{
    QTest::addColumn<QString>("path");
    for (const char* path : {"/events", "/api/events", "/events/", "/api/events/"})
        QTest::newRow(path) << QString::fromLatin1(path);
}

void TestHttpEvents::postCreatesEventInContractOrder()
{
    QFETCH(QString, path);
    m_server.clock().setNow(QDateTime(QDate(2026, 3, 15), QTime(12, 0, 0, 123), Qt::UTC));
    const QByteArray body = u"{\"message\": \"déployé ✓\", \"environment\": \"prod\", \"email\": \"ops@example.com\", "
                            "\"data\": {\"b\": [1, 2], \"a\": null}, \"component\": \"web\"}"_s.toUtf8();
    const auto r = send("POST", path, body, u"bob"_s); // any user may record events
    EXPECT_JSON_REPLY(r, 201);
    static const QRegularExpression shape(
        uR"re(^\{"component":"web","data":\{"a":null,"b":\[1,2\]\},"email":"ops@example.com","environment":"prod",)re"
        uR"re("message":"déployé ✓","id":"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})",)re"
        uR"re("created_at":"(\d+\.\d{6})"\}$)re"_s);
    const auto m = shape.match(QString::fromUtf8(r.body));
    QVERIFY2(m.hasMatch(), r.body.constData());
    QCOMPARE(m.captured(2), u"1773576000.123000"_s);

    // The stored event reads back byte for byte, on both paths.
    for (const QString& list : {u"/events?component=web"_s, u"/api/events/?component=web"_s}) {
        const auto listed = send("GET", list);
        EXPECT_JSON_REPLY(listed, 200);
        QCOMPARE(listed.body, "{\"events\":[" + r.body + "]}");
    }
    const QString again = post(u"ops@example.com"_s, u"again"_s);
    QVERIFY(!again.isEmpty() && again != m.captured(1)); // a fresh id each time
}

void TestHttpEvents::postSchemaErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray tail = R"(},"message":"Input payload validation failed"})";
    QTest::newRow("empty object")
        << QByteArray("{}")
        << R"({"errors":{"component":"'component' is a required property",)"
           R"("data":"'data' is a required property","email":"'email' is a required property",)"
           R"("environment":"'environment' is a required property",)"
           R"("message":"'message' is a required property")"
            + tail;
    QTest::newRow("wrong types and one missing")
        << QByteArray(R"({"component": 5, "data": [1, 2], "email": null, "environment": true})")
        << R"({"errors":{"component":"5 is not of type 'string'","data":"[1, 2] is not of type 'object'",)"
           R"("email":"None is not of type 'string'","environment":"True is not of type 'string'",)"
           R"("message":"'message' is a required property")"
            + tail;
    QTest::newRow("two wrong") << QByteArray(
        R"({"component": "c", "data": "x", "email": "a@b.co", "environment": "e", "message": 1.5})")
                               << R"({"errors":{"data":"'x' is not of type 'object'",)"
                                  R"("message":"1.5 is not of type 'string'")"
            + tail;
    QTest::newRow("array at the top") << QByteArray("[1, 2]")
                                      << R"({"errors":{"":"[1, 2] is not of type 'object'")" + tail;
    QTest::newRow("null at the top") << QByteArray("null") << R"({"errors":{"":"None is not of type 'object'")" + tail;
    for (const char* malformed : {"", "{", "not json", "<html>"}) // not JSON: any text, in the events' shape
        QTest::newRow(malformed[0] ? malformed : "empty body") << QByteArray(malformed) << QByteArray();
}

void TestHttpEvents::postSchemaErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    const auto r = send("POST", u"/api/events"_s, body, u"alice"_s);
    EXPECT_JSON_REPLY(r, 400);
    if (expected.isEmpty()) {
        QCOMPARE(r.json().object().keys(), QStringList{u"message"_s});
        QVERIFY(!r.json().object().value(u"message"_s).toString().isEmpty());
    } else {
        QCOMPARE(r.body, expected);
    }
    QCOMPARE(messages(u"/events"_s), QStringList()); // nothing stored
}

void TestHttpEvents::postContentChecks_data()
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
    QTest::newRow("email invalid") << u"c"_s << u"nobody"_s << u"e"_s << u"m"_s << email;
    QTest::newRow("email first") << QString() << u"a b@c.de"_s << QString() << QString() << email;
    QTest::newRow("component blank") << u" \t"_s << u"a@b.co"_s << u"e"_s << u"m"_s << component;
    QTest::newRow("component before environment") << QString() << u"a@b.co"_s << QString() << QString() << component;
    QTest::newRow("environment blank") << u"c"_s << u"a@b.co"_s << u"  "_s << u"m"_s << environment;
    QTest::newRow("environment before message") << u"c"_s << u"a@b.co"_s << QString() << u" "_s << environment;
    QTest::newRow("message empty") << u"c"_s << u"a@b.co"_s << u"e"_s << QString() << message;
    QTest::newRow("message whitespace") << u"c"_s << u"a@b.co"_s << u"e"_s << u"\n \r\n"_s << message;
}

void TestHttpEvents::postContentChecks()
{
    QFETCH(QString, component);
    QFETCH(QString, email);
    QFETCH(QString, environment);
    QFETCH(QString, message);
    QFETCH(QString, expected);
    const auto r = send("POST", u"/events"_s, eventBody(email, message, component, environment), u"alice"_s);
    EXPECT_JSON_REPLY(r, 400);
    QCOMPARE(r.body, "{\"message\":\"" + expected.toUtf8() + "\"}");
    QCOMPARE(messages(u"/events"_s), QStringList());
}

void TestHttpEvents::oversizedBodyIs413()
{
    QFETCH_GLOBAL(QString, backend);
    m_client.reset();
    api::ServerOptions options;
    options.maxBodyBytes = 256;
    QVERIFY2(m_server.start(backend, options), qPrintable(m_server.error()));
    m_client = std::make_unique<test::HttpClient>(m_server.baseUrl());
    QVERIFY(m_server.addUser(u"root"_s) > 0);

    const QByteArray small = eventBody(u"a@example.com"_s, u"fits"_s);
    QVERIFY(small.size() <= 256);
    QCOMPARE(send("POST", u"/events"_s, small).status, 201);
    const QByteArray big = eventBody(u"a@example.com"_s, QString(300, u'x'));
    for (const QString& path : {u"/events"_s, u"/api/events/"_s}) {
        const auto r = send("POST", path, big);
        EXPECT_JSON_REPLY(r, 413);
        QCOMPARE(r.json().object().keys(), QStringList{u"message"_s});
        QVERIFY(!r.json().object().value(u"message"_s).toString().isEmpty());
    }
    QCOMPARE(messages(u"/events"_s), QStringList{u"fits"_s});
}

void TestHttpEvents::needsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("authorization");
    const QByteArray none;
    QTest::newRow("GET /events") << QByteArray("GET") << u"/events"_s << none;
    QTest::newRow("POST /events") << QByteArray("POST") << u"/events"_s << none;
    QTest::newRow("GET /api/events/") << QByteArray("GET") << u"/api/events/"_s << none;
    QTest::newRow("POST /api/events") << QByteArray("POST") << u"/api/events"_s << none;
    QTest::newRow("wrong password") << QByteArray("GET") << u"/events"_s << test::basicAuth(u"root"_s, u"nope"_s);
    QTest::newRow("unknown user") << QByteArray("POST") << u"/events"_s << test::basicAuth(u"mallory"_s, kTestPassword);
    QTest::newRow("bad bearer") << QByteArray("GET") << u"/api/events"_s << QByteArray("Bearer not-a-token");
    QTest::newRow("not base64") << QByteArray("GET") << u"/events"_s << QByteArray("Basic !!!");
}

void TestHttpEvents::needsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, authorization);
    Headers headers;
    if (!authorization.isEmpty())
        headers.insert("Authorization", authorization);
    const auto r = m_client->send(method, path, eventBody(u"root@example.com"_s, u"sneaky"_s), headers);
    EXPECT_UNAUTHORIZED(r);
    QCOMPARE(messages(u"/events"_s), QStringList()); // nothing stored
}

void TestHttpEvents::bannedAddressGets429()
{
    for (int i = 0; i < 5; ++i)
        EXPECT_UNAUTHORIZED(m_client->send("GET", u"/events"_s, {}, basicHeader(u"root"_s, u"wrong"_s)));
    // Five failures ban the address: even the right credentials now get 429, in the events' shape.
    const auto r = send("GET", u"/events"_s);
    EXPECT_JSON_REPLY(r, 429);
    QCOMPARE(r.json().object().keys(), QStringList{u"message"_s});
    QVERIFY(!r.json().object().value(u"message"_s).toString().isEmpty());
    EXPECT_JSON_REPLY(send("POST", u"/api/events"_s, eventBody(u"a@b.co"_s, u"m"_s)), 429);
    EXPECT_JSON_REPLY(send("GET", u"/health"_s, {}, QString()), 200); // no auth, no ban
}

void TestHttpEvents::unknownRoutesAndMethods()
{
    for (const QString& path : {u"/events/abc"_s, u"/api/events/abc/"_s, u"/api/healthzz"_s, u"/api"_s}) {
        const auto r = send("GET", path);
        EXPECT_JSON_REPLY(r, 404);
        QCOMPARE(r.body, QByteArray(R"({"error":"not found"})"));
    }
    for (const auto& [method, path] :
         {std::pair{QByteArray("DELETE"), u"/events"_s}, std::pair{QByteArray("PUT"), u"/api/events/"_s},
          std::pair{QByteArray("POST"), u"/health"_s}, std::pair{QByteArray("PATCH"), u"/api/healthz"_s}}) {
        const auto r = send(method, path, "{}");
        EXPECT_JSON_REPLY(r, 405);
        QCOMPARE(r.body, QByteArray(R"({"error":"method not allowed"})"));
        QVERIFY2(r.header("allow").contains(path.contains(u"health"_s) ? "GET" : "POST"), r.header("allow"));
    }
}

void TestHttpEvents::listFilters_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("expected");
    const QString percent = u"100% done"_s, under = u"a_b"_s, hello = u"axb Hello"_s, plus = u"hello+world c++"_s;
    QTest::newRow("all") << u"/events"_s << QStringList{percent, under, hello, plus};
    QTest::newRow("all /api/events/") << u"/api/events/"_s << QStringList{percent, under, hello, plus};
    QTest::newRow("email") << u"/events?email=a@example.com"_s << QStringList{percent, hello};
    QTest::newRow("email encoded") << u"/events?email=a%40example.com"_s << QStringList{percent, hello};
    QTest::newRow("email encoded plus") << u"/events?email=b%2Bx@example.com"_s << QStringList{under, plus};
    QTest::newRow("email exact") << u"/events?email=A@example.com"_s << QStringList();
    QTest::newRow("environment") << u"/api/events?environment=test"_s << QStringList{hello};
    QTest::newRow("component") << u"/events?component=db"_s << QStringList{under};
    QTest::newRow("component exact") << u"/events?component=we"_s << QStringList();
    QTest::newRow("all three") << u"/events?component=web&environment=prod&email=b+x@example.com"_s
                               << QStringList{plus};
    QTest::newRow("empty value is no filter")
        << u"/events?email=&component="_s << QStringList{percent, under, hello, plus};
    QTest::newRow("percent literal") << u"/events?message=%25"_s << QStringList{percent};
    QTest::newRow("percent not a wildcard") << u"/events?message=1%25e"_s << QStringList();
    QTest::newRow("underscore literal") << u"/events?message=_"_s << QStringList{under};
    QTest::newRow("underscore not a wildcard") << u"/events?message=a_b%20"_s << QStringList();
    QTest::newRow("case-sensitive") << u"/events?message=Hello"_s << QStringList{hello};
    QTest::newRow("substring") << u"/events?message=hello"_s << QStringList{plus};
    QTest::newRow("plus literal") << u"/events?message=o+w"_s << QStringList{plus};
    QTest::newRow("plus twice") << u"/api/events?message=c++"_s << QStringList{plus};
    QTest::newRow("plus encoded") << u"/events?message=c%2B%2B"_s << QStringList{plus};
    QTest::newRow("plus is not a space") << u"/events?message=axb+Hello"_s << QStringList();
    QTest::newRow("space encoded") << u"/events?message=axb%20Hello"_s << QStringList{hello};
    QTest::newRow("message and email") << u"/events?message=o&email=a@example.com"_s << QStringList{percent, hello};
}

void TestHttpEvents::listFilters()
{
    QFETCH(QString, target);
    QFETCH(QStringList, expected);
    post(u"a@example.com"_s, u"100% done"_s, u"web"_s, u"prod"_s);
    post(u"b+x@example.com"_s, u"a_b"_s, u"db"_s, u"prod"_s);
    post(u"a@example.com"_s, u"axb Hello"_s, u"web"_s, u"test"_s);
    post(u"b+x@example.com"_s, u"hello+world c++"_s, u"web"_s, u"prod"_s);
    QCOMPARE(messages(target), expected);
}

void TestHttpEvents::listDateFilters_data()
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
    QTest::newRow("to ISO") << u"to_date=2026-03-14"_s << all.mid(0, 1);
    QTest::newRow("one day") << u"from_date=2026-03-15&to_date=3-15-2026"_s << all.mid(1, 2);
    QTest::newRow("with other filters") << u"from_date=03-15-2026&message=late"_s << all.mid(2, 1);
    QTest::newRow("empty range") << u"from_date=2026-03-17"_s << QStringList();
}

void TestHttpEvents::listDateFilters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const QList<std::pair<QDateTime, QString>> events{{{QDate(2026, 3, 14), QTime(23, 59, 59)}, u"14th late"_s},
                                                      {{QDate(2026, 3, 15), QTime(0, 0)}, u"15th midnight"_s},
                                                      {{QDate(2026, 3, 15), QTime(23, 59, 59)}, u"15th late"_s},
                                                      {{QDate(2026, 3, 16), QTime(0, 0)}, u"16th"_s}};
    for (const auto& [at, message] : events) {
        m_server.clock().setNow(QDateTime(at.date(), at.time(), Qt::UTC));
        post(u"a@example.com"_s, message);
    }
    QCOMPARE(messages(u"/events?"_s + query), expected);
    QCOMPARE(messages(u"/api/events/?"_s + query), expected);
}

void TestHttpEvents::listRejectsBadDates_data()
{
    QTest::addColumn<QString>("query");
    for (const char* query :
         {"from_date=13-01-2026", "from_date=02-30-2026", "from_date=2026/03/15", "from_date=yesterday",
          "from_date=03-15-26", "to_date=2026-02-29", "to_date=x", "from_date=03-15-2026&to_date=0-1-2026"})
        QTest::newRow(query) << QString::fromLatin1(query);
}

void TestHttpEvents::listRejectsBadDates()
{
    QFETCH(QString, query);
    for (const QString& path : {u"/events?"_s, u"/api/events/?"_s}) {
        for (const QString& user : {u"root"_s, u"bob"_s}) { // also for someone who would see nothing
            const auto r = send("GET", path + query, {}, user);
            EXPECT_JSON_REPLY(r, 400);
            QCOMPARE(r.body, QByteArray(R"({"message":"Unable to retrieve events - Invalid date specified."})"));
        }
    }
}

void TestHttpEvents::listLimitAndCursor()
{
    QStringList ids;
    for (int i = 1; i <= 5; ++i)
        ids.append(post(u"a@example.com"_s, u"e%1"_s.arg(i)));
    const QString only = u"&component=web"_s; // leave out the product's own events
    QCOMPARE(messages(u"/events?limit=2"_s + only), (QStringList{u"e1"_s, u"e2"_s}));
    QCOMPARE(messages(u"/api/events?limit=1000"_s + only).size(), 5);
    QCOMPARE(messages(u"/events?after="_s + ids.at(1) + only), (QStringList{u"e3"_s, u"e4"_s, u"e5"_s}));
    QCOMPARE(messages(u"/events?limit=1&after="_s + ids.at(2) + only), QStringList{u"e4"_s});
    QCOMPARE(messages(u"/events?after="_s + ids.at(4) + only), QStringList());

    // The default limit of 100.
    for (int i = 6; i <= 101; ++i)
        QVERIFY(m_server.services().events.add(u"web"_s, {}, u"a@example.com"_s, u"prod"_s, u"e%1"_s.arg(i)).ok());
    QCOMPARE(messages(u"/events?component=web"_s).size(), 100);
    QCOMPARE(messages(u"/events?component=web"_s).last(), u"e100"_s);
    QCOMPARE(messages(u"/events?component=web&after="_s + ids.at(4)).size(), 96);

    for (const char* limit : {"0", "1001", "-1", "abc", "1.5", ""}) {
        const auto r = send("GET", u"/events?limit="_s + QString::fromLatin1(limit));
        EXPECT_JSON_REPLY(r, 400);
        QCOMPARE(r.json().object().keys(), QStringList{u"message"_s});
    }
}

void TestHttpEvents::visibility()
{
    post(u"alice@example.com"_s, u"root for alice"_s); // posted by root, the admin
    QCOMPARE(send("POST", u"/events"_s, eventBody(u"alice@example.com"_s, u"for alice"_s), u"alice"_s).status, 201);
    QCOMPARE(send("POST", u"/events"_s, eventBody(u"bob@example.com"_s, u"by bob"_s), u"bob"_s).status, 201);
    const QByteArray again = R"({"component": "db", "data": {}, "email": "x@example.com", "environment": "prod",)"
                             R"( "message": "for alice again"})";
    QCOMPARE(send("POST", u"/events"_s, again, u"alice"_s).status, 201);
    EXPECT_UNAUTHORIZED(send("GET", u"/events"_s, {}, u"mallory"_s)); // the product records the failed login
    // alice may record an event carrying someone else's email: it stays hers, it shows up in nobody else's view.
    QCOMPARE(send("POST", u"/events"_s, eventBody(u"carol@example.com"_s, u"alice for carol"_s), u"alice"_s).status,
             201);

    // The admin sees everything, the product's own events (no email) included.
    const auto all = send("GET", u"/events"_s);
    EXPECT_JSON_REPLY(all, 200);
    const QJsonArray events = all.json().object().value(u"events"_s).toArray();
    QVERIFY(events.size() > 5);
    QCOMPARE(events.first()[u"component"_s].toString(), u"moodboard"_s);
    QCOMPARE(events.first()[u"email"_s].toString(), QString());
    QCOMPARE(
        messages(u"/events"_s),
        (QStringList{u"root for alice"_s, u"for alice"_s, u"by bob"_s, u"for alice again"_s, u"alice for carol"_s}));
    QStringList product;
    for (const QJsonValue& event : events)
        product.append(event[u"message"_s].toString());
    QVERIFY2(product.contains(u"server started on port %1"_s.arg(m_server.port())), qPrintable(product.join(u'|')));
    QVERIFY2(product.contains(u"failed login for 'mallory' from 127.0.0.1"_s), qPrintable(product.join(u'|')));

    // Others see the events they posted, whatever email those carry, and never the product's.
    QCOMPARE(messages(u"/events"_s, u"alice"_s),
             (QStringList{u"for alice"_s, u"for alice again"_s, u"alice for carol"_s}));
    QCOMPARE(messages(u"/api/events/?component=db"_s, u"alice"_s), QStringList{u"for alice again"_s});
    QCOMPARE(messages(u"/events?email=carol@example.com"_s, u"alice"_s), QStringList{u"alice for carol"_s});
    QCOMPARE(messages(u"/events?email=bob@example.com"_s, u"alice"_s), QStringList());
    QCOMPARE(send("GET", u"/events?component=moodboard"_s, {}, u"alice"_s).body, QByteArray(R"({"events":[]})"));
    // bob has no email in his profile: he still sees what he posted.
    QCOMPARE(messages(u"/api/events"_s, u"bob"_s), QStringList{u"by bob"_s});
}

void TestHttpEvents::emailIsNotAnIdentity()
{
    // Issue 6, point 1: setting one's profile email to someone else's reveals nothing and plants nothing.
    QCOMPARE(send("PATCH", u"/user/me"_s, R"({"email": "bob@example.com"})", u"bob"_s).status, 200);
    QCOMPARE(send("POST", u"/events"_s, eventBody(u"bob@example.com"_s, u"bob's own"_s), u"bob"_s).status, 201);
    QCOMPARE(send("PATCH", u"/user/me"_s, R"({"email": "bob@example.com"})", u"alice"_s).status, 200);
    QCOMPARE(messages(u"/events"_s, u"alice"_s), QStringList());
    QCOMPARE(messages(u"/events?email=bob@example.com"_s, u"alice"_s), QStringList());
    QCOMPARE(send("POST", u"/events"_s, eventBody(u"bob@example.com"_s, u"planted by alice"_s), u"alice"_s).status,
             201);
    QCOMPARE(messages(u"/events"_s, u"bob"_s), QStringList{u"bob's own"_s});
    QCOMPARE(messages(u"/events"_s, u"alice"_s), QStringList{u"planted by alice"_s});
    // The response shape does not change: email stays a plain field of the event.
    const QJsonArray mine = send("GET", u"/events"_s, {}, u"alice"_s).json().object().value(u"events"_s).toArray();
    QCOMPARE(mine.size(), 1);
    QCOMPARE(mine.first()[u"email"_s].toString(), u"bob@example.com"_s);
    QCOMPARE(
        mine.first().toObject().keys(),
        (QStringList{u"component"_s, u"created_at"_s, u"data"_s, u"email"_s, u"environment"_s, u"id"_s, u"message"_s}));
}

void TestHttpEvents::unstorableTextIs400()
{
    // Valid JSON that no database holds as given: U+0000 (PostgreSQL has none) or a lone surrogate.
    for (const QByteArray& text : {QByteArray(R"(m\u0000n)"), QByteArray(R"(x\ud800y)")}) {
        const auto r = send("POST", u"/events"_s,
                            R"({"component": "c", "data": {}, "email": "a@b.co", "environment": "e", "message": ")"
                                + text + "\"}");
        EXPECT_JSON_REPLY(r, 400);
        QCOMPARE(r.json().object().keys(), QStringList{u"message"_s});
    }
    const auto query = send("GET", u"/events?message=a%00b"_s);
    EXPECT_JSON_REPLY(query, 400);
    QCOMPARE(query.json().object().keys(), QStringList{u"message"_s});
    QCOMPARE(messages(u"/events"_s), QStringList());
    // Inside data (kept as JSON) it is just an escape.
    const auto posted = send("POST", u"/events"_s,
                             R"({"component": "c", "data": {"k": "a\u0000b"}, "email": "a@b.co", "environment": "e",)"
                             R"( "message": "m"})");
    EXPECT_JSON_REPLY(posted, 201);
    QVERIFY2(posted.body.contains(R"("data":{"k":"a\u0000b"})"), posted.body.constData());
    QCOMPARE(send("GET", u"/events?component=c"_s).body, "{\"events\":[" + posted.body + "]}");
}

QTEST_GUILESS_MAIN(TestHttpEvents)
#include "TestHttpEvents.moc"
