#include "ApiHarness.h"

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QByteArray errorBody(const QString& text)
{
    return test::ApiHarness::compact({{u"error"_s, text}});
}
} // namespace

class TestFeedController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void postActivity();
    void postActivityErrors_data();
    void postActivityErrors();
    void followAndUnfollow();
    void followErrors_data();
    void followErrors();
    void needsCredentials_data();
    void needsCredentials();
    void feedsShowTheRightActors();
    void whoMayReadFeeds_data();
    void whoMayReadFeeds();
    void paging();
    void pagingKeepsOtherParameters();
    void rejectsBadPaging_data();
    void rejectsBadPaging();
    void beforeCursor();

private:
    QStringList verbs(const QString& target, const QString& user, const QString& key = u"my_feed"_s);

    test::ApiHarness m_h;
};

void TestFeedController::initTestCase_data()
{
    test::addBackendRows();
}

void TestFeedController::init()
{
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_h.open(backend, &error), qPrintable(error));
    for (const QString& name : {u"root"_s, u"alice"_s, u"bob"_s, u"carol"_s}) // root: the admin
        QVERIFY(m_h.addUser(name));
}

void TestFeedController::cleanup()
{
    m_h.close();
}

QStringList TestFeedController::verbs(const QString& target, const QString& user, const QString& key)
{
    const auto r = m_h.call("GET", target, {}, user);
    if (r.status != 200)
        return {u"HTTP %1 %2"_s.arg(r.status).arg(QString::fromUtf8(r.body))};
    QStringList out;
    for (const QJsonValue& activity : test::ApiHarness::json(r)[key].toArray())
        out.append(activity[u"actor"_s].toString() + u':' + activity[u"verb"_s].toString());
    return out;
}

void TestFeedController::postActivity()
{
    m_h.clock->setNow(QDateTime(QDate(2026, 3, 15), QTime(23, 30, 5, 900), Qt::UTC));
    auto r = m_h.call("POST", u"/activity"_s,
                      R"({"actor": "alice", "verb": "shared", "object": "photo:1", "target": "bob"})", u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"actor":"alice","datetime":"2026-03-15T23:30:05","object":"photo:1",)"
                        R"("target":"bob","verb":"shared"})"));
    r = m_h.call("POST", u"/activity/"_s, R"({"actor": "alice", "verb": "waved", "object": null, "target": "alice"})",
                 u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"actor":"alice","datetime":"2026-03-15T23:30:05","object":null,)"
                        R"("target":"alice","verb":"waved"})"));
    QCOMPARE(verbs(u"/feed/alice"_s, u"alice"_s), (QStringList{u"alice:waved"_s, u"alice:shared"_s}));
}

void TestFeedController::postActivityErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    const QString json = u"something wrong with JSON request"_s;
    const QString emptyVerb = u"empty verb"_s;
    const QString noActor = u"no actor named ghost"_s;
    const auto row = [](const char* name, const QByteArray& body, int status, const QString& error) {
        QTest::newRow(name) << body << status << error;
    };
    for (const char* body : {"", "{", "not json", "[1]", "5", "null", "\"x\""})
        row(body[0] ? body : "empty body", body, 400, json);
    row("actor missing", R"({"verb": "v", "object": null, "target": "bob"})", 400, json);
    row("verb missing", R"({"actor": "alice", "object": null, "target": "bob"})", 400, json);
    row("object missing", R"({"actor": "alice", "verb": "v", "target": "bob"})", 400, json);
    row("target missing", R"({"actor": "alice", "verb": "v", "object": null})", 400, json);
    row("actor number", R"({"actor": 5, "verb": "v", "object": null, "target": "bob"})", 400, json);
    row("verb null", R"({"actor": "alice", "verb": null, "object": null, "target": "bob"})", 400, json);
    row("object number", R"({"actor": "alice", "verb": "v", "object": 5, "target": "bob"})", 400, json);
    row("object object", R"({"actor": "alice", "verb": "v", "object": {}, "target": "bob"})", 400, json);
    row("target null", R"({"actor": "alice", "verb": "v", "object": null, "target": null})", 400, json);
    row("verb empty", R"({"actor": "alice", "verb": "", "object": null, "target": "bob"})", 400, emptyVerb);
    row("empty verb first", R"({"actor": "ghost", "verb": "", "object": null, "target": "ghost"})", 400, emptyVerb);
    row("no actor", R"({"actor": "ghost", "verb": "v", "object": null, "target": "bob"})", 404, noActor);
    row("actor before target", R"({"actor": "ghost", "verb": "v", "object": null, "target": "x"})", 404, noActor);
    row("someone else", R"({"actor": "bob", "verb": "v", "object": null, "target": "alice"})", 403, QString());
    row("forbidden before target", R"({"actor": "bob", "verb": "v", "object": null, "target": "x"})", 403, {});
    row("no target", R"({"actor": "alice", "verb": "v", "object": "o", "target": "ghost"})", 404,
        u"no target named ghost"_s);
}

void TestFeedController::postActivityErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    const auto r = m_h.call("POST", u"/activity"_s, body, u"alice"_s);
    EXPECT_JSON(r, status);
    if (error.isEmpty()) // 403: the text is ours, the shape is the contract's
        QCOMPARE(test::ApiHarness::json(r).toObject().keys(), QStringList{u"error"_s});
    else
        QCOMPARE(r.body, errorBody(error));
    QCOMPARE(verbs(u"/feed/alice"_s, u"alice"_s), QStringList());
    QCOMPARE(verbs(u"/feed/bob"_s, u"bob"_s), QStringList());
}

void TestFeedController::followAndUnfollow()
{
    auto r = m_h.call("POST", u"/feed/alice"_s, R"({"follow": "bob"})", u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"follow":{"followee":"bob","follower":"alice"}})"));
    r = m_h.call("POST", u"/feed/alice/"_s, R"({"follow": "bob"})", u"alice"_s);
    EXPECT_JSON(r, 409);
    QCOMPARE(r.body, errorBody(u"alice already follows bob"_s));
    QCOMPARE(m_h.services->follows.isFollowing(u"alice"_s, u"bob"_s).value(), true);

    r = m_h.call("POST", u"/feed/alice"_s, R"({"unfollow": "bob"})", u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"unfollow":{"followee":"bob","follower":"alice"}})"));
    QCOMPARE(m_h.services->follows.isFollowing(u"alice"_s, u"bob"_s).value(), false);
    r = m_h.call("POST", u"/feed/alice"_s, R"({"unfollow": "bob"})", u"alice"_s);
    EXPECT_JSON(r, 409);
    QCOMPARE(r.body, errorBody(u"cannot unfollow, no such follow exists"_s));
    // Following wrote a "followed" activity of alice's.
    QCOMPARE(verbs(u"/feed/alice"_s, u"alice"_s), QStringList{u"alice:followed"_s});
}

void TestFeedController::followErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    const auto row = [](const char* name, const QString& path, const QByteArray& body, int status, const QString& e) {
        QTest::newRow(name) << path << body << status << e;
    };
    const QString me = u"/feed/alice"_s;
    const QString notSpecified = u"user to follow not specified"_s;
    row("someone else", u"/feed/bob"_s, R"({"follow": "carol"})", 403, QString());
    row("forbidden first: himself", u"/feed/bob"_s, R"({"follow": "bob"})", 403, QString());
    row("forbidden first: no user", u"/feed/ghost"_s, R"({"follow": "bob"})", 403, QString());
    row("forbidden first: bad body", u"/feed/bob"_s, "{", 403, QString());
    row("himself", me, R"({"follow": "alice"})", 400, u"user cannot follow himself"_s);
    row("unfollow himself", me, R"({"unfollow": "alice"})", 400, u"user cannot follow himself"_s);
    row("follow empty", me, R"({"follow": ""})", 400, notSpecified);
    row("follow null", me, R"({"follow": null})", 400, notSpecified);
    row("unfollow empty", me, R"({"unfollow": ""})", 400, notSpecified);
    row("neither key", me, R"({"befriend": "bob"})", 400, notSpecified);
    row("empty object", me, "{}", 400, notSpecified);
    row("no such user", me, R"({"follow": "ghost"})", 404, u"no user named ghost"_s);
    row("unfollow no such user", me, R"({"unfollow": "ghost"})", 404, u"no user named ghost"_s);
    row("not json", me, "follow bob", 400, u"something wrong with JSON request"_s);
    row("array", me, R"(["bob"])", 400, u"something wrong with JSON request"_s);
    row("followee not a string", me, R"({"follow": 5})", 400, u"something wrong with JSON request"_s);
}

void TestFeedController::followErrors()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    const auto r = m_h.call("POST", path, body, u"alice"_s);
    EXPECT_JSON(r, status);
    if (error.isEmpty())
        QCOMPARE(test::ApiHarness::json(r).toObject().keys(), QStringList{u"error"_s});
    else
        QCOMPARE(r.body, errorBody(error));
    QCOMPARE(m_h.services->follows.followees(u"alice"_s).value(), QStringList());
    QCOMPARE(m_h.services->follows.followees(u"bob"_s).value(), QStringList());
}

void TestFeedController::needsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");
    QTest::newRow("POST /activity") << QByteArray("POST") << u"/activity"_s << QString();
    QTest::newRow("POST /feed/alice") << QByteArray("POST") << u"/feed/alice"_s << QString();
    QTest::newRow("GET /feed/alice") << QByteArray("GET") << u"/feed/alice"_s << QString();
    QTest::newRow("GET /feed/alice/friends") << QByteArray("GET") << u"/feed/alice/friends"_s << QString();
    QTest::newRow("unknown user") << QByteArray("GET") << u"/feed/alice"_s << u"mallory"_s;
}

void TestFeedController::needsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, user);
    const auto r = m_h.call(method, path, R"({"follow": "bob"})", user);
    QVERIFY2(test::ApiHarness::isUnauthorized(r), r.body.constData());
}

void TestFeedController::feedsShowTheRightActors()
{
    const auto act = [this](const QString& who, const QString& verb) {
        const QJsonObject body{
            {u"actor"_s, who}, {u"verb"_s, verb}, {u"object"_s, QJsonValue::Null}, {u"target"_s, u"root"_s}};
        QCOMPARE(m_h.call("POST", u"/activity"_s, QJsonDocument(body).toJson(), who).status, 200);
        m_h.clock->advance(60);
    };
    act(u"bob"_s, u"b1"_s);
    act(u"carol"_s, u"c1"_s);
    QCOMPARE(m_h.call("POST", u"/feed/alice"_s, R"({"follow": "bob"})", u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/feed/alice"_s, R"({"follow": "carol"})", u"alice"_s).status, 200);
    act(u"bob"_s, u"b2"_s);
    act(u"alice"_s, u"a1"_s);
    if (QTest::currentTestFailed())
        return;

    QCOMPARE(verbs(u"/feed/alice"_s, u"alice"_s),
             (QStringList{u"alice:a1"_s, u"alice:followed"_s, u"alice:followed"_s}));
    QCOMPARE(verbs(u"/feed/alice/friends"_s, u"alice"_s, u"friends_feed"_s),
             (QStringList{u"bob:b2"_s, u"carol:c1"_s, u"bob:b1"_s}));
    QCOMPARE(verbs(u"/feed/bob"_s, u"bob"_s), (QStringList{u"bob:b2"_s, u"bob:b1"_s}));
    const auto empty = m_h.call("GET", u"/feed/bob/friends/"_s, {}, u"bob"_s); // follows nobody
    EXPECT_JSON(empty, 200);
    QCOMPARE(empty.body, QByteArray(R"({"friends_feed":[]})"));
    const auto none = m_h.call("GET", u"/feed/root"_s, {}, u"root"_s);
    EXPECT_JSON(none, 200);
    QCOMPARE(none.body, QByteArray(R"({"my_feed":[]})"));
}

void TestFeedController::whoMayReadFeeds_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("status");
    // bob follows alice; carol follows nobody; root is the admin.
    QTest::newRow("own feed") << u"/feed/alice"_s << u"alice"_s << 200;
    QTest::newRow("follower") << u"/feed/alice"_s << u"bob"_s << 200;
    QTest::newRow("admin") << u"/feed/alice"_s << u"root"_s << 200;
    QTest::newRow("stranger") << u"/feed/alice"_s << u"carol"_s << 403;
    QTest::newRow("followee reads follower") << u"/feed/bob"_s << u"alice"_s << 403;
    QTest::newRow("own friends") << u"/feed/bob/friends"_s << u"bob"_s << 200;
    QTest::newRow("admin friends") << u"/feed/bob/friends"_s << u"root"_s << 200;
    QTest::newRow("followee reads friends") << u"/feed/bob/friends"_s << u"alice"_s << 403;
    QTest::newRow("stranger friends") << u"/feed/bob/friends"_s << u"carol"_s << 403;
    QTest::newRow("no user") << u"/feed/ghost"_s << u"carol"_s << 404;
    QTest::newRow("no user friends") << u"/feed/ghost/friends"_s << u"carol"_s << 404;
}

void TestFeedController::whoMayReadFeeds()
{
    QFETCH(QString, path);
    QFETCH(QString, user);
    QFETCH(int, status);
    QCOMPARE(m_h.call("POST", u"/feed/bob"_s, R"({"follow": "alice"})", u"bob"_s).status, 200);
    const auto r = m_h.call("GET", path, {}, user);
    EXPECT_JSON(r, status);
    const QJsonObject body = test::ApiHarness::json(r).toObject();
    if (status == 404)
        QCOMPARE(r.body, errorBody(u"no user named ghost"_s));
    else if (status == 403)
        QCOMPARE(body.keys(), QStringList{u"error"_s});
    else
        QVERIFY(body.contains(path.endsWith(u"friends"_s) ? u"friends_feed"_s : u"my_feed"_s));
}

void TestFeedController::paging()
{
    for (int i = 1; i <= 25; ++i) {
        QVERIFY(m_h.services->activities.add(m_h.userId(u"alice"_s), u"v%1"_s.arg(i), std::nullopt, u"bob"_s).ok());
        m_h.clock->advance(1);
    }
    const auto page = [this](const QString& query) {
        return m_h.call("GET", u"/feed/alice"_s + query, {}, u"alice"_s);
    };
    const auto items = [](const api::ApiResponse& r) {
        QStringList out;
        for (const QJsonValue& a : test::ApiHarness::json(r)[u"my_feed"_s].toArray())
            out.append(a[u"verb"_s].toString());
        return out;
    };
    const QString base = test::ApiHarness::kBaseUrl + u"/feed/alice?"_s;

    auto r = page(u"?per_page=10"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(items(r).first(), u"v25"_s);
    QCOMPARE(items(r).last(), u"v16"_s);
    QCOMPARE(items(r).size(), 10);
    QJsonObject body = test::ApiHarness::json(r).toObject();
    QCOMPARE(body.value(u"next_url"_s).toString(), base + u"per_page=10&page=2"_s);
    QVERIFY(!body.contains(u"previous_url"_s));

    r = page(u"?page=2&per_page=10"_s);
    QCOMPARE(items(r).first(), u"v15"_s);
    QCOMPARE(items(r).size(), 10);
    body = test::ApiHarness::json(r).toObject();
    QCOMPARE(body.value(u"next_url"_s).toString(), base + u"page=3&per_page=10"_s);
    QCOMPARE(body.value(u"previous_url"_s).toString(), base + u"page=1&per_page=10"_s);

    r = page(u"?page=3&per_page=10"_s);
    QCOMPARE(items(r), (QStringList{u"v5"_s, u"v4"_s, u"v3"_s, u"v2"_s, u"v1"_s}));
    body = test::ApiHarness::json(r).toObject();
    QVERIFY(!body.contains(u"next_url"_s));
    QCOMPARE(body.value(u"previous_url"_s).toString(), base + u"page=2&per_page=10"_s);
    QCOMPARE(body.keys(), (QStringList{u"my_feed"_s, u"previous_url"_s}));

    r = page(QString()); // defaults: page 1, 20 per page
    QCOMPARE(items(r).size(), 20);
    QCOMPARE(test::ApiHarness::json(r)[u"next_url"_s].toString(), base + u"page=2"_s);
    r = page(u"?page=2"_s);
    QCOMPARE(items(r).size(), 5);
    QVERIFY(!test::ApiHarness::json(r).toObject().contains(u"next_url"_s));

    r = page(u"?per_page=500"_s); // counts as 100
    QCOMPARE(items(r).size(), 25);
    QCOMPARE(test::ApiHarness::json(r).toObject().keys(), QStringList{u"my_feed"_s});
    r = page(u"?per_page=99999999999999999999"_s); // beyond 64 bits: still a positive integer, still 100
    EXPECT_JSON(r, 200);
    QCOMPARE(items(r).size(), 25);
    for (const QString& huge : {u"?page=99999999999"_s, u"?page=99999999999999999999"_s}) {
        r = page(huge); // far past the end: an empty page, not an error
        EXPECT_JSON(r, 200);
        QCOMPARE(items(r), QStringList());
    }

    r = page(u"?page=9&per_page=10"_s); // past the end
    EXPECT_JSON(r, 200);
    QCOMPARE(items(r), QStringList());
    QCOMPARE(test::ApiHarness::json(r)[u"previous_url"_s].toString(), base + u"page=8&per_page=10"_s);

    // 101 activities: per_page above 100 gives exactly 100 and a next page.
    for (int i = 26; i <= 101; ++i)
        QVERIFY(m_h.services->activities.add(m_h.userId(u"alice"_s), u"v%1"_s.arg(i), std::nullopt, u"bob"_s).ok());
    r = page(u"?per_page=101"_s);
    QCOMPARE(items(r).size(), 100);
    QCOMPARE(test::ApiHarness::json(r)[u"next_url"_s].toString(), base + u"per_page=101&page=2"_s);
}

void TestFeedController::pagingKeepsOtherParameters()
{
    for (int i = 1; i <= 3; ++i)
        QVERIFY(m_h.services->activities.add(m_h.userId(u"bob"_s), u"v%1"_s.arg(i), std::nullopt, u"alice"_s).ok());
    QCOMPARE(m_h.call("POST", u"/feed/alice"_s, R"({"follow": "bob"})", u"alice"_s).status, 200);
    const auto r = m_h.call("GET", u"/feed/alice/friends?x=a+b%20c&per_page=1&page=2&y=%26"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    const QJsonObject body = test::ApiHarness::json(r).toObject();
    QCOMPARE(body.value(u"friends_feed"_s).toArray().first()[u"verb"_s].toString(), u"v2"_s);
    const QString base = test::ApiHarness::kBaseUrl + u"/feed/alice/friends?x=a%2Bb%20c&per_page=1&page="_s;
    QCOMPARE(body.value(u"next_url"_s).toString(), base + u"3&y=%26"_s);
    QCOMPARE(body.value(u"previous_url"_s).toString(), base + u"1&y=%26"_s);
}

void TestFeedController::rejectsBadPaging_data()
{
    QTest::addColumn<QString>("query");
    for (const char* query :
         {"page=0", "page=-1", "page=abc", "page=1.5", "page=", "per_page=0", "per_page=x", "per_page=-20",
          "page=2&per_page=1e2", "before=0", "before=x", "page=-99999999999999999999"})
        QTest::newRow(query) << QString::fromLatin1(query);
}

void TestFeedController::rejectsBadPaging()
{
    QFETCH(QString, query);
    for (const QString& path : {u"/feed/alice?"_s, u"/feed/alice/friends?"_s}) {
        const auto r = m_h.call("GET", path + query, {}, u"alice"_s);
        EXPECT_JSON(r, 400);
        QCOMPARE(test::ApiHarness::json(r).toObject().keys(), QStringList{u"error"_s});
    }
}

void TestFeedController::beforeCursor()
{
    QList<qint64> ids;
    for (int i = 1; i <= 5; ++i) {
        const auto added =
            m_h.services->activities.add(m_h.userId(u"alice"_s), u"v%1"_s.arg(i), std::nullopt, u"bob"_s);
        QVERIFY(added.ok());
        ids.append(added->id);
    }
    const QString before = u"/feed/alice?before="_s + QString::number(ids.at(3));
    QCOMPARE(verbs(before, u"alice"_s), (QStringList{u"alice:v3"_s, u"alice:v2"_s, u"alice:v1"_s}));
    // New activities do not shift a cursor's pages.
    QVERIFY(m_h.services->activities.add(m_h.userId(u"alice"_s), u"v6"_s, std::nullopt, u"bob"_s).ok());
    QCOMPARE(verbs(before + u"&per_page=2&page=2"_s, u"alice"_s), QStringList{u"alice:v1"_s});
    QCOMPARE(verbs(u"/feed/alice?before="_s + QString::number(ids.at(0)), u"alice"_s), QStringList());
}

QTEST_GUILESS_MAIN(TestFeedController)
#include "TestFeedController.moc"
