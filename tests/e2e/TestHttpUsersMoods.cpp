#include "KdfGate.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <clocale>
#include <cstdio>

using namespace mood;
using namespace Qt::StringLiterals;

// CONTRACTS.md section 1 (users and moods) and its superset routes, end to end over real HTTP.
namespace {

const QString kPassword = u"password123"_s; // TestServer::addUser's default
const QString kMoodList = u"['CHEERFUL', 'REFLECTIVE', 'GLOOMY', 'HUMOROUS', 'MELANCHOLY', 'IDYLLIC', 'WHIMSICAL', "
                          "'ROMANTIC']"_s;

using Headers = QHash<QByteArray, QByteArray>;

Headers basic(const QString& user, const QString& password = kPassword)
{
    return {{"Authorization", test::basicAuth(user, password)}};
}

Headers bearer(const QString& token)
{
    return {{"Authorization", "Bearer " + token.toLatin1()}};
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray errorBody(const QString& text)
{
    return compact(QJsonObject{{u"error"_s, text}});
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second), Qt::UTC);
}

// An instant given as wall-clock time in an IANA zone.
qint64 at(const char* zone, int year, int month, int day, int hour, int minute)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute), QTimeZone(zone)).toSecsSinceEpoch();
}

QString describe(const test::HttpReply& reply)
{
    return QString::number(reply.status) + u' ' + QString::fromUtf8(reply.body) + u' ' + reply.networkError;
}

} // namespace

#define EXPECT_STATUS(reply, expected)                                                                                 \
    do {                                                                                                               \
        const auto& s_ = (reply);                                                                                      \
        QVERIFY2(s_.status == (expected), qPrintable(u"expected %1, got "_s.arg(expected) + describe(s_)));            \
    } while (false)

// The users family's error: exact status, JSON content type and exact body {"error": text}.
#define EXPECT_ERROR(reply, expected, text)                                                                            \
    do {                                                                                                               \
        const auto& e_ = (reply);                                                                                      \
        EXPECT_STATUS(e_, expected);                                                                                   \
        QCOMPARE(e_.header("content-type"), QByteArray("application/json"));                                           \
        QCOMPARE(e_.body, errorBody(text));                                                                            \
    } while (false)

// A 400 of the users family whose text is not fixed by the contract: {"error": <non-empty string>}.
#define EXPECT_SOME_ERROR(reply, expected)                                                                             \
    do {                                                                                                               \
        const auto& e_ = (reply);                                                                                      \
        EXPECT_STATUS(e_, expected);                                                                                   \
        QCOMPARE(e_.header("content-type"), QByteArray("application/json"));                                           \
        const QJsonObject o_ = e_.json().object();                                                                     \
        QCOMPARE(o_.keys(), QStringList{u"error"_s});                                                                  \
        QVERIFY2(!o_.value(u"error"_s).toString().isEmpty(), e_.body.constData());                                     \
    } while (false)

#define EXPECT_UNAUTHORIZED(reply)                                                                                     \
    do {                                                                                                               \
        const auto& u_ = (reply);                                                                                      \
        EXPECT_STATUS(u_, 401);                                                                                        \
        QCOMPARE(u_.body, QByteArray("Unauthorized Access"));                                                          \
        QCOMPARE(u_.header("content-type"), QByteArray("text/plain; charset=utf-8"));                                  \
        QCOMPARE(u_.header("www-authenticate"), QByteArray("Basic realm=\"Authentication Required\""));                \
    } while (false)

class TestHttpUsersMoods final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    // POST /user
    void registerAnswers201WithUsername();
    void registerDuplicateIs400();
    void registerSchemaErrors_data();
    void registerSchemaErrors();
    void registerRejectsBadUsernameOrPassword_data();
    void registerRejectsBadUsernameOrPassword();
    void registerAcceptsEdgeValues();
    void firstUserIsAdmin();
    void closedRegistration();
    void instanceSettings();

    // GET /mood
    void historyDateIsInTheUsersZone();
    void newUserGetsTheMachineZone();
    void moodBodyIsExact();
    void streaksFollowTheClock();
    void percentileOnlyFromFifty();
    void historyNewestFirstEqualTimestampsLaterRecordedFirst();
    void historyYearAndPaging();
    void pagingInsideOneSecondLosesNothing();
    void historyQueryErrors();

    // POST /mood
    void postMoodAnswersTheGetBody();
    void postMoodSchemaErrors_data();
    void postMoodSchemaErrors();
    void thirdMoodOfADayIs409();
    void futureTimestamps();
    void backfillWindow();
    void outOfRangeTimestampsAreRefused();

    // PATCH|DELETE /mood/<id>
    void editTodaysMoods();
    void pastDaysAreReadOnly();
    void editErrors();

    // GET /board
    void boardBodyIsExact();

    // /user/me, /user?q=
    void profileGetAndPatch();
    void profileInvalidValues_data();
    void profileInvalidValues();
    void profileUnchangedWhenOneValueIsInvalid();
    void passwordChange();
    void timezoneChangeKeepsPastDays();
    void userSearch();

    // /login, /logout, Basic, bans
    void loginLogoutAndBearer();
    void loginErrors();
    void tokenExpires();
    void wrongBasicIs401();
    void fiveFailuresBanTheAddress();
    void banEndsAfterAnHour();
    void successDoesNotResetFailures();
    void staleBearerTokensNeverBan();
    void basicCredentialsAreCached();

    void nobodyTouchesAnotherUsersData();
    void wrongMethodsAndOversizedBodies();

private:
    test::HttpReply send(const QByteArray& method, const QString& path, const QByteArray& body = {},
                         const Headers& headers = {});
    test::HttpReply as(const QString& user, const QByteArray& method, const QString& path, const QByteArray& body = {});
    test::HttpReply postMood(const QString& user, const QString& mood, std::optional<qint64> timestamp = {});
    bool setZone(const QString& user, const QString& zone);
    QJsonArray history(const QString& user, const QString& query = {});
    bool restart(ServiceOptions options, api::ServerOptions serverOptions = {});
    int countRows(const QString& sql, const QVariantList& params = {});

    test::TestServer m_server;
    std::unique_ptr<test::HttpClient> m_http;
};

void TestHttpUsersMoods::initTestCase_data()
{
    test::addBackendRows();
}

void TestHttpUsersMoods::initTestCase()
{
    // ctest also runs this suite under de_DE.UTF-8 (TestHttpUsersMoods_de_DE): that run must really be in German,
    // or it proves nothing. QCoreApplication has applied LANG / LC_ALL by now.
    const QByteArray wanted = qgetenv("MOODBOARD_TEST_LOCALE");
    if (!wanted.isEmpty()) {
        const char* active = std::setlocale(LC_NUMERIC, nullptr);
        QVERIFY2(
            active && QByteArray(active) == wanted,
            qPrintable(
                u"the locale %1 is not installed (localedef -i de_DE -f UTF-8 de_DE.UTF-8; .ci/deps does it)"_s.arg(
                    QString::fromLatin1(wanted))));
        QCOMPARE(QLocale::system().decimalPoint(), u","_s);
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%.1f", 1.5);
        QCOMPARE(QByteArray(buffer), QByteArray("1,5")); // what the C library does with numbers here
    }
}

void TestHttpUsersMoods::init()
{
    MOOD_FETCH_BACKEND(backend);
    // The clock outlives the servers: every test starts at the same instant.
    m_server.clock().setNow(utc(2026, 3, 15, 12, 0)); // a Sunday
    m_server.clock().setSystemZone("UTC");
    QVERIFY(restart(ServiceOptions()));
}

void TestHttpUsersMoods::cleanup()
{
    m_http.reset();
    m_server.stop();
}

bool TestHttpUsersMoods::restart(ServiceOptions options, api::ServerOptions serverOptions)
{
    QFETCH_GLOBAL(QString, backend);
    m_http.reset();
    if (!m_server.start(backend, serverOptions, options)) {
        qWarning("server did not start: %s", qPrintable(m_server.error()));
        return false;
    }
    m_http = std::make_unique<test::HttpClient>(m_server.baseUrl());
    return true;
}

test::HttpReply TestHttpUsersMoods::send(const QByteArray& method, const QString& path, const QByteArray& body,
                                         const Headers& headers)
{
    return m_http->send(method, path, body, headers);
}

test::HttpReply TestHttpUsersMoods::as(const QString& user, const QByteArray& method, const QString& path,
                                       const QByteArray& body)
{
    return send(method, path, body, user.isEmpty() ? Headers() : basic(user));
}

test::HttpReply TestHttpUsersMoods::postMood(const QString& user, const QString& mood, std::optional<qint64> timestamp)
{
    QJsonObject body{{u"mood"_s, mood}};
    if (timestamp)
        body.insert(u"timestamp"_s, *timestamp);
    return as(user, "POST", u"/mood"_s, compact(body));
}

bool TestHttpUsersMoods::setZone(const QString& user, const QString& zone)
{
    return as(user, "PATCH", u"/user/me"_s, compact({{u"timezone"_s, zone}})).status == 200;
}

QJsonArray TestHttpUsersMoods::history(const QString& user, const QString& query)
{
    return as(user, "GET", u"/mood"_s + query).json().object().value(u"moodHistory"_s).toArray();
}

int TestHttpUsersMoods::countRows(const QString& sql, const QVariantList& params)
{
    QSqlQuery q = m_server.scratch().exec(sql, params);
    return q.next() ? q.value(0).toInt() : -1;
}

// ---------------------------------------------------------------------------------------------- POST /user

void TestHttpUsersMoods::registerAnswers201WithUsername()
{
    const auto reply = send("POST", u"/user"_s, R"({"username": "alice", "password": "password123"})");
    EXPECT_STATUS(reply, 201);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(reply.header("cache-control"), QByteArray("no-store"));
    QCOMPARE(reply.body, QByteArray(R"({"username":"alice"})"));
    // The new account works, and the registration is in the product's events.
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE component = 'moodboard' AND message = ?"_s,
                       {u"user 'alice' registered"_s}),
             1);
    // Trailing slash: the same route.
    EXPECT_STATUS(send("POST", u"/user/"_s, R"({"username": "bob", "password": "password123"})"), 201);
}

void TestHttpUsersMoods::registerDuplicateIs400()
{
    const QByteArray body = R"({"username": "alice", "password": "password123"})";
    EXPECT_STATUS(send("POST", u"/user"_s, body), 201);
    EXPECT_ERROR(send("POST", u"/user"_s, body), 400, u"username 'alice' already exists. Please try again."_s);
    EXPECT_ERROR(send("POST", u"/user"_s, R"({"username": "alice", "password": "another password"})"), 400,
                 u"username 'alice' already exists. Please try again."_s);
    // The first registration's password still holds.
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/user/me"_s), 200);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users"_s), 1);
}

void TestHttpUsersMoods::registerSchemaErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("null body") << QByteArray("null") << u"None is not of type 'object'"_s;
    QTest::newRow("array body") << QByteArray("[]") << u"[] is not of type 'object'"_s;
    QTest::newRow("string body") << QByteArray(R"("alice")") << u"'alice' is not of type 'object'"_s;
    QTest::newRow("number body") << QByteArray("5") << u"5 is not of type 'object'"_s;
    QTest::newRow("empty object") << QByteArray("{}") << u"'username' is a required property"_s;
    QTest::newRow("no username") << QByteArray(R"({"password": "password123"})")
                                 << u"'username' is a required property"_s;
    QTest::newRow("no password") << QByteArray(R"({"username": "alice"})") << u"'password' is a required property"_s;
    QTest::newRow("username 5") << QByteArray(R"({"username": 5, "password": "password123"})")
                                << u"5 is not of type 'string'"_s;
    QTest::newRow("password 5") << QByteArray(R"({"username": "alice", "password": 5})")
                                << u"5 is not of type 'string'"_s;
    QTest::newRow("password 1.5") << QByteArray(R"({"username": "alice", "password": 1.5})")
                                  << u"1.5 is not of type 'string'"_s;
    QTest::newRow("username null") << QByteArray(R"({"username": null, "password": "password123"})")
                                   << u"None is not of type 'string'"_s;
    QTest::newRow("username true") << QByteArray(R"({"username": true, "password": "password123"})")
                                   << u"True is not of type 'string'"_s;
    QTest::newRow("username list") << QByteArray(R"({"username": [1, 2], "password": "password123"})")
                                   << u"[1, 2] is not of type 'string'"_s;
    QTest::newRow("password object") << QByteArray(R"({"username": "alice", "password": {"a": 1}})")
                                     << u"{'a': 1} is not of type 'string'"_s;
    QTest::newRow("malformed") << QByteArray(R"({"username": )") << u"request body is not valid JSON"_s;
    QTest::newRow("empty body") << QByteArray() << u"request body is not valid JSON"_s;
}

void TestHttpUsersMoods::registerSchemaErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    EXPECT_ERROR(send("POST", u"/user"_s, body), 400, error);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users"_s), 0);
}

void TestHttpUsersMoods::registerRejectsBadUsernameOrPassword_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("error");
    const QString badName = u"username must be 1 to 32 characters: letters, digits, '.', '_' or '-'"_s;
    const QString shortPassword = u"password must be at least 8 characters long"_s;
    QTest::newRow("empty username") << QString() << kPassword << badName;
    QTest::newRow("33 characters") << QString(33, u'a') << kPassword << badName;
    QTest::newRow("space") << u"bad name"_s << kPassword << badName;
    QTest::newRow("slash") << u"a/b"_s << kPassword << badName;
    QTest::newRow("non-ASCII letter") << u"na\u00efve"_s << kPassword << badName;
    QTest::newRow("7-character password") << u"alice"_s << u"1234567"_s << shortPassword;
    QTest::newRow("empty password") << u"alice"_s << QString() << shortPassword;
}

void TestHttpUsersMoods::registerRejectsBadUsernameOrPassword()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, error);
    const auto reply = send("POST", u"/user"_s, compact({{u"username"_s, username}, {u"password"_s, password}}));
    EXPECT_ERROR(reply, 400, error);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users"_s), 0);
}

void TestHttpUsersMoods::registerAcceptsEdgeValues()
{
    const QString longest(32, u'z');
    for (const QString& name : {longest, u"a.b_c-D9"_s, u"x"_s}) {
        const auto reply = send("POST", u"/user"_s, compact({{u"username"_s, name}, {u"password"_s, u"12345678"_s}}));
        EXPECT_STATUS(reply, 201);
        QCOMPARE(reply.body, compact({{u"username"_s, name}}));
        EXPECT_STATUS(send("GET", u"/user/me"_s, {}, basic(name, u"12345678"_s)), 200);
    }
}

void TestHttpUsersMoods::firstUserIsAdmin()
{
    EXPECT_STATUS(send("POST", u"/user"_s, R"({"username": "alice", "password": "password123"})"), 201);
    EXPECT_STATUS(send("POST", u"/user"_s, R"({"username": "bob", "password": "password123"})"), 201);
    const auto alice = as(u"alice"_s, "GET", u"/user/me"_s);
    EXPECT_STATUS(alice, 200);
    QCOMPARE(alice.json().object().value(u"isAdmin"_s), QJsonValue(true));
    const auto bob = as(u"bob"_s, "GET", u"/user/me"_s);
    EXPECT_STATUS(bob, 200);
    QCOMPARE(bob.json().object().value(u"isAdmin"_s), QJsonValue(false));
}

void TestHttpUsersMoods::closedRegistration()
{
    QVERIFY(m_server.addUser(u"admin"_s) > 0);
    QVERIFY(m_server.addUser(u"bob"_s) > 0);
    const QByteArray carol = R"({"username": "carol", "password": "password123"})";

    // Only the admin may close it.
    const auto refused = as(u"bob"_s, "PATCH", u"/instance"_s, R"({"registrationOpen": false})");
    EXPECT_SOME_ERROR(refused, 403);
    const auto closed = as(u"admin"_s, "PATCH", u"/instance"_s, R"({"registrationOpen": false})");
    EXPECT_STATUS(closed, 200);
    QCOMPARE(closed.json().object().value(u"registrationOpen"_s), QJsonValue(false));

    EXPECT_UNAUTHORIZED(send("POST", u"/user"_s, carol));
    EXPECT_UNAUTHORIZED(send("POST", u"/user"_s, carol, basic(u"bob"_s, u"wrong password"_s)));
    EXPECT_SOME_ERROR(send("POST", u"/user"_s, carol, basic(u"bob"_s)), 403);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users WHERE username = 'carol'"_s), 0);
    // The admin still validates like anyone else, then creates the account.
    EXPECT_ERROR(send("POST", u"/user"_s, R"({"username": "carol"})", basic(u"admin"_s)), 400,
                 u"'password' is a required property"_s);
    const auto created = send("POST", u"/user"_s, carol, basic(u"admin"_s));
    EXPECT_STATUS(created, 201);
    QCOMPARE(created.body, QByteArray(R"({"username":"carol"})"));
    const auto carolMe = as(u"carol"_s, "GET", u"/user/me"_s);
    EXPECT_STATUS(carolMe, 200);
    QCOMPARE(carolMe.json().object().value(u"isAdmin"_s), QJsonValue(false));

    // Open again: anyone may register.
    EXPECT_STATUS(as(u"admin"_s, "PATCH", u"/instance"_s, R"({"registrationOpen": true})"), 200);
    EXPECT_STATUS(send("POST", u"/user"_s, R"({"username": "dave", "password": "password123"})"), 201);
}

void TestHttpUsersMoods::instanceSettings()
{
    QVERIFY(m_server.addUser(u"admin"_s) > 0);
    QVERIFY(m_server.addUser(u"bob"_s) > 0);
    const auto current = as(u"bob"_s, "GET", u"/instance"_s);
    EXPECT_STATUS(current, 200);
    QCOMPARE(current.body,
             QByteArray(R"({"backfillDays":7,"registrationOpen":true,"registrationsPerHour":20,"retention":"all"})"));
    EXPECT_UNAUTHORIZED(send("GET", u"/instance"_s));
    EXPECT_ERROR(as(u"admin"_s, "PATCH", u"/instance"_s, "{}"), 400, u"'registrationOpen' is a required property"_s);
    EXPECT_ERROR(as(u"admin"_s, "PATCH", u"/instance"_s, R"({"registrationOpen": "no"})"), 400,
                 u"'no' is not of type 'boolean'"_s);
    EXPECT_ERROR(as(u"admin"_s, "PATCH", u"/instance"_s, "null"), 400, u"None is not of type 'object'"_s);
    EXPECT_ERROR(as(u"bob"_s, "PATCH", u"/instance"_s, R"({"registrationOpen": false})"), 403,
                 u"only the instance admin can change instance settings"_s);
    EXPECT_ERROR(as(u"admin"_s, "PATCH", u"/instance"_s, R"({"registrationsPerHour": "5"})"), 400,
                 u"'5' is not of type 'integer'"_s);
    EXPECT_ERROR(as(u"admin"_s, "PATCH", u"/instance"_s, R"({"registrationsPerHour": 2.5})"), 400,
                 u"2.5 is not of type 'integer'"_s);
    EXPECT_ERROR(as(u"admin"_s, "PATCH", u"/instance"_s, R"({"registrationOpen": false, "registrationsPerHour": -1})"),
                 400, u"registrationsPerHour must be a whole number from 0 (no limit) to 1000000"_s);
    QCOMPARE(
        as(u"bob"_s, "GET", u"/instance"_s).body,
        QByteArray(
            R"({"backfillDays":7,"registrationOpen":true,"registrationsPerHour":20,"retention":"all"})")); // all or
                                                                                                           // nothing
    const auto changed = as(u"admin"_s, "PATCH", u"/instance"_s, R"({"registrationsPerHour": 3})");
    EXPECT_STATUS(changed, 200);
    QCOMPARE(changed.body,
             QByteArray(R"({"backfillDays":7,"registrationOpen":true,"registrationsPerHour":3,"retention":"all"})"));
}

// ---------------------------------------------------------------------------------------------- GET /mood

void TestHttpUsersMoods::historyDateIsInTheUsersZone()
{
    // The contract's own example: Sunday 24 October 2021, 18:28 in New York.
    m_server.clock().setNow(utc(2021, 10, 24, 22, 28));
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(setZone(u"alice"_s, u"America/New_York"_s));
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s), 200);
    QCOMPARE(as(u"alice"_s, "GET", u"/mood"_s).body,
             QByteArray(R"({"currentStreak":1,"longestStreak":1,"moodHistory":[{"date":"Sun, Oct 24 at 06:28 PM",)"
                        R"("mood":"CHEERFUL"}]})"));
    // The same instant in Tokyo is Monday morning.
    QVERIFY(setZone(u"alice"_s, u"Asia/Tokyo"_s));
    QCOMPARE(history(u"alice"_s).first().toObject().value(u"date"_s).toString(), u"Mon, Oct 25 at 07:28 AM"_s);
}

void TestHttpUsersMoods::newUserGetsTheMachineZone()
{
    m_server.clock().setSystemZone("Europe/Paris");
    EXPECT_STATUS(send("POST", u"/user"_s, R"({"username": "alice", "password": "password123"})"), 201);
    const auto me = as(u"alice"_s, "GET", u"/user/me"_s);
    QCOMPARE(me.json().object().value(u"timezone"_s).toString(), u"Europe/Paris"_s);
    // 12:00 UTC is 13:00 in Paris in March (before the switch to summer time).
    EXPECT_STATUS(postMood(u"alice"_s, u"IDYLLIC"_s), 200);
    QCOMPARE(history(u"alice"_s).first().toObject().value(u"date"_s).toString(), u"Sun, Mar 15 at 01:00 PM"_s);
}

void TestHttpUsersMoods::moodBodyIsExact()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(m_server.addUser(u"bob"_s) > 0); // no moods: alice's longest streak beats half of the users
    QVERIFY(setZone(u"alice"_s, u"America/New_York"_s));
    const char* ny = "America/New_York";
    // Back-filled out of order; the clock is Sunday 15 March 2026, 08:00 in New York.
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s, at(ny, 2026, 3, 13, 9, 5)), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"ROMANTIC"_s, at(ny, 2026, 3, 9, 12, 0)), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"WHIMSICAL"_s, at(ny, 2026, 3, 14, 23, 30)), 200); // 03:30 UTC on the 15th
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, at(ny, 2026, 3, 12, 18, 28)), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"REFLECTIVE"_s), 200); // now
    const QByteArray expected = R"({"currentStreak":4,"longestStreak":4,"moodHistory":[)"
                                R"({"date":"Sun, Mar 15 at 08:00 AM","mood":"REFLECTIVE"},)"
                                R"({"date":"Sat, Mar 14 at 11:30 PM","mood":"WHIMSICAL"},)"
                                R"({"date":"Fri, Mar 13 at 09:05 AM","mood":"GLOOMY"},)"
                                R"({"date":"Thu, Mar 12 at 06:28 PM","mood":"CHEERFUL"},)"
                                R"({"date":"Mon, Mar 09 at 12:00 PM","mood":"ROMANTIC"}],)"
                                R"("streakPercentile":50.0})";
    const auto reply = as(u"alice"_s, "GET", u"/mood"_s);
    EXPECT_STATUS(reply, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.body, expected);
    QCOMPARE(as(u"alice"_s, "GET", u"/mood/"_s).body, expected);
    // bob: nobody has a shorter streak than 0.
    QCOMPARE(as(u"bob"_s, "GET", u"/mood"_s).body,
             QByteArray(R"({"currentStreak":0,"longestStreak":0,"moodHistory":[]})"));
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s));
}

void TestHttpUsersMoods::streaksFollowTheClock()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    for (int day = 12; day <= 15; ++day)
        EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, utc(2026, 3, day, 9, 0).toSecsSinceEpoch()), 200);
    const auto streaks = [this] {
        const QJsonObject body = as(u"alice"_s, "GET", u"/mood"_s).json().object();
        return qMakePair(body.value(u"currentStreak"_s).toInt(-1), body.value(u"longestStreak"_s).toInt(-1));
    };
    QCOMPARE(streaks(), qMakePair(4, 4));
    m_server.clock().setNow(utc(2026, 3, 16, 23, 59)); // nothing yet today: the run ending yesterday counts
    QCOMPARE(streaks(), qMakePair(4, 4));
    m_server.clock().setNow(utc(2026, 3, 17, 0, 0)); // a whole day missed
    QCOMPARE(streaks(), qMakePair(0, 4));
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s), 200);
    QCOMPARE(streaks(), qMakePair(1, 4));
    // Same day numbers in another month are not consecutive days (the original's bug).
    m_server.clock().setNow(utc(2026, 4, 18, 12, 0));
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s), 200);
    QCOMPARE(streaks(), qMakePair(1, 4));
}

void TestHttpUsersMoods::percentileOnlyFromFifty()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(m_server.addUser(u"bob"_s) > 0);
    QVERIFY(m_server.addUser(u"carol"_s) > 0);
    const qint64 yesterday = utc(2026, 3, 14, 9, 0).toSecsSinceEpoch();
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, yesterday), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s), 200); // longest 2
    EXPECT_STATUS(postMood(u"bob"_s, u"GLOOMY"_s), 200);     // longest 1; carol 0

    const auto alice = as(u"alice"_s, "GET", u"/mood"_s);
    QVERIFY2(alice.body.endsWith(R"(,"streakPercentile":66.67})"), alice.body.constData());
    QCOMPARE(alice.json().object().value(u"streakPercentile"_s).toDouble(), 66.67);
    for (const QString& user : {u"bob"_s, u"carol"_s}) {
        const auto reply = as(user, "GET", u"/mood"_s);
        EXPECT_STATUS(reply, 200);
        QVERIFY2(!reply.json().object().contains(u"streakPercentile"_s), reply.body.constData());
        QVERIFY(!reply.body.contains("streakPercentile"));
    }

    // Always current: carol overtakes alice, and the percentiles move at once.
    for (int day = 12; day <= 14; ++day)
        EXPECT_STATUS(postMood(u"carol"_s, u"IDYLLIC"_s, utc(2026, 3, day, 9, 0).toSecsSinceEpoch()), 200);
    QVERIFY(as(u"carol"_s, "GET", u"/mood"_s).body.endsWith(R"(,"streakPercentile":66.67})"));
    QVERIFY(!as(u"alice"_s, "GET", u"/mood"_s).json().object().contains(u"streakPercentile"_s)); // 33.33
    QVERIFY(m_server.addUser(u"dave"_s) > 0);
    // 3 of 4 below carol; 2 of 4 below alice: exactly 50 is shown.
    QVERIFY(as(u"carol"_s, "GET", u"/mood"_s).body.endsWith(R"(,"streakPercentile":75.0})"));
    QVERIFY(as(u"alice"_s, "GET", u"/mood"_s).body.endsWith(R"(,"streakPercentile":50.0})"));
}

void TestHttpUsersMoods::historyNewestFirstEqualTimestampsLaterRecordedFirst()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const qint64 morning = utc(2026, 3, 14, 8, 0).toSecsSinceEpoch();
    EXPECT_STATUS(postMood(u"alice"_s, u"HUMOROUS"_s, morning), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"MELANCHOLY"_s, morning), 200); // same second, recorded later
    EXPECT_STATUS(postMood(u"alice"_s, u"IDYLLIC"_s, utc(2026, 3, 13, 8, 0).toSecsSinceEpoch()), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"ROMANTIC"_s), 200);
    QStringList moods;
    for (const QJsonValue& item : history(u"alice"_s))
        moods.append(item.toObject().value(u"mood"_s).toString());
    QCOMPARE(moods, (QStringList{u"ROMANTIC"_s, u"MELANCHOLY"_s, u"HUMOROUS"_s, u"IDYLLIC"_s}));
    // The same order decides which of the day's moods is the later one on the board.
    const auto board = as(u"alice"_s, "GET", u"/board?year=2026"_s).json().object().value(u"days"_s).toArray();
    QCOMPARE(board.size(), 3);
    QCOMPARE(compact(board.at(1).toObject()),
             QByteArray(R"({"date":"2026-03-14","level":2,"moods":["HUMOROUS","MELANCHOLY"]})"));
}

void TestHttpUsersMoods::pagingInsideOneSecondLosesNothing()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const qint64 second = utc(2026, 3, 15, 9, 0).toSecsSinceEpoch();
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s, second), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, second), 200); // same second, recorded later
    const QJsonArray first = history(u"alice"_s, u"?limit=1&details=true"_s);
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.at(0).toObject().value(u"mood"_s).toString(), u"CHEERFUL"_s);
    const qint64 lastId = first.at(0).toObject().value(u"id"_s).toInteger();
    // `before` alone skips the rest of that second; with the id of the last entry shown, nothing is lost.
    QCOMPARE(history(u"alice"_s, u"?limit=1&before=%1"_s.arg(second)).size(), 0);
    const QJsonArray next = history(u"alice"_s, u"?limit=1&before=%1&beforeId=%2"_s.arg(second).arg(lastId));
    QCOMPARE(next.size(), 1);
    QCOMPARE(next.at(0).toObject().value(u"mood"_s).toString(), u"GLOOMY"_s);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood?beforeId=%1"_s.arg(lastId)), 400);
}

void TestHttpUsersMoods::historyYearAndPaging()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    m_server.clock().setNow(utc(2025, 12, 30, 12, 0));
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s), 200);
    m_server.clock().setNow(utc(2025, 12, 31, 23, 0));
    EXPECT_STATUS(postMood(u"alice"_s, u"REFLECTIVE"_s), 200);
    m_server.clock().setNow(utc(2026, 1, 2, 12, 0));
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, utc(2026, 1, 1, 10, 0).toSecsSinceEpoch()), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, utc(2026, 1, 1, 9, 0).toSecsSinceEpoch()), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"WHIMSICAL"_s, utc(2026, 1, 2, 11, 0).toSecsSinceEpoch()), 200);
    const QStringList all{u"Fri, Jan 02 at 11:00 AM"_s, u"Thu, Jan 01 at 10:00 AM"_s, u"Thu, Jan 01 at 09:00 AM"_s,
                          u"Wed, Dec 31 at 11:00 PM"_s, u"Tue, Dec 30 at 12:00 PM"_s};
    const auto dates = [this](const QString& query) {
        const auto reply = as(u"alice"_s, "GET", u"/mood"_s + query);
        QStringList out;
        if (reply.status != 200)
            out.append(describe(reply));
        for (const QJsonValue& item : reply.json().object().value(u"moodHistory"_s).toArray())
            out.append(item.toObject().value(u"date"_s).toString());
        return out;
    };
    QCOMPARE(dates(QString()), all);
    QCOMPARE(dates(u"?year=2026"_s), all.mid(0, 3));
    QCOMPARE(dates(u"?year=2025"_s), all.mid(3));
    QCOMPARE(dates(u"?year=2024"_s), QStringList());
    // Streaks do not depend on the filter.
    const QJsonObject filtered = as(u"alice"_s, "GET", u"/mood?year=2024"_s).json().object();
    QCOMPARE(filtered.value(u"currentStreak"_s).toInt(), 4);
    QCOMPARE(filtered.value(u"longestStreak"_s).toInt(), 4);

    // Pages of two: each page continues strictly before the oldest entry of the previous one.
    QCOMPARE(dates(u"?limit=2"_s), all.mid(0, 2));
    const qint64 page1End = utc(2026, 1, 1, 10, 0).toSecsSinceEpoch();
    QCOMPARE(dates(u"?limit=2&before=%1"_s.arg(page1End)), all.mid(2, 2));
    const qint64 page2End = utc(2025, 12, 31, 23, 0).toSecsSinceEpoch();
    QCOMPARE(dates(u"?limit=2&before=%1"_s.arg(page2End)), all.mid(4));
    QCOMPARE(dates(u"?limit=2&before=%1"_s.arg(utc(2025, 12, 30, 12, 0).toSecsSinceEpoch())), QStringList());
    QCOMPARE(dates(u"?before=%1"_s.arg(page1End)), all.mid(2));
    QCOMPARE(dates(u"?year=2026&limit=1&before=%1"_s.arg(page1End)), all.mid(2, 1));
}

void TestHttpUsersMoods::historyQueryErrors()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    EXPECT_ERROR(as(u"alice"_s, "GET", u"/mood?year=abc"_s), 400, u"'year' must be a whole number from 1970 to 9999"_s);
    EXPECT_ERROR(as(u"alice"_s, "GET", u"/mood?limit=0"_s), 400, u"'limit' must be a whole number from 1 to 100000"_s);
    EXPECT_ERROR(as(u"alice"_s, "GET", u"/mood?limit=1.5"_s), 400,
                 u"'limit' must be a whole number from 1 to 100000"_s);
    EXPECT_SOME_ERROR(as(u"alice"_s, "GET", u"/mood?before=-1"_s), 400);
    EXPECT_SOME_ERROR(as(u"alice"_s, "GET", u"/board?year=1969"_s), 400);
}

// ---------------------------------------------------------------------------------------------- POST /mood

void TestHttpUsersMoods::postMoodAnswersTheGetBody()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const auto first = postMood(u"alice"_s, u"CHEERFUL"_s);
    EXPECT_STATUS(first, 200);
    QCOMPARE(first.header("content-type"), QByteArray("application/json"));
    QCOMPARE(first.body,
             QByteArray(R"({"currentStreak":1,"longestStreak":1,"moodHistory":[{"date":)"
                        R"("Sun, Mar 15 at 12:00 PM","mood":"CHEERFUL"}]})"));
    m_server.clock().advance(90);
    const auto second = as(u"alice"_s, "POST", u"/mood/"_s, R"({"mood": "IDYLLIC", "timestamp": 1773576000.0})");
    EXPECT_STATUS(second, 200); // 1.0 is an integer to jsonschema; 1773576000 is 2026-03-15 12:00 UTC
    QCOMPARE(second.body, as(u"alice"_s, "GET", u"/mood"_s).body);
    QCOMPARE(history(u"alice"_s).size(), 2);
    // All eight names are accepted (on days of their own, at most two per day).
    m_server.clock().setNow(utc(2026, 3, 20, 12, 0));
    const QStringList names{u"REFLECTIVE"_s, u"GLOOMY"_s,    u"HUMOROUS"_s,
                            u"MELANCHOLY"_s, u"WHIMSICAL"_s, u"ROMANTIC"_s};
    for (qsizetype i = 0; i < names.size(); ++i)
        EXPECT_STATUS(postMood(u"alice"_s, names.at(i),
                               utc(2026, 3, 17 + static_cast<int>(i / 2), 9, static_cast<int>(i)).toSecsSinceEpoch()),
                      200);
    QCOMPARE(history(u"alice"_s).size(), 8);
}

void TestHttpUsersMoods::postMoodSchemaErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    const QString happy = u"'HAPPY' is not one of "_s + kMoodList;
    QTest::newRow("empty object") << QByteArray("{}") << u"'mood' is a required property"_s;
    QTest::newRow("only timestamp") << QByteArray(R"({"timestamp": 1773576000})") << u"'mood' is a required property"_s;
    QTest::newRow("unknown mood") << QByteArray(R"({"mood": "HAPPY"})") << happy;
    QTest::newRow("lower case") << QByteArray(R"({"mood": "cheerful"})") << u"'cheerful' is not one of "_s + kMoodList;
    QTest::newRow("mood 5") << QByteArray(R"({"mood": 5})") << u"5 is not of type 'string'"_s;
    QTest::newRow("mood null") << QByteArray(R"({"mood": null})") << u"None is not of type 'string'"_s;
    QTest::newRow("mood list") << QByteArray(R"({"mood": ["CHEERFUL"]})") << u"['CHEERFUL'] is not of type 'string'"_s;
    QTest::newRow("timestamp 'x'") << QByteArray(R"({"mood": "CHEERFUL", "timestamp": "x"})")
                                   << u"'x' is not of type 'integer'"_s;
    QTest::newRow("timestamp 1.5") << QByteArray(R"({"mood": "CHEERFUL", "timestamp": 1.5})")
                                   << u"1.5 is not of type 'integer'"_s;
    QTest::newRow("timestamp null") << QByteArray(R"({"mood": "CHEERFUL", "timestamp": null})")
                                    << u"None is not of type 'integer'"_s;
    QTest::newRow("timestamp true") << QByteArray(R"({"mood": "CHEERFUL", "timestamp": true})")
                                    << u"True is not of type 'integer'"_s;
    QTest::newRow("null body") << QByteArray("null") << u"None is not of type 'object'"_s;
    QTest::newRow("array body") << QByteArray(R"([{"mood": "CHEERFUL"}])")
                                << u"[{'mood': 'CHEERFUL'}] is not of type 'object'"_s;
    QTest::newRow("string body") << QByteArray(R"("CHEERFUL")") << u"'CHEERFUL' is not of type 'object'"_s;
    QTest::newRow("malformed") << QByteArray(R"({"mood": "CHEERFUL")") << u"request body is not valid JSON"_s;
}

void TestHttpUsersMoods::postMoodSchemaErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    EXPECT_ERROR(as(u"alice"_s, "POST", u"/mood"_s, body), 400, error);
    QCOMPARE(history(u"alice"_s).size(), 0);
}

void TestHttpUsersMoods::thirdMoodOfADayIs409()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(setZone(u"alice"_s, u"Asia/Tokyo"_s)); // 21:00 on Sunday 15 March in Tokyo
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, utc(2026, 3, 14, 15, 30).toSecsSinceEpoch()), 200); // 00:30
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s), 200);
    const auto third = postMood(u"alice"_s, u"REFLECTIVE"_s);
    EXPECT_SOME_ERROR(third, 409);
    QVERIFY2(third.json().object().value(u"error"_s).toString().contains(u"2026-03-15"_s), third.body.constData());
    QCOMPARE(history(u"alice"_s).size(), 2);
    // In UTC the first one was on the 14th: the same limit, the day of the user's zone.
    const auto earlier = postMood(u"alice"_s, u"REFLECTIVE"_s, utc(2026, 3, 14, 14, 0).toSecsSinceEpoch()); // 23:00
    EXPECT_STATUS(earlier, 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"REFLECTIVE"_s, utc(2026, 3, 14, 13, 0).toSecsSinceEpoch()), 200);
    const auto full = postMood(u"alice"_s, u"REFLECTIVE"_s, utc(2026, 3, 14, 12, 0).toSecsSinceEpoch());
    EXPECT_SOME_ERROR(full, 409);
    QVERIFY2(full.json().object().value(u"error"_s).toString().contains(u"2026-03-14"_s), full.body.constData());
    // Tomorrow is a new day.
    m_server.clock().setNow(utc(2026, 3, 15, 15, 0)); // 00:00 on the 16th in Tokyo
    EXPECT_STATUS(postMood(u"alice"_s, u"REFLECTIVE"_s), 200);
}

void TestHttpUsersMoods::futureTimestamps()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    m_server.clock().setNow(utc(2026, 3, 15, 23, 57));
    const qint64 now = m_server.clock().now().toSecsSinceEpoch();
    const auto tooFar = postMood(u"alice"_s, u"CHEERFUL"_s, now + 301);
    EXPECT_SOME_ERROR(tooFar, 400);
    QCOMPARE(history(u"alice"_s).size(), 0);
    // Exactly five minutes ahead counts, for the day it falls on (the 16th).
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, now + 300), 200);
    const auto board = as(u"alice"_s, "GET", u"/board?year=2026"_s);
    QCOMPARE(board.body, QByteArray(R"({"year":2026,"days":[{"date":"2026-03-16","level":5,"moods":["CHEERFUL"]}]})"));
}

void TestHttpUsersMoods::backfillWindow()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(setZone(u"alice"_s, u"America/Los_Angeles"_s)); // 05:00 on Sunday 15 March there
    const char* la = "America/Los_Angeles";
    // Seven days back (the default window) is fine, from its first to its last second.
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s, at(la, 2026, 3, 8, 0, 0)), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s, at(la, 2026, 3, 8, 23, 59)), 200);
    // ...up to the two-per-day limit.
    EXPECT_SOME_ERROR(postMood(u"alice"_s, u"GLOOMY"_s, at(la, 2026, 3, 8, 12, 0)), 409);
    // Eight days back is outside, even at the last minute of that day.
    const auto outside = postMood(u"alice"_s, u"GLOOMY"_s, at(la, 2026, 3, 7, 23, 59));
    EXPECT_SOME_ERROR(outside, 409);
    QVERIFY2(outside.json().object().value(u"error"_s).toString().contains(u"2026-03-07"_s), outside.body.constData());
    EXPECT_SOME_ERROR(postMood(u"alice"_s, u"GLOOMY"_s, 0), 409);
    QCOMPARE(history(u"alice"_s).size(), 2);

    // The window follows the instance option.
    ServiceOptions options;
    options.backfillDays = 2;
    QVERIFY(restart(options));
    QVERIFY(m_server.addUser(u"bob"_s) > 0);
    QCOMPARE(as(u"bob"_s, "GET", u"/instance"_s).json().object().value(u"backfillDays"_s).toInt(), 2);
    EXPECT_STATUS(postMood(u"bob"_s, u"CHEERFUL"_s, utc(2026, 3, 13, 0, 0).toSecsSinceEpoch()), 200);
    EXPECT_SOME_ERROR(postMood(u"bob"_s, u"CHEERFUL"_s, utc(2026, 3, 12, 23, 59).toSecsSinceEpoch()), 409);
}

void TestHttpUsersMoods::outOfRangeTimestampsAreRefused()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    // Integers no calendar can hold: never stored (and never a 5xx).
    EXPECT_SOME_ERROR(as(u"alice"_s, "POST", u"/mood"_s, R"({"mood": "CHEERFUL", "timestamp": 1e300})"), 400);
    EXPECT_SOME_ERROR(as(u"alice"_s, "POST", u"/mood"_s, R"({"mood": "CHEERFUL", "timestamp": 9223372036854775807})"),
                      400);
    const auto past = as(u"alice"_s, "POST", u"/mood"_s, R"({"mood": "CHEERFUL", "timestamp": -1e300})");
    QVERIFY2(past.status == 400 || past.status == 409, qPrintable(describe(past)));
    const auto pastMin =
        as(u"alice"_s, "POST", u"/mood"_s, R"({"mood": "CHEERFUL", "timestamp": -9223372036854775808})");
    QVERIFY2(pastMin.status == 400 || pastMin.status == 409, qPrintable(describe(pastMin)));
    const auto ancient = as(u"alice"_s, "POST", u"/mood"_s, R"({"mood": "CHEERFUL", "timestamp": -99999999999999})");
    QVERIFY2(ancient.status == 400 || ancient.status == 409, qPrintable(describe(ancient)));
    QCOMPARE(history(u"alice"_s).size(), 0);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM moods"_s), 0);
}

// ---------------------------------------------------------------------------------------------- PATCH|DELETE
// /mood/<id>

void TestHttpUsersMoods::editTodaysMoods()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s), 200);
    const auto detailed = as(u"alice"_s, "GET", u"/mood?details=true"_s);
    EXPECT_STATUS(detailed, 200);
    const QJsonObject entry = detailed.json().object().value(u"moodHistory"_s).toArray().first().toObject();
    const qint64 id = entry.value(u"id"_s).toInteger();
    QVERIFY(id > 0);
    QCOMPARE(entry.value(u"day"_s).toString(), u"2026-03-15"_s);
    QCOMPARE(entry.value(u"timestamp"_s).toInteger(), utc(2026, 3, 15, 12, 0).toSecsSinceEpoch());

    const auto corrected = as(u"alice"_s, "PATCH", u"/mood/%1"_s.arg(id), R"({"mood": "CHEERFUL", "note": "better"})");
    EXPECT_STATUS(corrected, 200);
    QCOMPARE(corrected.header("content-type"), QByteArray("application/json"));
    const QJsonObject after = corrected.json().object().value(u"moodHistory"_s).toArray().first().toObject();
    QCOMPARE(after.value(u"mood"_s).toString(), u"CHEERFUL"_s);
    QCOMPARE(after.value(u"note"_s).toString(), u"better"_s);
    QCOMPARE(after.value(u"id"_s).toInteger(), id);
    QCOMPARE(as(u"alice"_s, "GET", u"/board"_s).body,
             QByteArray(R"({"year":2026,"days":[{"date":"2026-03-15","level":5,"moods":["CHEERFUL"]}]})"));

    // Deleting frees the day's slot and the streak goes with it.
    EXPECT_STATUS(postMood(u"alice"_s, u"REFLECTIVE"_s), 200);
    EXPECT_SOME_ERROR(postMood(u"alice"_s, u"REFLECTIVE"_s), 409);
    const auto removed = as(u"alice"_s, "DELETE", u"/mood/%1/"_s.arg(id));
    EXPECT_STATUS(removed, 204);
    QVERIFY(removed.body.isEmpty());
    QCOMPARE(history(u"alice"_s).size(), 1);
    EXPECT_ERROR(as(u"alice"_s, "DELETE", u"/mood/%1"_s.arg(id)), 404, u"no mood entry %1"_s.arg(id));
    EXPECT_STATUS(postMood(u"alice"_s, u"REFLECTIVE"_s), 200);
    const auto all = history(u"alice"_s, u"?details=true"_s);
    QCOMPARE(all.size(), 2);
    for (const QJsonValue& item : all)
        EXPECT_STATUS(as(u"alice"_s, "DELETE", u"/mood/%1"_s.arg(item.toObject().value(u"id"_s).toInteger())), 204);
    QCOMPARE(as(u"alice"_s, "GET", u"/mood"_s).body,
             QByteArray(R"({"currentStreak":0,"longestStreak":0,"moodHistory":[]})"));
}

void TestHttpUsersMoods::pastDaysAreReadOnly()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s, utc(2026, 3, 14, 9, 0).toSecsSinceEpoch()), 200); // back-filled
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s), 200);
    const QJsonArray entries = history(u"alice"_s, u"?details=true"_s);
    QCOMPARE(entries.size(), 2);
    const qint64 today = entries.at(0).toObject().value(u"id"_s).toInteger();
    const qint64 yesterday = entries.at(1).toObject().value(u"id"_s).toInteger();
    for (const QByteArray& method : {QByteArray("PATCH"), QByteArray("DELETE")}) {
        const auto reply = as(u"alice"_s, method, u"/mood/%1"_s.arg(yesterday), R"({"mood": "CHEERFUL"})");
        EXPECT_SOME_ERROR(reply, 409);
        QVERIFY2(reply.json().object().value(u"error"_s).toString().contains(u"2026-03-14"_s), reply.body.constData());
    }
    // Today's entry becomes read-only at midnight.
    m_server.clock().setNow(utc(2026, 3, 16, 0, 0));
    EXPECT_SOME_ERROR(as(u"alice"_s, "PATCH", u"/mood/%1"_s.arg(today), R"({"mood": "CHEERFUL"})"), 409);
    EXPECT_SOME_ERROR(as(u"alice"_s, "DELETE", u"/mood/%1"_s.arg(today)), 409);
    QStringList moods;
    for (const QJsonValue& item : history(u"alice"_s))
        moods.append(item.toObject().value(u"mood"_s).toString());
    QCOMPARE(moods, (QStringList{u"GLOOMY"_s, u"GLOOMY"_s}));
}

void TestHttpUsersMoods::editErrors()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s), 200);
    const qint64 id = history(u"alice"_s, u"?details=true"_s).first().toObject().value(u"id"_s).toInteger();
    const QString path = u"/mood/%1"_s.arg(id);
    EXPECT_ERROR(as(u"alice"_s, "PATCH", path, "{}"), 400, u"'mood' is a required property"_s);
    EXPECT_ERROR(as(u"alice"_s, "PATCH", path, R"({"mood": "HAPPY"})"), 400, u"'HAPPY' is not one of "_s + kMoodList);
    EXPECT_ERROR(as(u"alice"_s, "PATCH", path, "null"), 400, u"None is not of type 'object'"_s);
    EXPECT_ERROR(as(u"alice"_s, "PATCH", path, R"({"mood": "CHEERFUL", "note": 5})"), 400,
                 u"5 is not of type 'string'"_s);
    EXPECT_SOME_ERROR(as(u"alice"_s, "PATCH", path, R"({"mood": "CHEERFUL", "note": ")" + QByteArray(281, 'n') + "\"}"),
                      400);
    EXPECT_ERROR(as(u"alice"_s, "PATCH", u"/mood/abc"_s, R"({"mood": "CHEERFUL"})"), 404, u"no mood entry abc"_s);
    EXPECT_ERROR(as(u"alice"_s, "DELETE", u"/mood/%1"_s.arg(id + 1000)), 404, u"no mood entry %1"_s.arg(id + 1000));
    EXPECT_UNAUTHORIZED(send("DELETE", path));
    EXPECT_UNAUTHORIZED(send("PATCH", path, R"({"mood": "CHEERFUL"})"));
    QCOMPARE(history(u"alice"_s).first().toObject().value(u"mood"_s).toString(), u"GLOOMY"_s);
}

// ---------------------------------------------------------------------------------------------- GET /board

void TestHttpUsersMoods::boardBodyIsExact()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    m_server.clock().setNow(utc(2025, 12, 31, 20, 0));
    EXPECT_STATUS(postMood(u"alice"_s, u"IDYLLIC"_s), 200);
    m_server.clock().setNow(utc(2026, 3, 15, 12, 0));
    EXPECT_STATUS(postMood(u"alice"_s, u"MELANCHOLY"_s, utc(2026, 3, 10, 9, 0).toSecsSinceEpoch()), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, utc(2026, 3, 14, 9, 0).toSecsSinceEpoch()), 200);
    // Two moods on the 15th: the later one (not the later-recorded one) colours the day.
    EXPECT_STATUS(postMood(u"alice"_s, u"WHIMSICAL"_s), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s, utc(2026, 3, 15, 7, 0).toSecsSinceEpoch()), 200);
    // And on the 13th: REFLECTIVE happened last.
    EXPECT_STATUS(postMood(u"alice"_s, u"ROMANTIC"_s, utc(2026, 3, 13, 8, 0).toSecsSinceEpoch()), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"REFLECTIVE"_s, utc(2026, 3, 13, 20, 0).toSecsSinceEpoch()), 200);
    const QByteArray year2026 = R"({"year":2026,"days":[)"
                                R"({"date":"2026-03-10","level":2,"moods":["MELANCHOLY"]},)"
                                R"({"date":"2026-03-13","level":3,"moods":["ROMANTIC","REFLECTIVE"]},)"
                                R"({"date":"2026-03-14","level":5,"moods":["CHEERFUL"]},)"
                                R"({"date":"2026-03-15","level":4,"moods":["GLOOMY","WHIMSICAL"]}]})";
    const auto reply = as(u"alice"_s, "GET", u"/board?year=2026"_s);
    EXPECT_STATUS(reply, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.body, year2026);
    QCOMPARE(as(u"alice"_s, "GET", u"/board"_s).body, year2026); // this year by default
    QCOMPARE(as(u"alice"_s, "GET", u"/board/?year=2025"_s).body,
             QByteArray(R"({"year":2025,"days":[{"date":"2025-12-31","level":5,"moods":["IDYLLIC"]}]})"));
    QCOMPARE(as(u"alice"_s, "GET", u"/board?year=2024"_s).body, QByteArray(R"({"year":2024,"days":[]})"));
    // The default year is the user's: in Kiritimati (UTC+14) 20:00 UTC on 31 Dec 2025 is already 2026.
    m_server.clock().setNow(utc(2025, 12, 31, 20, 0));
    QVERIFY(as(u"alice"_s, "GET", u"/board"_s).body.startsWith(R"({"year":2025,)"));
    QVERIFY(setZone(u"alice"_s, u"Pacific/Kiritimati"_s));
    // 2026's board, whose days are those recorded: the IDYLLIC of 2025-12-31 (UTC) stays in 2025.
    QVERIFY(as(u"alice"_s, "GET", u"/board"_s).body.startsWith(R"({"year":2026,"days":[{"date":"2026-03-10",)"));
    EXPECT_ERROR(as(u"alice"_s, "GET", u"/board?year=twenty"_s), 400,
                 u"'year' must be a whole number from 1970 to 9999"_s);
    EXPECT_UNAUTHORIZED(send("GET", u"/board"_s));
}

// ---------------------------------------------------------------------------------------------- /user/me, /user?q=

void TestHttpUsersMoods::profileGetAndPatch()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(m_server.addUser(u"bob"_s) > 0);
    const auto me = as(u"alice"_s, "GET", u"/user/me"_s);
    EXPECT_STATUS(me, 200);
    QCOMPARE(me.header("content-type"), QByteArray("application/json"));
    QCOMPARE(me.body,
             QByteArray(R"({"username":"alice","email":"","timezone":"UTC","shareLevel":"milestones",)"
                        R"("isAdmin":true})"));

    const auto changed = as(u"bob"_s, "PATCH", u"/user/me"_s,
                            R"({"email": "bob@example.org", "timezone": "Europe/Berlin", "shareLevel": "moods"})");
    EXPECT_STATUS(changed, 200);
    const QByteArray bob = R"({"username":"bob","email":"bob@example.org","timezone":"Europe/Berlin",)"
                           R"("shareLevel":"moods","isAdmin":false})";
    QCOMPARE(changed.body, bob);
    QCOMPARE(as(u"bob"_s, "GET", u"/user/me/"_s).body, bob);
    // One field at a time; the rest stays.
    EXPECT_STATUS(as(u"bob"_s, "PATCH", u"/user/me"_s, R"({"shareLevel": "none"})"), 200);
    EXPECT_STATUS(as(u"bob"_s, "PATCH", u"/user/me"_s, R"({"email": ""})"), 200); // clears it
    QCOMPARE(as(u"bob"_s, "GET", u"/user/me"_s).body,
             QByteArray(R"({"username":"bob","email":"","timezone":"Europe/Berlin","shareLevel":"none",)"
                        R"("isAdmin":false})"));
    EXPECT_STATUS(as(u"bob"_s, "PATCH", u"/user/me"_s, "{}"), 200);
    // alice is untouched.
    QCOMPARE(as(u"alice"_s, "GET", u"/user/me"_s).body, me.body);
    EXPECT_UNAUTHORIZED(send("GET", u"/user/me"_s));
    EXPECT_UNAUTHORIZED(send("PATCH", u"/user/me"_s, R"({"shareLevel": "none"})"));
}

void TestHttpUsersMoods::profileInvalidValues_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("email") << QByteArray(R"({"email": "not-an-email"})")
                           << u"'not-an-email' is not a valid email address"_s;
    QTest::newRow("email two @") << QByteArray(R"({"email": "a@b@example.org"})")
                                 << u"'a@b@example.org' is not a valid email address"_s;
    QTest::newRow("timezone") << QByteArray(R"({"timezone": "Mars/Olympus_Mons"})")
                              << u"'Mars/Olympus_Mons' is not a known IANA time zone"_s;
    QTest::newRow("empty timezone") << QByteArray(R"({"timezone": ""})") << u"'' is not a known IANA time zone"_s;
    QTest::newRow("shareLevel") << QByteArray(R"({"shareLevel": "everyone"})")
                                << u"'everyone' is not one of ['none', 'milestones', 'moods']"_s;
    QTest::newRow("shareLevel case") << QByteArray(R"({"shareLevel": "Moods"})")
                                     << u"'Moods' is not one of ['none', 'milestones', 'moods']"_s;
    QTest::newRow("short password") << QByteArray(R"({"password": "short"})")
                                    << u"password must be at least 8 characters long"_s;
    QTest::newRow("email 5") << QByteArray(R"({"email": 5})") << u"5 is not of type 'string'"_s;
    QTest::newRow("timezone null") << QByteArray(R"({"timezone": null})") << u"None is not of type 'string'"_s;
    QTest::newRow("unknown field") << QByteArray(R"({"isAdmin": true})")
                                   << u"'isAdmin' cannot be changed (allowed: email, timezone, shareLevel, password)"_s;
    QTest::newRow("username") << QByteArray(R"({"username": "root"})")
                              << u"'username' cannot be changed (allowed: email, timezone, shareLevel, password)"_s;
    QTest::newRow("null body") << QByteArray("null") << u"None is not of type 'object'"_s;
    QTest::newRow("array body") << QByteArray("[]") << u"[] is not of type 'object'"_s;
    QTest::newRow("malformed") << QByteArray("{") << u"request body is not valid JSON"_s;
}

void TestHttpUsersMoods::profileInvalidValues()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(m_server.addUser(u"bob"_s) > 0);
    const QByteArray before = as(u"bob"_s, "GET", u"/user/me"_s).body;
    EXPECT_ERROR(as(u"bob"_s, "PATCH", u"/user/me"_s, body), 400, error);
    QCOMPARE(as(u"bob"_s, "GET", u"/user/me"_s).body, before);
}

void TestHttpUsersMoods::profileUnchangedWhenOneValueIsInvalid()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const QByteArray before = as(u"alice"_s, "GET", u"/user/me"_s).body;
    const QList<QByteArray> bodies{
        R"({"email": "alice@example.org", "timezone": "Europe/Paris", "shareLevel": "bogus"})",
        R"({"email": "alice@example.org", "timezone": "Nowhere/City", "password": "new password 1"})",
        R"({"shareLevel": "moods", "password": "new password 1", "email": "broken"})",
        R"({"shareLevel": "moods", "timezone": "Europe/Paris", "password": "short"})",
        R"({"email": "alice@example.org", "favouriteColour": "blue"})",
        R"({"email": "alice@example.org", "timezone": 1})",
    };
    for (const QByteArray& body : bodies) {
        EXPECT_SOME_ERROR(as(u"alice"_s, "PATCH", u"/user/me"_s, body), 400);
        QCOMPARE(as(u"alice"_s, "GET", u"/user/me"_s).body, before);
    }
    // The password did not change either.
    EXPECT_UNAUTHORIZED(send("GET", u"/user/me"_s, {}, basic(u"alice"_s, u"new password 1"_s)));
}

void TestHttpUsersMoods::passwordChange()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(m_server.addUser(u"bob"_s) > 0);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200); // the old password is now cached
    // The current password must come with a new one (CONTRACTS.md section 1): a stolen token is not enough.
    EXPECT_ERROR(as(u"alice"_s, "PATCH", u"/user/me"_s, R"({"password": "a brand new secret"})"), 403,
                 u"changing the password needs 'currentPassword', the current one"_s);
    EXPECT_ERROR(as(u"alice"_s, "PATCH", u"/user/me"_s,
                    R"({"password": "a brand new secret", "currentPassword": "not the password"})"),
                 403, u"the current password is wrong"_s);
    EXPECT_ERROR(as(u"alice"_s, "PATCH", u"/user/me"_s,
                    R"({"password": "a brand new secret", "currentPassword": "a brand new secret"})"),
                 403, u"the current password is wrong"_s);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200); // nothing changed
    const auto changed = as(u"alice"_s, "PATCH", u"/user/me"_s,
                            R"({"password": "a brand new secret", "currentPassword": "password123"})");
    EXPECT_STATUS(changed, 200);
    QVERIFY(!changed.body.contains("password"));
    QVERIFY(!changed.body.contains("secret"));
    EXPECT_UNAUTHORIZED(as(u"alice"_s, "GET", u"/mood"_s));
    EXPECT_UNAUTHORIZED(send("POST", u"/login"_s, R"({"username": "alice", "password": "password123"})"));
    EXPECT_STATUS(send("GET", u"/mood"_s, {}, basic(u"alice"_s, u"a brand new secret"_s)), 200);
    EXPECT_STATUS(send("POST", u"/login"_s, R"({"username": "alice", "password": "a brand new secret"})"), 200);
    EXPECT_STATUS(as(u"bob"_s, "GET", u"/mood"_s), 200); // other users keep theirs
}

void TestHttpUsersMoods::timezoneChangeKeepsPastDays()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    // 23:00 UTC on the 13th and 14th: in Tokyo they would be the 14th and 15th.
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s, utc(2026, 3, 13, 23, 0).toSecsSinceEpoch()), 200);
    EXPECT_STATUS(postMood(u"alice"_s, u"GLOOMY"_s, utc(2026, 3, 14, 23, 0).toSecsSinceEpoch()), 200);
    const QByteArray board(R"({"year":2026,"days":[{"date":"2026-03-13","level":5,"moods":["CHEERFUL"]},)"
                           R"({"date":"2026-03-14","level":1,"moods":["GLOOMY"]}]})");
    QCOMPARE(as(u"alice"_s, "GET", u"/board"_s).body, board);
    QVERIFY(setZone(u"alice"_s, u"Asia/Tokyo"_s));
    // A new zone applies to moods recorded from then on: the days already recorded stay as they were.
    QCOMPARE(as(u"alice"_s, "GET", u"/board"_s).body, board);
    const QJsonObject body = as(u"alice"_s, "GET", u"/mood"_s).json().object();
    QCOMPARE(body.value(u"currentStreak"_s).toInt(), 2); // Tokyo's today is the 15th: the run ended yesterday
    QCOMPARE(body.value(u"longestStreak"_s).toInt(), 2);
    // Times are still shown in the user's zone.
    QCOMPARE(history(u"alice"_s).first().toObject().value(u"date"_s).toString(), u"Sun, Mar 15 at 08:00 AM"_s);
    // Now (12:00Z) is 21:00 on the 15th in Tokyo: that is the day of a mood recorded now.
    const auto now = postMood(u"alice"_s, u"IDYLLIC"_s);
    EXPECT_STATUS(now, 200);
    QCOMPARE(now.json().object().value(u"currentStreak"_s).toInt(), 3);
    QCOMPARE(as(u"alice"_s, "GET", u"/board"_s).body,
             QByteArray(R"({"year":2026,"days":[{"date":"2026-03-13","level":5,"moods":["CHEERFUL"]},)"
                        R"({"date":"2026-03-14","level":1,"moods":["GLOOMY"]},)"
                        R"({"date":"2026-03-15","level":5,"moods":["IDYLLIC"]}]})"));
}

void TestHttpUsersMoods::userSearch()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    for (int i = 0; i < 25; ++i)
        QVERIFY(m_server.addUser(u"bob%1"_s.arg(i, 2, 10, QChar(u'0'))) > 0);
    QVERIFY(m_server.addUser(u"Bobby"_s) > 0);
    QVERIFY(m_server.addUser(u"a_b.c"_s) > 0);
    QVERIFY(m_server.addUser(u"a%b"_s) == 0); // not a valid name: the wildcard test below uses '_'

    const auto found = as(u"alice"_s, "GET", u"/user?q=bob"_s);
    EXPECT_STATUS(found, 200);
    QCOMPARE(found.header("content-type"), QByteArray("application/json"));
    const QJsonArray users = found.json().object().value(u"users"_s).toArray();
    QCOMPARE(users.size(), 20);
    QCOMPARE(users.first().toString(), u"bob00"_s);
    QCOMPARE(users.last().toString(), u"bob19"_s);
    QCOMPARE(as(u"alice"_s, "GET", u"/user?q=bob2"_s).body,
             QByteArray(R"({"users":["bob20","bob21","bob22",)"
                        R"("bob23","bob24"]})"));
    QCOMPARE(as(u"alice"_s, "GET", u"/user?q=Bob"_s).body, QByteArray(R"({"users":["Bobby"]})")); // case-sensitive
    QCOMPARE(as(u"alice"_s, "GET", u"/user?q=zzz"_s).body, QByteArray(R"({"users":[]})"));
    QCOMPARE(as(u"alice"_s, "GET", u"/user?q=a_"_s).body, QByteArray(R"({"users":["a_b.c"]})")); // '_' is literal
    QCOMPARE(as(u"alice"_s, "GET", u"/user?q=a"_s).body, QByteArray(R"({"users":["a_b.c","alice"]})"));
    QCOMPARE(as(u"alice"_s, "GET", u"/user?q=alice"_s).body, QByteArray(R"({"users":["alice"]})"));
    QCOMPARE(as(u"alice"_s, "GET", u"/user"_s).json().object().value(u"users"_s).toArray().size(), 20);
    EXPECT_UNAUTHORIZED(send("GET", u"/user?q=bob"_s));
}

// ---------------------------------------------------------------------------------------------- login, Basic, bans

void TestHttpUsersMoods::loginLogoutAndBearer()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const auto login = send("POST", u"/login"_s, R"({"username": "alice", "password": "password123"})");
    EXPECT_STATUS(login, 200);
    QCOMPARE(login.header("content-type"), QByteArray("application/json"));
    const QJsonObject body = login.json().object();
    const QString token = body.value(u"token"_s).toString();
    QVERIFY(token.size() >= 32);
    const qint64 expiresAt = utc(2026, 3, 15, 12, 0).toSecsSinceEpoch() + TokenStore::kDefaultLifetimeSeconds;
    QCOMPARE(
        login.body,
        QByteArray(R"({"token":")" + token.toLatin1() + R"(","expiresAt":)" + QByteArray::number(expiresAt) + "}"));
    // A second login gets another token.
    const QString other = send("POST", u"/login/"_s, R"({"username": "alice", "password": "password123"})")
                              .json()
                              .object()
                              .value(u"token"_s)
                              .toString();
    QVERIFY(!other.isEmpty());
    QVERIFY(other != token);

    EXPECT_STATUS(send("POST", u"/mood"_s, R"({"mood": "CHEERFUL"})", bearer(token)), 200);
    const auto mine = send("GET", u"/mood"_s, {}, bearer(token));
    EXPECT_STATUS(mine, 200);
    QCOMPARE(mine.body, as(u"alice"_s, "GET", u"/mood"_s).body);
    QCOMPARE(send("GET", u"/user/me"_s, {}, bearer(token)).json().object().value(u"username"_s).toString(), u"alice"_s);
    EXPECT_STATUS(send("GET", u"/mood"_s, {}, {{"Authorization", "bearer " + token.toLatin1()}}), 200);

    // Logout needs the token itself.
    EXPECT_ERROR(as(u"alice"_s, "POST", u"/logout"_s), 400,
                 u"logout revokes a bearer token: send Authorization: Bearer <token>"_s);
    EXPECT_UNAUTHORIZED(send("POST", u"/logout"_s));
    const auto logout = send("POST", u"/logout"_s, {}, bearer(token));
    EXPECT_STATUS(logout, 204);
    QVERIFY(logout.body.isEmpty());
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, bearer(token)));
    EXPECT_UNAUTHORIZED(send("POST", u"/logout"_s, {}, bearer(token)));
    EXPECT_STATUS(send("GET", u"/mood"_s, {}, bearer(other)), 200); // only that token went
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, bearer(u"not-a-token"_s)));
}

void TestHttpUsersMoods::loginErrors()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    EXPECT_ERROR(send("POST", u"/login"_s, R"({"username": "alice"})"), 400, u"'password' is a required property"_s);
    EXPECT_ERROR(send("POST", u"/login"_s, R"({"password": "password123"})"), 400,
                 u"'username' is a required property"_s);
    EXPECT_ERROR(send("POST", u"/login"_s, R"({"username": 5, "password": "password123"})"), 400,
                 u"5 is not of type 'string'"_s);
    EXPECT_ERROR(send("POST", u"/login"_s, "null"), 400, u"None is not of type 'object'"_s);
    EXPECT_UNAUTHORIZED(send("POST", u"/login"_s, R"({"username": "alice", "password": "wrong password"})"));
    EXPECT_UNAUTHORIZED(send("POST", u"/login"_s, R"({"username": "nobody", "password": "password123"})"));
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM auth_tokens"_s), 0);
    // Written in batches: the first failure of an interval at once, the others once the interval is over.
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE message LIKE 'failed login%'"_s), 1);
    m_server.clock().advance(60);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE message LIKE 'failed login%'"_s), 2);
}

void TestHttpUsersMoods::tokenExpires()
{
    ServiceOptions options;
    options.tokenLifetimeSeconds = 120;
    QVERIFY(restart(options));
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const auto login = send("POST", u"/login"_s, R"({"username": "alice", "password": "password123"})");
    EXPECT_STATUS(login, 200);
    QCOMPARE(login.json().object().value(u"expiresAt"_s).toInteger(), m_server.clock().now().toSecsSinceEpoch() + 120);
    const QString token = login.json().object().value(u"token"_s).toString();
    m_server.clock().advance(119);
    EXPECT_STATUS(send("GET", u"/mood"_s, {}, bearer(token)), 200);
    m_server.clock().advance(1);
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, bearer(token)));
    EXPECT_UNAUTHORIZED(send("POST", u"/logout"_s, {}, bearer(token)));
    // Basic still works, and a new login gives a fresh token.
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
    const QString fresh = send("POST", u"/login"_s, R"({"username": "alice", "password": "password123"})")
                              .json()
                              .object()
                              .value(u"token"_s)
                              .toString();
    EXPECT_STATUS(send("GET", u"/mood"_s, {}, bearer(fresh)), 200);
}

void TestHttpUsersMoods::wrongBasicIs401()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, basic(u"alice"_s, u"wrong password"_s)));
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, basic(u"nobody"_s, kPassword)));
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, {{"Authorization", "Basic !!!not-base64"}}));
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, {{"Authorization", "Digest username=\"alice\""}}));
    EXPECT_UNAUTHORIZED(send("POST", u"/mood"_s, R"({"mood": "CHEERFUL"})"));
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM moods"_s), 0);
    QCOMPARE(
        countRows(u"SELECT COUNT(*) FROM events WHERE message = ?"_s, {u"failed login for 'alice' from 127.0.0.1"_s}),
        1);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
}

void TestHttpUsersMoods::fiveFailuresBanTheAddress()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    for (int i = 0; i < 3; ++i)
        EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, basic(u"alice"_s, u"guess %1"_s.arg(i))));
    EXPECT_UNAUTHORIZED(send("POST", u"/login"_s, R"({"username": "alice", "password": "guess 3"})"));
    EXPECT_UNAUTHORIZED(send("GET", u"/user/me"_s, {}, bearer(u"guessed-token"_s)));      // tokens are not guessed
    EXPECT_UNAUTHORIZED(send("GET", u"/user/me"_s, {}, basic(u"alice"_s, u"guess 4"_s))); // the fifth: still 401
    // No database write per failure: the first is written at once, the other four (and the ban) in one event
    // once the interval is over.
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE component = 'moodboard' AND message LIKE ?"_s,
                       {u"%failed login%"_s}),
             1);
    m_server.clock().advance(60);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 429); // any authentication writes what is due
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE component = 'moodboard' AND message = ?"_s,
                       {u"4 failed logins for 'guess 1', 'guess 2', 'guess 3', 'alice' from 127.0.0.1"_s}),
             0); // user names, never passwords
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE component = 'moodboard' AND message = ?"_s,
                       {u"4 failed logins for 'alice' from 127.0.0.1; address banned for 3600 s"_s}),
             1);

    // Now even the right password is refused, in each family's shape.
    const QByteArray tooMany = R"({"error":"too many failed logins from this address; try again later"})";
    for (const QString& path : {u"/mood"_s, u"/user/me"_s, u"/board"_s}) {
        const auto reply = as(u"alice"_s, "GET", path);
        EXPECT_STATUS(reply, 429);
        QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
        QCOMPARE(reply.body, tooMany);
    }
    const auto login = send("POST", u"/login"_s, R"({"username": "alice", "password": "password123"})");
    EXPECT_STATUS(login, 429);
    QCOMPARE(login.body, tooMany);
    const auto events = as(u"alice"_s, "GET", u"/events"_s);
    EXPECT_STATUS(events, 429);
    QCOMPARE(events.body, QByteArray(R"({"message":"too many failed logins from this address; try again later"})"));
    const auto logs = as(u"alice"_s, "GET", u"/logs"_s);
    EXPECT_STATUS(logs, 429);
    QCOMPARE(logs.body, QByteArray(R"({"code":"TOO_MANY_REQUESTS","success":false})"));
    EXPECT_STATUS(as(u"alice"_s, "POST", u"/mood"_s, R"({"mood": "CHEERFUL"})"), 429);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM moods"_s), 0);
    // Routes without authentication still answer.
    EXPECT_STATUS(send("GET", u"/health"_s), 200);
    // Refused requests are not counted as new failures: still one ban event.
    m_server.clock().advance(60);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 429);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE message LIKE '%failed login%'"_s), 2);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM events WHERE message LIKE '%banned%'"_s), 1);
}

void TestHttpUsersMoods::banEndsAfterAnHour()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    for (int i = 0; i < 5; ++i)
        EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, basic(u"alice"_s, u"guess %1"_s.arg(i))));
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 429);
    m_server.clock().advance(3599);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 429);
    m_server.clock().advance(1);
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
    EXPECT_STATUS(send("POST", u"/login"_s, R"({"username": "alice", "password": "password123"})"), 200);
    // A new ban needs five new failures.
    for (int i = 0; i < 4; ++i)
        EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, basic(u"alice"_s, u"again %1"_s.arg(i))));
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
}

void TestHttpUsersMoods::successDoesNotResetFailures()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    QVERIFY(m_server.addUser(u"mallory"_s) > 0);
    for (int i = 0; i < 4; ++i)
        EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, basic(u"alice"_s, u"guess %1"_s.arg(i))));
    EXPECT_STATUS(send("POST", u"/login"_s, R"({"username": "mallory", "password": "password123"})"), 200);
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, basic(u"alice"_s, u"guess 4"_s)));
    EXPECT_STATUS(as(u"mallory"_s, "GET", u"/mood"_s), 429);
}

void TestHttpUsersMoods::staleBearerTokensNeverBan()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    for (int i = 0; i < 10; ++i)
        EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, bearer(u"expired-or-revoked-%1"_s.arg(i))));
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
}

void TestHttpUsersMoods::basicCredentialsAreCached()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const auto kdfPasses = [] { return KdfGate::instance().stats().passes; };
    const qint64 before = kdfPasses();
    for (int i = 0; i < 50; ++i)
        EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
    QCOMPARE(kdfPasses() - before, 1); // verified once, then served from the cache
    // The cache is keyed by the password too: another password is checked (and fails).
    EXPECT_UNAUTHORIZED(send("GET", u"/mood"_s, {}, basic(u"alice"_s, u"password1234"_s)));
    // Cached entries expire: then the password is verified again.
    m_server.clock().advance(3600);
    const qint64 expired = kdfPasses();
    EXPECT_STATUS(as(u"alice"_s, "GET", u"/mood"_s), 200);
    QCOMPARE(kdfPasses() - expired, 1);
    // The cache is keyed by the stored hash as well: a hash changed in the database (by a password change on
    // any server) ends the cached entry at once.
    m_server.scratch().exec(u"UPDATE users SET password_hash = 'broken' WHERE username = 'alice'"_s);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users WHERE password_hash = 'broken'"_s), 1);
    EXPECT_UNAUTHORIZED(as(u"alice"_s, "GET", u"/mood"_s));
}

// ---------------------------------------------------------------------------------------------- cross-user

void TestHttpUsersMoods::nobodyTouchesAnotherUsersData()
{
    QVERIFY(m_server.addUser(u"alice"_s) > 0); // the admin: no exception for her either
    QVERIFY(m_server.addUser(u"bob"_s) > 0);
    EXPECT_STATUS(postMood(u"alice"_s, u"CHEERFUL"_s), 200);
    EXPECT_STATUS(postMood(u"bob"_s, u"GLOOMY"_s), 200);
    const qint64 aliceMood = history(u"alice"_s, u"?details=true"_s).first().toObject().value(u"id"_s).toInteger();
    const qint64 bobMood = history(u"bob"_s, u"?details=true"_s).first().toObject().value(u"id"_s).toInteger();
    QVERIFY(aliceMood > 0 && bobMood > 0 && aliceMood != bobMood);

    EXPECT_ERROR(as(u"bob"_s, "PATCH", u"/mood/%1"_s.arg(aliceMood), R"({"mood": "GLOOMY"})"), 404,
                 u"no mood entry %1"_s.arg(aliceMood));
    EXPECT_ERROR(as(u"bob"_s, "DELETE", u"/mood/%1"_s.arg(aliceMood)), 404, u"no mood entry %1"_s.arg(aliceMood));
    EXPECT_ERROR(as(u"alice"_s, "DELETE", u"/mood/%1"_s.arg(bobMood)), 404, u"no mood entry %1"_s.arg(bobMood));
    EXPECT_ERROR(as(u"alice"_s, "PATCH", u"/mood/%1"_s.arg(bobMood), R"({"mood": "CHEERFUL"})"), 404,
                 u"no mood entry %1"_s.arg(bobMood));

    // Each sees only their own history, board and profile.
    const QJsonArray aliceHistory = history(u"alice"_s);
    QCOMPARE(aliceHistory.size(), 1);
    QCOMPARE(aliceHistory.first().toObject().value(u"mood"_s).toString(), u"CHEERFUL"_s);
    const QJsonArray bobHistory = history(u"bob"_s);
    QCOMPARE(bobHistory.size(), 1);
    QCOMPARE(bobHistory.first().toObject().value(u"mood"_s).toString(), u"GLOOMY"_s);
    QCOMPARE(as(u"bob"_s, "GET", u"/board"_s).body,
             QByteArray(R"({"year":2026,"days":[{"date":"2026-03-15","level":1,"moods":["GLOOMY"]}]})"));
    QCOMPARE(as(u"bob"_s, "GET", u"/user/me"_s).json().object().value(u"username"_s).toString(), u"bob"_s);
    // No route reads or changes someone else's profile or moods.
    for (const QString& path : {u"/user/alice"_s, u"/mood/alice"_s, u"/board/alice"_s}) {
        const auto reply = as(u"bob"_s, "GET", path);
        QVERIFY2(reply.status == 404 || reply.status == 405, qPrintable(describe(reply)));
    }
    EXPECT_STATUS(as(u"bob"_s, "PATCH", u"/user/alice"_s, R"({"email": "x@example.org"})"), 404);
    // A bearer token is its owner's only.
    const QString bobToken = send("POST", u"/login"_s, R"({"username": "bob", "password": "password123"})")
                                 .json()
                                 .object()
                                 .value(u"token"_s)
                                 .toString();
    EXPECT_ERROR(send("DELETE", u"/mood/%1"_s.arg(aliceMood), {}, bearer(bobToken)), 404,
                 u"no mood entry %1"_s.arg(aliceMood));
    EXPECT_STATUS(send("PATCH", u"/user/me"_s, R"({"shareLevel": "none"})", bearer(bobToken)), 200);
    QCOMPARE(as(u"alice"_s, "GET", u"/user/me"_s).json().object().value(u"shareLevel"_s).toString(), u"milestones"_s);
    QCOMPARE(as(u"bob"_s, "GET", u"/user/me"_s).json().object().value(u"shareLevel"_s).toString(), u"none"_s);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM moods"_s), 2);
}

void TestHttpUsersMoods::wrongMethodsAndOversizedBodies()
{
    api::ServerOptions limits;
    limits.maxBodyBytes = 64;
    QVERIFY(restart(ServiceOptions(), limits));
    QVERIFY(m_server.addUser(u"alice"_s) > 0);
    const QList<QPair<QByteArray, QString>> wrong{
        {"PUT", u"/user"_s},   {"DELETE", u"/user/me"_s}, {"GET", u"/login"_s},
        {"GET", u"/logout"_s}, {"DELETE", u"/mood"_s},    {"GET", u"/mood/1"_s},
        {"POST", u"/board"_s}, {"POST", u"/instance"_s},  {"PATCH", u"/mood"_s}};
    for (const auto& [method, path] : wrong)
        EXPECT_ERROR(as(u"alice"_s, method, path, "{}"), 405, u"method not allowed"_s);

    // 64 bytes is the limit: one more is refused in the family's shape before any handler runs.
    const QByteArray json = R"({"username": "bob", "password": "password123"})";
    const QByteArray atLimit = json + QByteArray(64 - json.size(), ' ');
    EXPECT_ERROR(send("POST", u"/user"_s, atLimit + ' '), 413, u"request body too large"_s);
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users WHERE username = 'bob'"_s), 0);
    EXPECT_STATUS(send("POST", u"/user"_s, atLimit), 201);
    const QByteArray mood = R"({"mood": "CHEERFUL", "note": ")" + QByteArray(64, 'n') + "\"}";
    EXPECT_ERROR(as(u"alice"_s, "POST", u"/mood"_s, mood), 413, u"request body too large"_s);
    QCOMPARE(history(u"alice"_s).size(), 0);
}

QTEST_GUILESS_MAIN(TestHttpUsersMoods)
#include "TestHttpUsersMoods.moc"
