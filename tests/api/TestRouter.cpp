#include "ApiErrors.h"
#include "Authenticator.h"
#include "FakeClock.h"
#include "Router.h"
#include "ScratchDatabase.h"
#include "Services.h"

#include <QTest>

#include <memory>

using namespace mood;
using namespace mood::api;
using namespace Qt::StringLiterals;

namespace {
const QString kPassword = u"correct horse battery"_s;

QByteArray headerOf(const ApiResponse& response, const QByteArray& name)
{
    for (const auto& header : response.headers) {
        if (header.first == name)
            return header.second;
    }
    return {};
}

ApiRequest request(const QByteArray& method, const QString& path, const QString& user = {},
                   const QString& password = kPassword)
{
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.clientAddress = u"127.0.0.1"_s;
    if (!user.isEmpty())
        r.headers.insert("authorization", "Basic " + (user + u':' + password).toUtf8().toBase64());
    return r;
}
} // namespace

class TestRouter final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void match_data();
    void match();
    void dispatchesByMethodAndPath_data();
    void dispatchesByMethodAndPath();
    void unknownPathIs404_data();
    void unknownPathIs404();
    void wrongMethodIs405_data();
    void wrongMethodIs405();
    void headRunsTheGetRoute();
    void authenticatesBeforeTheHandler();
    void publicRoutesNeedNoCredentials();
    void fillsArgs();

private:
    // Adds a route whose handler records its calls as "METHOD pattern" and answers 200 with that text.
    void addRoute(const QByteArray& method, const QString& pattern, bool needsAuth = false);

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<Authenticator> m_authenticator;
    std::unique_ptr<Router> m_router;
    QStringList m_calls;
    std::optional<ApiRequest> m_seen; // the request the last handler got
};

void TestRouter::initTestCase()
{
    // The routes live in memory: one database (for the Authenticator's one user) serves every test.
    QVERIFY2(m_scratch.open(QString::fromLatin1(test::kSqlite)), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>();
    ServiceOptions options;
    options.passwordStrength = PasswordHasher::Strength::Minimal;
    m_services = std::make_unique<Services>(m_scratch.db(), *m_clock, options);
    QVERIFY(m_services->users.registerUser(u"alice"_s, kPassword).ok());
}

void TestRouter::init()
{
    m_authenticator = std::make_unique<Authenticator>(*m_services);
    m_router = std::make_unique<Router>(*m_authenticator);
    m_calls.clear();
    m_seen.reset();

    addRoute("GET", u"/"_s);
    addRoute("GET", u"/things"_s);
    addRoute("POST", u"/things"_s);
    addRoute("GET", u"/things/<arg>"_s);
    addRoute("DELETE", u"/things/<arg>"_s, true);
    addRoute("POST", u"/submit"_s);
    addRoute("GET", u"/a/<arg>/b/<arg>"_s);
    addRoute("GET", u"/private"_s, true);
}

void TestRouter::cleanup()
{
    m_router.reset();
    m_authenticator.reset();
}

void TestRouter::cleanupTestCase()
{
    m_services.reset();
    m_scratch.close();
}

void TestRouter::addRoute(const QByteArray& method, const QString& pattern, bool needsAuth)
{
    const QString name = QString::fromLatin1(method) + u' ' + pattern;
    m_router->add({method, pattern, Family::Users, needsAuth, name, [this, name](ApiRequest& r) {
                       m_calls.append(name);
                       m_seen = r;
                       return ApiResponse::json(200, QJsonValue(name));
                   }});
}

void TestRouter::match_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<QStringList>("args");
    const auto yes = [](const char* name, const QString& pattern, const QString& path, const QStringList& args = {}) {
        QTest::newRow(name) << pattern << path << true << args;
    };
    const auto no = [](const char* name, const QString& pattern, const QString& path) {
        QTest::newRow(name) << pattern << path << false << QStringList();
    };
    yes("exact", u"/user"_s, u"/user"_s);
    yes("exact nested", u"/user/me"_s, u"/user/me"_s);
    yes("trailing slash", u"/user"_s, u"/user/"_s);
    yes("root", u"/"_s, u"/"_s);
    yes("arg", u"/mood/<arg>"_s, u"/mood/42"_s, {u"42"_s});
    yes("arg with trailing slash", u"/mood/<arg>"_s, u"/mood/42/"_s, {u"42"_s});
    yes("arg in the middle", u"/feed/<arg>/friends"_s, u"/feed/alice/friends"_s, {u"alice"_s});
    yes("two args", u"/a/<arg>/b/<arg>"_s, u"/a/1/b/x.y"_s, {u"1"_s, u"x.y"_s});
    yes("arg keeps text as is", u"/feed/<arg>"_s, u"/feed/a b+c"_s, {u"a b+c"_s});
    no("other path", u"/user"_s, u"/users"_s);
    no("prefix only", u"/user/me"_s, u"/user"_s);
    no("extra segment", u"/user"_s, u"/user/me"_s);
    no("two trailing slashes", u"/user"_s, u"/user//"_s);
    no("missing arg", u"/mood/<arg>"_s, u"/mood"_s);
    no("empty arg", u"/mood/<arg>"_s, u"/mood/"_s);
    no("empty arg with slash", u"/mood/<arg>"_s, u"/mood//"_s);
    no("arg spans no slash", u"/mood/<arg>"_s, u"/mood/1/2"_s);
    no("empty middle arg", u"/feed/<arg>/friends"_s, u"/feed//friends"_s);
    no("case sensitive", u"/user"_s, u"/User"_s);
    no("empty path", u"/user"_s, QString());
    no("root is not a route", u"/user"_s, u"/"_s);
    no("route is not root", u"/"_s, u"/user"_s);
    no("no leading slash", u"/user"_s, u"user"_s);
}

void TestRouter::match()
{
    QFETCH(QString, pattern);
    QFETCH(QString, path);
    QFETCH(bool, matches);
    QFETCH(QStringList, args);
    const auto result = Router::match(pattern, path);
    QCOMPARE(result.has_value(), matches);
    if (matches)
        QCOMPARE(*result, args);
}

void TestRouter::dispatchesByMethodAndPath_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("route");
    QTest::newRow("root") << QByteArray("GET") << u"/"_s << u"GET /"_s;
    QTest::newRow("get") << QByteArray("GET") << u"/things"_s << u"GET /things"_s;
    QTest::newRow("post same path") << QByteArray("POST") << u"/things"_s << u"POST /things"_s;
    QTest::newRow("trailing slash") << QByteArray("POST") << u"/things/"_s << u"POST /things"_s;
    QTest::newRow("arg route") << QByteArray("GET") << u"/things/7"_s << u"GET /things/<arg>"_s;
}

void TestRouter::dispatchesByMethodAndPath()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, route);
    ApiRequest r = request(method, path);
    const ApiResponse response = m_router->dispatch(r);
    QCOMPARE(response.status, 200);
    QCOMPARE(m_calls, QStringList{route});
    QCOMPARE(response.body, (u'"' + route + u'"').toUtf8());
}

void TestRouter::unknownPathIs404_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("unknown") << QByteArray("GET") << u"/nowhere"_s;
    QTest::newRow("extra segment") << QByteArray("GET") << u"/things/7/more"_s;
    QTest::newRow("two trailing slashes") << QByteArray("GET") << u"/things//"_s;
    QTest::newRow("unknown with post") << QByteArray("POST") << u"/nowhere"_s;
    QTest::newRow("private unknown sub path") << QByteArray("GET") << u"/private/x"_s;
    QTest::newRow("empty") << QByteArray("GET") << QString();
}

void TestRouter::unknownPathIs404()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    ApiRequest r = request(method, path);
    const ApiResponse response = m_router->dispatch(r);
    QCOMPARE(response.status, 404);
    QCOMPARE(response.body, QByteArray(R"({"error":"not found"})"));
    QCOMPARE(response.contentType, QByteArray("application/json"));
    QVERIFY(m_calls.isEmpty());
}

void TestRouter::wrongMethodIs405_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("allow");
    QTest::newRow("put on get+post") << QByteArray("PUT") << u"/things"_s << QByteArray("GET, POST, HEAD");
    QTest::newRow("delete on get+post") << QByteArray("DELETE") << u"/things/"_s << QByteArray("GET, POST, HEAD");
    QTest::newRow("post on get+delete") << QByteArray("POST") << u"/things/7"_s << QByteArray("GET, DELETE, HEAD");
    QTest::newRow("get on post only") << QByteArray("GET") << u"/submit"_s << QByteArray("POST");
    QTest::newRow("head on post only") << QByteArray("HEAD") << u"/submit"_s << QByteArray("POST");
    QTest::newRow("auth route, no credentials") << QByteArray("POST") << u"/private"_s << QByteArray("GET, HEAD");
}

void TestRouter::wrongMethodIs405()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, allow);
    ApiRequest r = request(method, path);
    const ApiResponse response = m_router->dispatch(r);
    QCOMPARE(response.status, 405);
    QCOMPARE(response.body, QByteArray(R"({"error":"method not allowed"})"));
    QCOMPARE(response.contentType, QByteArray("application/json"));
    QCOMPARE(headerOf(response, "Allow"), allow);
    QVERIFY(m_calls.isEmpty());
}

void TestRouter::headRunsTheGetRoute()
{
    ApiRequest r = request("HEAD", u"/things/9"_s);
    const ApiResponse response = m_router->dispatch(r);
    QCOMPARE(response.status, 200);
    QCOMPARE(m_calls, QStringList{u"GET /things/<arg>"_s});
    QVERIFY(m_seen.has_value());
    QCOMPARE(m_seen->args, QStringList{u"9"_s});
}

void TestRouter::authenticatesBeforeTheHandler()
{
    ApiRequest anonymous = request("GET", u"/private"_s);
    ApiResponse response = m_router->dispatch(anonymous);
    QCOMPARE(response.status, 401);
    QCOMPARE(response.body, QByteArray("Unauthorized Access"));
    QCOMPARE(headerOf(response, "WWW-Authenticate"), QByteArray(R"(Basic realm="Authentication Required")"));
    QVERIFY(m_calls.isEmpty());

    ApiRequest wrong = request("DELETE", u"/things/3"_s, u"alice"_s, u"wrong password"_s);
    QCOMPARE(m_router->dispatch(wrong).status, 401);
    QVERIFY(m_calls.isEmpty());

    ApiRequest unknownUser = request("GET", u"/private"_s, u"mallory"_s);
    QCOMPARE(m_router->dispatch(unknownUser).status, 401);
    QVERIFY(m_calls.isEmpty());

    ApiRequest good = request("DELETE", u"/things/3"_s, u"alice"_s);
    response = m_router->dispatch(good);
    QCOMPARE(response.status, 200);
    QCOMPARE(m_calls, QStringList{u"DELETE /things/<arg>"_s});
    QVERIFY(m_seen->user.has_value());
    QCOMPARE(m_seen->user->username, u"alice"_s);
    QVERIFY(m_seen->bearerToken.isEmpty());
    QCOMPARE(good.user->username, u"alice"_s); // the caller's request is filled in too
}

void TestRouter::publicRoutesNeedNoCredentials()
{
    ApiRequest r = request("GET", u"/things"_s);
    QCOMPARE(m_router->dispatch(r).status, 200);
    QCOMPARE(m_calls, QStringList{u"GET /things"_s});
    QVERIFY(!m_seen->user.has_value());

    // Wrong credentials on a public route are not even looked at.
    ApiRequest wrong = request("GET", u"/things"_s, u"alice"_s, u"wrong password"_s);
    QCOMPARE(m_router->dispatch(wrong).status, 200);
    QVERIFY(!m_seen->user.has_value());
}

void TestRouter::fillsArgs()
{
    ApiRequest r = request("GET", u"/a/first/b/second/"_s);
    QCOMPARE(m_router->dispatch(r).status, 200);
    QCOMPARE(m_calls, QStringList{u"GET /a/<arg>/b/<arg>"_s});
    QCOMPARE(m_seen->args, (QStringList{u"first"_s, u"second"_s}));
    QCOMPARE(r.args, (QStringList{u"first"_s, u"second"_s}));

    ApiRequest none = request("GET", u"/things"_s);
    none.args = QStringList{u"stale"_s};
    QCOMPARE(m_router->dispatch(none).status, 200);
    QVERIFY(m_seen->args.isEmpty());
}

QTEST_GUILESS_MAIN(TestRouter)
#include "TestRouter.moc"
