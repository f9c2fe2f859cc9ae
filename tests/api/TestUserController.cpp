#include "ApiHarness.h"

#include <QRegularExpression>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QByteArray errorBody(const QString& text)
{
    return test::ApiHarness::compact({{u"error"_s, text}});
}

QByteArray credentials(const QString& user, const QString& password = test::ApiHarness::kPassword)
{
    return test::ApiHarness::compact({{u"username"_s, user}, {u"password"_s, password}});
}
} // namespace

class TestUserController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();
    void cleanupTestCase();

    void registerUser_data();
    void registerUser();
    void firstUserIsAdminInTheMachineZone();
    void registerErrors_data();
    void registerErrors();
    void me();
    void updateMe();
    void updateMeErrors_data();
    void updateMeErrors();
    void passwordChangeTakesEffectAtOnce();
    void search();
    void searchTrickyPrefixes_data();
    void searchTrickyPrefixes();
    void loginAndLogout();
    void loginErrors_data();
    void loginErrors();
    void loginBansAfterFailures();
    void closedRegistration();
    void retentionSetting();
    void needsCredentials_data();
    void needsCredentials();

private:
    bool ensureUser(const QString& name); // rows of one test function share its database

    test::ApiHarness m_h;
    QString m_openFor; // backend and test function the database was opened for
};

void TestUserController::initTestCase_data()
{
    test::addBackendRows();
}

void TestUserController::init()
{
    MOOD_FETCH_BACKEND(backend);
    const QString key = backend + u'/' + QLatin1String(QTest::currentTestFunction());
    if (key == m_openFor)
        return; // the next row of the same test function
    m_h.close();
    m_openFor.clear();
    QString error;
    QVERIFY2(m_h.open(backend, &error), qPrintable(error));
    m_openFor = key;
}

void TestUserController::cleanup()
{
    if (QTest::currentTestFailed()) { // a failed row leaves nothing behind for the next
        m_h.close();
        m_openFor.clear();
    }
}

void TestUserController::cleanupTestCase()
{
    m_h.close();
}

bool TestUserController::ensureUser(const QString& name)
{
    return m_h.userId(name) != 0 || m_h.addUser(name);
}

void TestUserController::registerUser_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << u"/user"_s << u"u"_s;
    QTest::newRow("trailing slash") << u"/user/"_s << u"alice"_s;
    QTest::newRow("all allowed characters") << u"/user"_s << u"A.b_c-9"_s;
    QTest::newRow("32 characters") << u"/user"_s << QString(32, u'x');
}

void TestUserController::registerUser()
{
    QFETCH(QString, path);
    QFETCH(QString, name);
    const auto r = m_h.call("POST", path, credentials(name));
    EXPECT_JSON(r, 201);
    QCOMPARE(r.body, uR"({"username":"%1"})"_s.arg(name).toUtf8());
    QCOMPARE(m_h.call("GET", u"/user/me"_s, {}, name).status, 200); // the password works
}

void TestUserController::firstUserIsAdminInTheMachineZone()
{
    m_h.clock->setSystemZone("Europe/Berlin");
    QVERIFY(m_h.addUser(u"root"_s));
    m_h.clock->setSystemZone("Asia/Tokyo");
    QVERIFY(m_h.addUser(u"alice"_s));
    auto r = m_h.call("GET", u"/user/me"_s, {}, u"root"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"username":"root","email":"","timezone":"Europe/Berlin",)"
                        R"("shareLevel":"milestones","isAdmin":true})"));
    r = m_h.call("GET", u"/user/me/"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"username":"alice","email":"","timezone":"Asia/Tokyo",)"
                        R"("shareLevel":"milestones","isAdmin":false})"));
}

void TestUserController::registerErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    const QByteArray pw = R"("password": "long enough")";
    const auto row = [](const char* name, const QByteArray& body, const QString& error) {
        QTest::newRow(name) << body << error;
    };
    row("no username", "{" + pw + "}", u"'username' is a required property"_s);
    row("no password", R"({"username": "u"})", u"'password' is a required property"_s);
    row("empty object", "{}", u"'username' is a required property"_s);
    row("required before type", R"({"username": 5})", u"'password' is a required property"_s);
    row("username number", R"({"username": 5, )" + pw + "}", u"5 is not of type 'string'"_s);
    row("username list", R"({"username": ["a"], )" + pw + "}", u"['a'] is not of type 'string'"_s);
    row("password null", R"({"username": "u", "password": null})", u"None is not of type 'string'"_s);
    row("password true", R"({"username": "u", "password": true})", u"True is not of type 'string'"_s);
    row("password object", R"({"username": "u", "password": {"a": 1}})", u"{'a': 1} is not of type 'string'"_s);
    row("null body", "null", u"None is not of type 'object'"_s);
    row("list body", "[1, 2]", u"[1, 2] is not of type 'object'"_s);
    row("string body", R"("x")", u"'x' is not of type 'object'"_s);
    row("number body", "5", u"5 is not of type 'object'"_s);
    row("empty body", "", u"request body is not valid JSON"_s);
    row("broken JSON", R"({"username": "u",)", u"request body is not valid JSON"_s);
    row("two objects", "{} {}", u"request body is not valid JSON"_s);
    row("duplicate", credentials(u"taken"_s), u"username 'taken' already exists. Please try again."_s);
    row("bad username", credentials(u"no spaces"_s),
        u"username must be 1 to 32 characters: letters, digits, '.', '_' or '-'"_s);
    row("empty username", credentials(QString()),
        u"username must be 1 to 32 characters: letters, digits, '.', '_' or '-'"_s);
    row("long username", credentials(QString(33, u'x')),
        u"username must be 1 to 32 characters: letters, digits, '.', '_' or '-'"_s);
    row("short password", credentials(u"u"_s, u"1234567"_s), u"password must be at least 8 characters long"_s);
}

void TestUserController::registerErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QVERIFY(ensureUser(u"taken"_s));
    const auto r = m_h.call("POST", u"/user"_s, body);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(error));
}

void TestUserController::me()
{
    QVERIFY(m_h.addUser(u"root"_s));
    QVERIFY(m_h.addUser(u"alice"_s));
    const auto r = m_h.call("GET", u"/user/me"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"username":"alice","email":"","timezone":"UTC",)"
                        R"("shareLevel":"milestones","isAdmin":false})"));
    QCOMPARE(m_h.call("HEAD", u"/user/me"_s, {}, u"alice"_s).status, 200);
}

void TestUserController::updateMe()
{
    QVERIFY(m_h.addUser(u"alice"_s));
    auto r =
        m_h.call("PATCH", u"/user/me"_s,
                 R"({"email": "a@example.com", "timezone": "America/New_York", "shareLevel": "moods"})", u"alice"_s);
    EXPECT_JSON(r, 200);
    const QByteArray expected = R"({"username":"alice","email":"a@example.com","timezone":"America/New_York",)"
                                R"("shareLevel":"moods","isAdmin":true})";
    QCOMPARE(r.body, expected);
    QCOMPARE(m_h.call("GET", u"/user/me"_s, {}, u"alice"_s).body, expected);
    r = m_h.call("PATCH", u"/user/me"_s, R"({"email": "", "shareLevel": "none"})", u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"username":"alice","email":"","timezone":"America/New_York",)"
                        R"("shareLevel":"none","isAdmin":true})"));
}

void TestUserController::updateMeErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    const auto row = [](const char* name, const QByteArray& body, const QString& error) {
        QTest::newRow(name) << body << error;
    };
    row("unknown zone", R"({"timezone": "Mars/Olympus"})", u"'Mars/Olympus' is not a known IANA time zone"_s);
    row("offset zone", R"({"timezone": "UTC+05:00"})", u"'UTC+05:00' is not a known IANA time zone"_s);
    row("share level", R"({"shareLevel": "all"})", u"'all' is not one of ['none', 'milestones', 'moods']"_s);
    row("email", R"({"email": "not-an-address"})", u"'not-an-address' is not a valid email address"_s);
    row("email number", R"({"email": 5})", u"5 is not of type 'string'"_s);
    row("short password", R"({"password": "short"})", u"password must be at least 8 characters long"_s);
    row("unknown key", R"({"isAdmin": true})",
        u"'isAdmin' cannot be changed (allowed: email, timezone, shareLevel, password)"_s);
    row("list body", "[]", u"[] is not of type 'object'"_s);
    row("null body", "null", u"None is not of type 'object'"_s);
    row("broken JSON", "{", u"request body is not valid JSON"_s);
    row("one bad value changes nothing", R"({"email": "b@example.com", "timezone": "Nowhere"})",
        u"'Nowhere' is not a known IANA time zone"_s);
}

void TestUserController::updateMeErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QVERIFY(ensureUser(u"alice"_s));
    const QByteArray before = m_h.call("GET", u"/user/me"_s, {}, u"alice"_s).body;
    const auto r = m_h.call("PATCH", u"/user/me"_s, body, u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(error));
    QCOMPARE(m_h.call("GET", u"/user/me"_s, {}, u"alice"_s).body, before);
}

void TestUserController::passwordChangeTakesEffectAtOnce()
{
    QVERIFY(m_h.addUser(u"alice"_s));
    QCOMPARE(m_h.call("GET", u"/user/me"_s, {}, u"alice"_s).status, 200); // cached now
    QCOMPARE(m_h.call("PATCH", u"/user/me"_s, R"({"password": "a brand new secret"})", u"alice"_s).status, 403);
    const auto r =
        m_h.call("PATCH", u"/user/me"_s,
                 R"({"password": "a brand new secret", "currentPassword": "correct horse battery"})", u"alice"_s);
    EXPECT_JSON(r, 200);
    QVERIFY(test::ApiHarness::isUnauthorized(m_h.call("GET", u"/user/me"_s, {}, u"alice"_s)));
    api::ApiRequest fresh = test::ApiHarness::request("GET", u"/user/me"_s);
    fresh.headers.insert("authorization", "Basic " + QByteArray("alice:a brand new secret").toBase64());
    QCOMPARE(m_h.api->handle(fresh).status, 200);
}

void TestUserController::search()
{
    for (const QString& name : {u"root"_s, u"alice"_s, u"albert"_s, u"bob"_s})
        QVERIFY(m_h.addUser(name));
    auto r = m_h.call("GET", u"/user?q=al"_s, {}, u"bob"_s);
    EXPECT_JSON(r, 200);
    const QStringList found = test::ApiHarness::json(r)[u"users"_s].toVariant().toStringList();
    QCOMPARE(QSet<QString>(found.begin(), found.end()), (QSet<QString>{u"alice"_s, u"albert"_s}));
    r = m_h.call("GET", u"/user?q=zz"_s, {}, u"bob"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"users":[]})"));
}

void TestUserController::searchTrickyPrefixes_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("'%' is literal") << u"/user?q=%25"_s << QByteArray(R"({"users":["%x"]})");
    QTest::newRow("'a%' matches no 'ab'") << u"/user?q=a%25"_s << QByteArray(R"({"users":[]})");
    QTest::newRow("'_' is literal") << u"/user?q=a_"_s << QByteArray(R"({"users":["a_b"]})");
    QTest::newRow("'_' alone") << u"/user?q=_"_s << QByteArray(R"({"users":["_z"]})");
    QTest::newRow("non-ASCII, present") << u"/user?q=%C3%A9"_s << QByteArray(R"({"users":["él","éz"]})");
    QTest::newRow("non-ASCII, absent") << u"/user?q=%C3%A8"_s << QByteArray(R"({"users":[]})");
    QTest::newRow("after the last ASCII") << u"/user?q=~"_s << QByteArray(R"({"users":["~~"]})");
    // Qt leaves noncharacters such as U+10FFFF percent-encoded in a query: the prefix is the text "%F4%8F%BF%BF".
    // TestUserService::searchByPrefixAtTheLastCodePoint passes U+10FFFF itself.
    QTest::newRow("the last code point, as Qt decodes it")
        << u"/user?q=%F4%8F%BF%BF"_s << QByteArray(R"({"users":[]})");
    QTest::newRow("the last character of plane 16") << u"/user?q=%F4%8F%BF%BD"_s
                                                    << QByteArray("{\"users\":[\"\xf4\x8f\xbf\xbd\",\"\xf4\x8f\xbf\xbd"
                                                                  "a\"]}");
    QTest::newRow("a, then the last character of plane 16")
        << u"/user?q=a%F4%8F%BF%BD"_s << QByteArray("{\"users\":[\"a\xf4\x8f\xbf\xbd\"]}");
    QTest::newRow("after the last character of plane 16")
        << u"/user?q=%F4%8F%BF%BDb"_s << QByteArray(R"({"users":[]})");
    QTest::newRow("below the BMP's end") << u"/user?q=%EF%BF%BF"_s << QByteArray(R"({"users":[]})");
    QTest::newRow("last before the surrogates")
        << u"/user?q=%ED%9F%BF"_s << QByteArray("{\"users\":[\"\xed\x9f\xbfq\"]}");
    QTest::newRow("z, in code point order")
        << u"/user?q=z"_s << QByteArray(R"({"users":["z","z-","z.","zZ","z_","za"]})");
}

void TestUserController::searchTrickyPrefixes()
{
    // Registration allows ASCII names only; the others stand for names from an import or an older rule, written
    // straight into the table, so the range query's ends are tested with what the index may really hold.
    QFETCH(QString, target);
    QFETCH(QByteArray, body);
    if (!ensureUser(u"bob"_s))
        QFAIL("bob");
    static const QStringList names{u"%x"_s,
                                   u"ab"_s,
                                   u"a_b"_s,
                                   u"_z"_s,
                                   u"él"_s,
                                   u"éz"_s,
                                   u"f"_s,
                                   u"~~"_s,
                                   QString::fromUcs4(U"\U0010FFFD"),
                                   QString::fromUcs4(U"\U0010FFFDa"),
                                   QString::fromUcs4(U"a\U0010FFFD"),
                                   QString::fromUcs4(U"\U0010FFFE"),
                                   QString::fromUcs4(U"\uD7FFq"),
                                   QString::fromUcs4(U"\uE000"),
                                   u"z"_s,
                                   u"za"_s,
                                   u"zZ"_s,
                                   u"z_"_s,
                                   u"z-"_s,
                                   u"z."_s};
    if (m_h.userId(names.last()) == 0) { // the first row of this function
        for (const QString& name : names) {
            QVERIFY(m_h.scratch
                        .exec(u"INSERT INTO users (username, password_hash, timezone, created_at)"
                              " VALUES (?, 'x', 'UTC', 0)"_s,
                              {name})
                        .isActive());
        }
    }
    const auto r = m_h.call("GET", target, {}, u"bob"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body, body);
}

void TestUserController::loginAndLogout()
{
    QVERIFY(m_h.addUser(u"alice"_s));
    auto r = m_h.call("POST", u"/login"_s, credentials(u"alice"_s));
    EXPECT_JSON(r, 200);
    static const QRegularExpression shape(uR"re(^\{"token":"([A-Za-z0-9_-]{43})","expiresAt":(\d+)\}$)re"_s);
    const auto match = shape.match(QString::fromUtf8(r.body));
    QVERIFY2(match.hasMatch(), r.body.constData());
    const qint64 now = m_h.clock->now().toSecsSinceEpoch();
    QCOMPARE(match.captured(2).toLongLong(), now + TokenStore::kDefaultLifetimeSeconds);

    api::ApiRequest bearer = test::ApiHarness::request("GET", u"/user/me"_s);
    bearer.headers.insert("authorization", "Bearer " + match.captured(1).toLatin1());
    r = m_h.api->handle(bearer);
    EXPECT_JSON(r, 200);
    QVERIFY(r.body.startsWith(R"({"username":"alice",)"));

    QCOMPARE(m_h.call("POST", u"/logout"_s, {}, u"alice"_s).body,
             errorBody(u"logout revokes a bearer token: send Authorization: Bearer <token>"_s));
    api::ApiRequest logout = bearer;
    logout.method = "POST";
    logout.path = u"/logout"_s;
    r = m_h.api->handle(logout);
    QCOMPARE(r.status, 204);
    QVERIFY(r.body.isEmpty());
    QVERIFY(test::ApiHarness::isUnauthorized(m_h.api->handle(bearer)));
}

void TestUserController::loginErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error"); // empty: the plain-text 401
    QTest::newRow("wrong password") << credentials(u"alice"_s, u"not the password"_s) << 401 << QString();
    QTest::newRow("unknown user") << credentials(u"nobody"_s) << 401 << QString();
    QTest::newRow("no password") << QByteArray(R"({"username": "alice"})") << 400
                                 << u"'password' is a required property"_s;
    QTest::newRow("password number") << QByteArray(R"({"username": "alice", "password": 5})") << 400
                                     << u"5 is not of type 'string'"_s;
    QTest::newRow("null body") << QByteArray("null") << 400 << u"None is not of type 'object'"_s;
    QTest::newRow("broken JSON") << QByteArray("{") << 400 << u"request body is not valid JSON"_s;
}

void TestUserController::loginErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    QVERIFY(ensureUser(u"alice"_s));
    const auto r = m_h.call("POST", u"/login"_s, body);
    if (error.isEmpty()) {
        QVERIFY2(test::ApiHarness::isUnauthorized(r), r.body.constData());
    } else {
        EXPECT_JSON(r, status);
        QCOMPARE(r.body, errorBody(error));
    }
}

void TestUserController::loginBansAfterFailures()
{
    QVERIFY(m_h.addUser(u"alice"_s));
    const api::Authenticator::Options defaults;
    for (int i = 0; i < defaults.maxFailures; ++i)
        QVERIFY(test::ApiHarness::isUnauthorized(m_h.call("POST", u"/login"_s, credentials(u"alice"_s, u"guess"_s))));
    const QByteArray banned = errorBody(u"too many failed logins from this address; try again later"_s);
    auto r = m_h.call("POST", u"/login"_s, credentials(u"alice"_s));
    EXPECT_JSON(r, 429);
    QCOMPARE(r.body, banned);
    r = m_h.call("GET", u"/user/me"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 429);
    QCOMPARE(r.body, banned);
    m_h.clock->advance(defaults.banSeconds);
    QCOMPARE(m_h.call("POST", u"/login"_s, credentials(u"alice"_s)).status, 200);
}

void TestUserController::closedRegistration()
{
    QVERIFY(m_h.addUser(u"root"_s));
    QVERIFY(m_h.addUser(u"alice"_s));
    auto r = m_h.call("PATCH", u"/instance"_s, R"({"registrationOpen": false})", u"alice"_s);
    EXPECT_JSON(r, 403);
    QCOMPARE(r.body, errorBody(u"only the instance admin can change instance settings"_s));
    r = m_h.call("PATCH", u"/instance"_s, R"({"registrationOpen": false})", u"root"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"backfillDays":7,"registrationOpen":false,"registrationsPerHour":20,"retention":"all"})"));

    QVERIFY(test::ApiHarness::isUnauthorized(m_h.call("POST", u"/user"_s, credentials(u"carol"_s))));
    r = m_h.call("POST", u"/user"_s, credentials(u"carol"_s), u"alice"_s);
    EXPECT_JSON(r, 403);
    QCOMPARE(r.body, errorBody(u"registration is closed on this instance"_s));
    r = m_h.call("POST", u"/user"_s, credentials(u"carol"_s), u"root"_s);
    EXPECT_JSON(r, 201);
    QCOMPARE(r.body, QByteArray(R"({"username":"carol"})"));
    QCOMPARE(m_h.call("GET", u"/user/me"_s, {}, u"carol"_s).status, 200);

    r = m_h.call("PATCH", u"/instance"_s, R"({"registrationOpen": "yes"})", u"root"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"'yes' is not of type 'boolean'"_s));
    r = m_h.call("PATCH", u"/instance"_s, R"({"registrationOpen": true})", u"root"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(m_h.call("POST", u"/user"_s, credentials(u"dave"_s)).status, 201);
}

void TestUserController::retentionSetting()
{
    QVERIFY(m_h.addUser(u"root"_s));
    QVERIFY(m_h.addUser(u"alice"_s));
    auto r = m_h.call("PATCH", u"/instance"_s, R"({"retention": "one-year"})", u"alice"_s);
    EXPECT_JSON(r, 403);
    r = m_h.call("PATCH", u"/instance"_s, R"({"retention": "one-year"})", u"root"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(
        r.body,
        QByteArray(R"({"backfillDays":7,"registrationOpen":true,"registrationsPerHour":20,"retention":"one-year"})"));
    QCOMPARE(*m_h.services->settings.retention(), RetentionPolicy::KeepOneYear); // in the database
    r = m_h.call("PATCH", u"/instance"_s, R"({"retention": "forever"})", u"root"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"'forever' is not one of ['all', 'one-year']"_s));
    r = m_h.call("PATCH", u"/instance"_s, R"({"retention": 1, "registrationOpen": false})", u"root"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"1 is not of type 'string'"_s));
    QCOMPARE(*m_h.services->settings.registrationOpen(), true); // nothing changed
    r = m_h.call("PATCH", u"/instance"_s, R"({"retention": "all", "registrationOpen": false})", u"root"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"backfillDays":7,"registrationOpen":false,"registrationsPerHour":20,"retention":"all"})"));
}

void TestUserController::needsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("GET /user") << QByteArray("GET") << u"/user?q=a"_s;
    QTest::newRow("GET /user/me") << QByteArray("GET") << u"/user/me"_s;
    QTest::newRow("PATCH /user/me") << QByteArray("PATCH") << u"/user/me"_s;
    QTest::newRow("POST /logout") << QByteArray("POST") << u"/logout"_s;
    QTest::newRow("GET /instance") << QByteArray("GET") << u"/instance"_s;
    QTest::newRow("PATCH /instance") << QByteArray("PATCH") << u"/instance"_s;
}

void TestUserController::needsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QVERIFY(ensureUser(u"alice"_s));
    QVERIFY(test::ApiHarness::isUnauthorized(m_h.call(method, path, R"({"email": "x@example.com"})")));
    api::ApiRequest stale = test::ApiHarness::request(method, path, R"({"email": "x@example.com"})");
    stale.headers.insert("authorization", "Bearer stale-token"); // never bans, unlike a wrong password
    QVERIFY(test::ApiHarness::isUnauthorized(m_h.api->handle(stale)));
    QCOMPARE(m_h.call("GET", u"/user/me"_s, {}, u"alice"_s).body.contains(R"("email":"")"), true);
}

QTEST_GUILESS_MAIN(TestUserController)
#include "TestUserController.moc"
