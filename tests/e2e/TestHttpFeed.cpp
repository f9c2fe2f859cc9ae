#include "HttpExpect.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// CONTRACTS.md section 4 (activity feed), end to end over real HTTP on 127.0.0.1.
namespace {

using Headers = QHash<QByteArray, QByteArray>;
using test::basicHeader;
using test::describe;
using test::kTestPassword;

QByteArray errorBody(const QString& text)
{
    return QJsonDocument(QJsonObject{{u"error"_s, text}}).toJson(QJsonDocument::Compact);
}

} // namespace

// An error of the feed family: the exact text, or any text when none is given (the contract fixes none).
#define EXPECT_FEED_ERROR(reply, expected, text)                                                                       \
    do {                                                                                                               \
        const auto& e_ = (reply);                                                                                      \
        EXPECT_JSON_REPLY(e_, expected);                                                                               \
        if (QString(text).isEmpty()) {                                                                                 \
            QCOMPARE(e_.json().object().keys(), QStringList{u"error"_s});                                              \
            QVERIFY(!e_.json().object().value(u"error"_s).toString().isEmpty());                                       \
        } else {                                                                                                       \
            QCOMPARE(e_.body, errorBody(text));                                                                        \
        }                                                                                                              \
    } while (false)

class TestHttpFeed final : public QObject
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
    void bannedAddressGets429();
    void unknownRoutesAndMethods();
    void unstorableTextIs400();
    void feedsShowTheRightActors();
    void productActivities();
    void milestonePostedOncePerRun();
    void shareLevelAppliesWhenRead();
    void followingAndFollowers();
    void followListsErrors();
    void nextPageCursor();
    void whoMayReadFeeds_data();
    void whoMayReadFeeds();
    void pagingLinksWork();
    void pagingKeepsOtherParameters();
    void rejectsBadPaging_data();
    void rejectsBadPaging();

private:
    test::HttpReply send(const QByteArray& method, const QString& path, const QByteArray& body = {},
                         const QString& user = u"alice"_s);
    QStringList verbs(const test::HttpReply& reply, const QString& key = u"my_feed"_s); // "actor:verb"
    QStringList verbs(const QString& target, const QString& user, const QString& key = u"my_feed"_s);
    QString local(const QString& url) const;             // the path and query of one of our absolute URLs, else ""
    void addActivities(const QString& actor, int count); // v1 (oldest) .. v<count>, a second apart

    test::TestServer m_server;
    std::unique_ptr<test::HttpClient> m_client;
};

void TestHttpFeed::initTestCase_data()
{
    test::addBackendRows();
}

void TestHttpFeed::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_server.start(backend), qPrintable(m_server.error()));
    m_client = std::make_unique<test::HttpClient>(m_server.baseUrl());
    for (const QString& name : {u"root"_s, u"alice"_s, u"bob"_s, u"carol"_s}) // root: the admin
        QVERIFY(m_server.addUser(name) > 0);
}

void TestHttpFeed::cleanup()
{
    m_client.reset();
    m_server.stop();
}

test::HttpReply TestHttpFeed::send(const QByteArray& method, const QString& path, const QByteArray& body,
                                   const QString& user)
{
    return m_client->send(method, path, body, basicHeader(user));
}

QStringList TestHttpFeed::verbs(const test::HttpReply& reply, const QString& key)
{
    if (reply.status != 200 || reply.header("content-type") != "application/json")
        return {u"HTTP "_s + describe(reply)};
    QStringList out;
    for (const QJsonValue& activity : reply.json().object().value(key).toArray())
        out.append(activity[u"actor"_s].toString() + u':' + activity[u"verb"_s].toString());
    return out;
}

QStringList TestHttpFeed::verbs(const QString& target, const QString& user, const QString& key)
{
    return verbs(send("GET", target, {}, user), key);
}

QString TestHttpFeed::local(const QString& url) const
{
    const QString base = m_server.baseUrl() + u'/';
    return url.startsWith(base) ? url.mid(base.size() - 1) : QString();
}

void TestHttpFeed::addActivities(const QString& actor, int count)
{
    const qint64 id = m_server.services().users.findByName(actor).value().value().id;
    for (int i = 1; i <= count; ++i) {
        QVERIFY(m_server.services().activities.add(id, u"v%1"_s.arg(i), std::nullopt, u"root"_s).ok());
        m_server.clock().advance(1);
    }
}

void TestHttpFeed::postActivity()
{
    m_server.clock().setNow(QDateTime(QDate(2026, 3, 15), QTime(23, 30, 5, 900), Qt::UTC));
    const auto r =
        send("POST", u"/activity"_s, R"({"target": "bob", "object": "photo:1", "verb": "shared", "actor": "alice"})");
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"actor":"alice","datetime":"2026-03-15T23:30:05","object":"photo:1",)"
                        R"("target":"bob","verb":"shared"})"));
    QCOMPARE(r.json().object().keys(), (QStringList{u"actor"_s, u"datetime"_s, u"object"_s, u"target"_s, u"verb"_s}));
    m_server.clock().advance(60);
    const auto r2 =
        send("POST", u"/activity/"_s, R"({"actor": "alice", "verb": "waved", "object": null, "target": "alice"})");
    EXPECT_JSON_REPLY(r2, 200);
    QCOMPARE(r2.body,
             QByteArray(R"({"actor":"alice","datetime":"2026-03-15T23:31:05","object":null,)"
                        R"("target":"alice","verb":"waved"})"));
    // The feed shows the same five keys, newest first.
    const auto feed = send("GET", u"/feed/alice"_s);
    EXPECT_JSON_REPLY(feed, 200);
    QCOMPARE(feed.body, "{\"my_feed\":[" + r2.body + ',' + r.body + "]}");
}

void TestHttpFeed::postActivityErrors_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    const QString json = u"something wrong with JSON request"_s;
    const QString alice = u"alice"_s;
    const auto row = [](const char* name, const QString& user, const QByteArray& body, int status, const QString& e) {
        QTest::newRow(name) << user << body << status << e;
    };
    for (const char* body : {"", "{", "[1]", "null"})
        row(body[0] ? body : "empty body", alice, body, 400, json);
    row("actor missing", alice, R"({"verb": "v", "object": null, "target": "bob"})", 400, json);
    row("object missing", alice, R"({"actor": "alice", "verb": "v", "target": "bob"})", 400, json);
    row("verb null", alice, R"({"actor": "alice", "verb": null, "object": null, "target": "bob"})", 400, json);
    row("object number", alice, R"({"actor": "alice", "verb": "v", "object": 5, "target": "bob"})", 400, json);
    row("target number", alice, R"({"actor": "alice", "verb": "v", "object": "o", "target": 1})", 400, json);
    row("verb empty", alice, R"({"actor": "alice", "verb": "", "object": null, "target": "bob"})", 400,
        u"empty verb"_s);
    row("verb blank", alice, R"({"actor": "alice", "verb": "  ", "object": null, "target": "bob"})", 400,
        u"empty verb"_s);
    row("empty verb first", alice, R"({"actor": "ghost", "verb": "", "object": null, "target": "x"})", 400,
        u"empty verb"_s);
    row("no actor", alice, R"({"actor": "ghost", "verb": "v", "object": null, "target": "x"})", 404,
        u"no actor named ghost"_s);
    row("someone else", alice, R"({"actor": "bob", "verb": "v", "object": null, "target": "alice"})", 403, {});
    row("forbidden before target", alice, R"({"actor": "bob", "verb": "v", "object": null, "target": "x"})", 403, {});
    row("admin as someone else", u"root"_s, R"({"actor": "alice", "verb": "v", "object": null, "target": "bob"})", 403,
        {});
    row("no target", alice, R"({"actor": "alice", "verb": "v", "object": "o", "target": "ghost"})", 404,
        u"no target named ghost"_s);
}

void TestHttpFeed::postActivityErrors()
{
    QFETCH(QString, user);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    EXPECT_FEED_ERROR(send("POST", u"/activity"_s, body, user), status, error);
    for (const QString& who : {u"alice"_s, u"bob"_s})
        QCOMPARE(verbs(u"/feed/"_s + who, who), QStringList());
}

void TestHttpFeed::followAndUnfollow()
{
    auto r = send("POST", u"/feed/bob"_s, R"({"follow": "alice"})", u"bob"_s);
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"follow":{"followee":"alice","follower":"bob"}})"));
    EXPECT_FEED_ERROR(send("POST", u"/feed/bob/"_s, R"({"follow": "alice"})", u"bob"_s), 409,
                      u"bob already follows alice"_s);
    // Following is written as bob's "followed" activity, and lets bob read alice's feed.
    const auto own = send("GET", u"/feed/bob"_s, {}, u"bob"_s);
    EXPECT_JSON_REPLY(own, 200);
    const QJsonObject followed = own.json().object().value(u"my_feed"_s).toArray().first().toObject();
    QCOMPARE(followed.value(u"verb"_s).toString(), u"followed"_s);
    QCOMPARE(followed.value(u"target"_s).toString(), u"alice"_s);
    QCOMPARE(followed.value(u"object"_s), QJsonValue(QJsonValue::Null));
    EXPECT_JSON_REPLY(send("GET", u"/feed/alice"_s, {}, u"bob"_s), 200);

    r = send("POST", u"/feed/bob"_s, R"({"unfollow": "alice"})", u"bob"_s);
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"unfollow":{"followee":"alice","follower":"bob"}})"));
    EXPECT_FEED_ERROR(send("POST", u"/feed/bob"_s, R"({"unfollow": "alice"})", u"bob"_s), 409,
                      u"cannot unfollow, no such follow exists"_s);
    EXPECT_FEED_ERROR(send("GET", u"/feed/alice"_s, {}, u"bob"_s), 403, QString());
}

void TestHttpFeed::followErrors_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    const auto row = [](const char* name, const QString& user, const QString& path, const QByteArray& body, int status,
                        const QString& e) { QTest::newRow(name) << user << path << body << status << e; };
    const QString alice = u"alice"_s;
    const QString me = u"/feed/alice"_s;
    const QString notSpecified = u"user to follow not specified"_s;
    const QString json = u"something wrong with JSON request"_s;
    row("someone else", alice, u"/feed/bob"_s, R"({"follow": "carol"})", 403, {});
    row("forbidden first: himself", alice, u"/feed/bob/"_s, R"({"follow": "bob"})", 403, {});
    row("forbidden first: bad body", alice, u"/feed/bob"_s, "{", 403, {});
    row("admin for someone else", u"root"_s, me, R"({"follow": "bob"})", 403, {});
    row("himself", alice, me, R"({"follow": "alice"})", 400, u"user cannot follow himself"_s);
    row("unfollow himself", alice, me, R"({"unfollow": "alice"})", 400, u"user cannot follow himself"_s);
    row("follow empty", alice, me, R"({"follow": ""})", 400, notSpecified);
    row("follow null", alice, me, R"({"follow": null})", 400, notSpecified);
    row("unfollow empty", alice, u"/feed/alice/"_s, R"({"unfollow": ""})", 400, notSpecified);
    row("neither key", alice, me, R"({"befriend": "bob"})", 400, notSpecified);
    row("no such user", alice, me, R"({"follow": "ghost"})", 404, u"no user named ghost"_s);
    row("not json", alice, me, "follow bob", 400, json);
    row("array", alice, me, R"(["bob"])", 400, json);
    row("followee not a string", alice, me, R"({"follow": 5})", 400, json);
}

void TestHttpFeed::followErrors()
{
    QFETCH(QString, user);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    EXPECT_FEED_ERROR(send("POST", path, body, user), status, error);
    for (const QString& who : {u"root"_s, u"alice"_s, u"bob"_s})
        QCOMPARE(m_server.services().follows.followees(who).value(), QStringList());
}

void TestHttpFeed::needsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("authorization");
    const QByteArray none;
    QTest::newRow("POST /activity") << QByteArray("POST") << u"/activity"_s << none;
    QTest::newRow("POST /feed/alice") << QByteArray("POST") << u"/feed/alice"_s << none;
    QTest::newRow("GET /feed/alice/") << QByteArray("GET") << u"/feed/alice/"_s << none;
    QTest::newRow("GET /feed/alice/friends") << QByteArray("GET") << u"/feed/alice/friends"_s << none;
    QTest::newRow("GET /feed/ghost") << QByteArray("GET") << u"/feed/ghost"_s << none; // 401 before 404
    QTest::newRow("wrong password") << QByteArray("POST") << u"/feed/alice"_s << test::basicAuth(u"alice"_s, u"x"_s);
    QTest::newRow("unknown user") << QByteArray("GET") << u"/feed/alice"_s
                                  << test::basicAuth(u"mallory"_s, kTestPassword);
    QTest::newRow("bad bearer") << QByteArray("POST") << u"/activity"_s << QByteArray("Bearer nope");
}

void TestHttpFeed::needsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, authorization);
    Headers headers;
    if (!authorization.isEmpty())
        headers.insert("Authorization", authorization);
    const QByteArray body = path == u"/activity"_s
        ? QByteArray(R"({"actor": "alice", "verb": "v", "object": null, "target": "bob"})")
        : QByteArray(R"({"follow": "bob"})");
    EXPECT_UNAUTHORIZED(m_client->send(method, path, body, headers));
    QCOMPARE(verbs(u"/feed/alice"_s, u"alice"_s), QStringList());
    QCOMPARE(m_server.services().follows.followees(u"alice"_s).value(), QStringList());
}

void TestHttpFeed::bannedAddressGets429()
{
    for (int i = 0; i < 5; ++i)
        EXPECT_UNAUTHORIZED(m_client->send("GET", u"/feed/alice"_s, {}, basicHeader(u"alice"_s, u"wrong"_s)));
    EXPECT_FEED_ERROR(send("GET", u"/feed/alice"_s), 429, QString());
    EXPECT_FEED_ERROR(send("POST", u"/feed/alice"_s, R"({"follow": "bob"})"), 429, QString());
    QCOMPARE(m_server.services().follows.followees(u"alice"_s).value(), QStringList());
}

void TestHttpFeed::unknownRoutesAndMethods()
{
    for (const QString& path : {u"/feed"_s, u"/feed/"_s, u"/feed/alice/friends/x"_s, u"/feed/alice/enemies"_s}) {
        const auto r = send("GET", path);
        EXPECT_JSON_REPLY(r, 404);
        QCOMPARE(r.body, QByteArray(R"({"error":"not found"})"));
    }
    for (const auto& [method, path] :
         {std::pair{QByteArray("GET"), u"/activity"_s}, std::pair{QByteArray("DELETE"), u"/feed/alice"_s},
          std::pair{QByteArray("POST"), u"/feed/alice/friends"_s}, std::pair{QByteArray("PUT"), u"/activity/"_s}}) {
        const auto r = send(method, path, R"({"follow": "bob"})");
        EXPECT_JSON_REPLY(r, 405);
        QCOMPARE(r.body, QByteArray(R"({"error":"method not allowed"})"));
        QVERIFY(!r.header("allow").isEmpty());
    }
    QCOMPARE(m_server.services().follows.followees(u"alice"_s).value(), QStringList());
}

void TestHttpFeed::unstorableTextIs400()
{
    // Valid JSON that no database holds as given: U+0000 (PostgreSQL has none) or a lone surrogate.
    EXPECT_FEED_ERROR(
        send("POST", u"/activity"_s, R"({"actor": "alice", "verb": "v\u0000", "object": null, "target": "bob"})"), 400,
        QString());
    EXPECT_FEED_ERROR(
        send("POST", u"/activity"_s, R"({"actor": "alice", "verb": "v", "object": "\ud800", "target": "bob"})"), 400,
        QString());
    EXPECT_FEED_ERROR(send("POST", u"/feed/alice"_s, R"({"follow": "b\u0000ob"})"), 400, QString());
    EXPECT_FEED_ERROR(send("GET", u"/feed/al%00ice"_s), 400, QString());
    QCOMPARE(verbs(u"/feed/alice"_s, u"alice"_s), QStringList());
    QCOMPARE(m_server.services().follows.followees(u"alice"_s).value(), QStringList());
}

void TestHttpFeed::feedsShowTheRightActors()
{
    const auto act = [this](const QString& who, const QString& verb) {
        const QJsonObject body{
            {u"actor"_s, who}, {u"verb"_s, verb}, {u"object"_s, QJsonValue::Null}, {u"target"_s, u"root"_s}};
        QCOMPARE(send("POST", u"/activity"_s, QJsonDocument(body).toJson(), who).status, 200);
        m_server.clock().advance(60);
    };
    act(u"bob"_s, u"b1"_s);
    act(u"carol"_s, u"c1"_s);
    QCOMPARE(send("POST", u"/feed/alice"_s, R"({"follow": "bob"})").status, 200);
    m_server.clock().advance(60);
    QCOMPARE(send("POST", u"/feed/alice"_s, R"({"follow": "carol"})").status, 200);
    m_server.clock().advance(60);
    act(u"bob"_s, u"b2"_s);
    act(u"alice"_s, u"a1"_s);

    QCOMPARE(verbs(u"/feed/alice"_s, u"alice"_s),
             (QStringList{u"alice:a1"_s, u"alice:followed"_s, u"alice:followed"_s}));
    const QStringList friends{u"bob:b2"_s, u"carol:c1"_s, u"bob:b1"_s};
    QCOMPARE(verbs(u"/feed/alice/friends"_s, u"alice"_s, u"friends_feed"_s), friends);
    QCOMPARE(verbs(u"/feed/alice/friends/"_s, u"root"_s, u"friends_feed"_s), friends); // the admin reads anything
    QCOMPARE(verbs(u"/feed/bob/"_s, u"bob"_s), (QStringList{u"bob:b2"_s, u"bob:b1"_s}));
    QCOMPARE(verbs(u"/feed/bob"_s, u"alice"_s), (QStringList{u"bob:b2"_s, u"bob:b1"_s})); // a follower
    const auto empty = send("GET", u"/feed/bob/friends"_s, {}, u"bob"_s);                 // follows nobody
    EXPECT_JSON_REPLY(empty, 200);
    QCOMPARE(empty.body, QByteArray(R"({"friends_feed":[]})"));
    const auto none = send("GET", u"/feed/root"_s, {}, u"root"_s);
    EXPECT_JSON_REPLY(none, 200);
    QCOMPARE(none.body, QByteArray(R"({"my_feed":[]})"));
}

void TestHttpFeed::productActivities()
{
    // What followers see follows each user's share level: moods too, milestones only (the default), or nothing.
    QCOMPARE(send("PATCH", u"/user/me"_s, R"({"shareLevel": "moods"})", u"alice"_s).status, 200);
    QCOMPARE(send("PATCH", u"/user/me"_s, R"({"shareLevel": "none"})", u"carol"_s).status, 200);
    const qint64 now = m_server.clock().now().toSecsSinceEpoch();
    for (const QString& user : {u"alice"_s, u"bob"_s, u"carol"_s}) {
        for (qint64 daysAgo = 2; daysAgo >= 0; --daysAgo) { // a streak of 3 days: a milestone
            const QByteArray body = R"({"mood": "IDYLLIC", "timestamp": )" + QByteArray::number(now - daysAgo * 86400);
            QCOMPARE(send("POST", u"/mood"_s, body + '}', user).status, 200);
        }
    }
    const auto alice = send("GET", u"/feed/alice"_s);
    EXPECT_JSON_REPLY(alice, 200);
    const QByteArray logged = R"({"actor":"alice","datetime":"2026-03-15T12:00:00","object":"mood:IDYLLIC",)"
                              R"("target":"","verb":"logged"})";
    QCOMPARE(alice.body,
             R"({"my_feed":[{"actor":"alice","datetime":"2026-03-15T12:00:00","object":"streak:3",)"
             R"("target":"","verb":"reached"},)"
                 + logged + ',' + logged + ',' + logged + "]}");
    QCOMPARE(verbs(u"/feed/bob"_s, u"bob"_s), QStringList{u"bob:reached"_s});
    QCOMPARE(verbs(u"/feed/carol"_s, u"carol"_s), QStringList());
    for (const char* followee : {"alice", "bob", "carol"})
        QCOMPARE(send("POST", u"/feed/root"_s, R"({"follow": ")" + QByteArray(followee) + "\"}", u"root"_s).status,
                 200);
    QCOMPARE(
        verbs(u"/feed/root/friends"_s, u"root"_s, u"friends_feed"_s),
        (QStringList{u"bob:reached"_s, u"alice:reached"_s, u"alice:logged"_s, u"alice:logged"_s, u"alice:logged"_s}));
}

void TestHttpFeed::milestonePostedOncePerRun()
{
    const qint64 now = m_server.clock().now().toSecsSinceEpoch();
    qint64 todayId = 0;
    for (qint64 daysAgo = 2; daysAgo >= 0; --daysAgo) {
        const QByteArray body =
            R"({"mood": "IDYLLIC", "timestamp": )" + QByteArray::number(now - daysAgo * 86400) + '}';
        const auto posted = send("POST", u"/mood?details=true"_s, body, u"bob"_s);
        QCOMPARE(posted.status, 200);
        todayId = posted.json().object().value(u"moodHistory"_s).toArray().first()[u"id"_s].toInteger();
    }
    QCOMPARE(verbs(u"/feed/bob"_s, u"bob"_s), QStringList{u"bob:reached"_s});
    // CONTRACTS section 4: removing and re-recording today's mood does not repeat the milestone.
    QCOMPARE(send("DELETE", u"/mood/%1"_s.arg(todayId), {}, u"bob"_s).status, 204);
    QCOMPARE(send("POST", u"/mood"_s, R"({"mood": "GLOOMY"})", u"bob"_s).status, 200);
    QCOMPARE(send("GET", u"/mood"_s, {}, u"bob"_s).json().object().value(u"currentStreak"_s).toInt(), 3);
    QCOMPARE(verbs(u"/feed/bob"_s, u"bob"_s), QStringList{u"bob:reached"_s});
}

void TestHttpFeed::shareLevelAppliesWhenRead()
{
    // CONTRACTS section 4: the share level applies when followers read, to activities written before too.
    QCOMPARE(send("POST", u"/feed/bob"_s, R"({"follow": "alice"})", u"bob"_s).status, 200);
    const qint64 now = m_server.clock().now().toSecsSinceEpoch();
    for (qint64 daysAgo = 2; daysAgo >= 0; --daysAgo) { // three days at milestones (the default): one milestone
        const QByteArray body = R"({"mood": "IDYLLIC", "timestamp": )" + QByteArray::number(now - daysAgo * 86400);
        QCOMPARE(send("POST", u"/mood"_s, body + '}', u"alice"_s).status, 200);
    }
    const QString friends = u"/feed/bob/friends"_s;
    const QString key = u"friends_feed"_s;
    QCOMPARE(verbs(friends, u"bob"_s, key), QStringList{u"alice:reached"_s});
    // Raising it shows the moods written before.
    QCOMPARE(send("PATCH", u"/user/me"_s, R"({"shareLevel": "moods"})", u"alice"_s).status, 200);
    QCOMPARE(verbs(friends, u"bob"_s, key),
             (QStringList{u"alice:reached"_s, u"alice:logged"_s, u"alice:logged"_s, u"alice:logged"_s}));
    QCOMPARE(verbs(u"/feed/alice"_s, u"bob"_s),
             (QStringList{u"alice:reached"_s, u"alice:logged"_s, u"alice:logged"_s, u"alice:logged"_s}));
    // Lowering it hides them again, and "none" hides the milestone too; paging counts only what is shown.
    QCOMPARE(send("PATCH", u"/user/me"_s, R"({"shareLevel": "milestones"})", u"alice"_s).status, 200);
    QCOMPARE(verbs(friends, u"bob"_s, key), QStringList{u"alice:reached"_s});
    const auto onePage = send("GET", friends + u"?per_page=1"_s, {}, u"bob"_s);
    QCOMPARE(verbs(onePage, key), QStringList{u"alice:reached"_s});
    QVERIFY(!onePage.json().object().contains(u"next_url"_s));
    QCOMPARE(send("PATCH", u"/user/me"_s, R"({"shareLevel": "none"})", u"alice"_s).status, 200);
    QCOMPARE(verbs(friends, u"bob"_s, key), QStringList());
    QCOMPARE(verbs(u"/feed/alice"_s, u"bob"_s), QStringList());
    QCOMPARE(send("PATCH", u"/user/me"_s, R"({"shareLevel": "moods"})", u"alice"_s).status, 200);
    QCOMPARE(verbs(friends, u"bob"_s, key).size(), 4);
}

void TestHttpFeed::followingAndFollowers()
{
    for (const QString& name : {u"zed"_s, u"Ann"_s, u"dora"_s})
        QVERIFY(m_server.addUser(name) > 0);
    for (const char* followee : {"zed", "carol", "Ann", "bob", "dora"}) {
        const QByteArray body = "{\"follow\": \"" + QByteArray(followee) + "\"}";
        QCOMPARE(send("POST", u"/feed/alice"_s, body).status, 200);
    }
    for (const char* follower : {"dora", "carol"})
        QCOMPARE(send("POST", u"/feed/"_s + QString::fromLatin1(follower), R"({"follow": "alice"})",
                      QString::fromLatin1(follower))
                     .status,
                 200);

    auto r = send("GET", u"/feed/alice/following"_s);
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"users":["Ann","bob","carol","dora","zed"]})")); // by code point
    r = send("GET", u"/feed/alice/followers/"_s);
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"users":["carol","dora"]})"));
    r = send("GET", u"/feed/zed/following"_s, {}, u"zed"_s);
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"users":[]})"));

    // Paged like the feeds.
    const QString base = m_server.baseUrl() + u"/feed/alice/following?per_page=2&page="_s;
    r = send("GET", u"/feed/alice/following?per_page=2"_s);
    QCOMPARE(r.json().object().value(u"users"_s).toArray(), (QJsonArray{u"Ann"_s, u"bob"_s}));
    QCOMPARE(r.json().object().value(u"next_url"_s).toString(), base + u"2"_s);
    QVERIFY(!r.json().object().contains(u"previous_url"_s));
    r = send("GET", local(r.json().object().value(u"next_url"_s).toString()));
    QCOMPARE(r.json().object().value(u"users"_s).toArray(), (QJsonArray{u"carol"_s, u"dora"_s}));
    QCOMPARE(r.json().object().value(u"next_url"_s).toString(), base + u"3"_s);
    QCOMPARE(r.json().object().value(u"previous_url"_s).toString(), base + u"1"_s);
    r = send("GET", local(r.json().object().value(u"next_url"_s).toString()));
    QCOMPARE(r.json().object().keys(), (QStringList{u"previous_url"_s, u"users"_s}));
    QCOMPARE(r.json().object().value(u"users"_s).toArray(), QJsonArray{u"zed"_s});
    // The admin may read anyone's lists.
    QCOMPARE(send("GET", u"/feed/alice/followers"_s, {}, u"root"_s).body, QByteArray(R"({"users":["carol","dora"]})"));
}

void TestHttpFeed::followListsErrors()
{
    for (const QString& list : {u"following"_s, u"followers"_s}) {
        EXPECT_FEED_ERROR(send("GET", u"/feed/ghost/"_s + list), 404, u"no user named ghost"_s);
        EXPECT_FEED_ERROR(send("GET", u"/feed/bob/"_s + list), 403, QString());
        EXPECT_FEED_ERROR(send("GET", u"/feed/alice/"_s + list + u"?page=0"_s), 400,
                          u"'page' must be a positive integer"_s);
        EXPECT_FEED_ERROR(send("GET", u"/feed/alice/"_s + list + u"?per_page=x"_s), 400,
                          u"'per_page' must be a positive integer"_s);
        EXPECT_UNAUTHORIZED(m_client->send("GET", u"/feed/alice/"_s + list, QByteArray(), Headers()));
        EXPECT_FEED_ERROR(send("POST", u"/feed/alice/"_s + list, "{}"), 405, u"method not allowed"_s);
    }
}

void TestHttpFeed::nextPageCursor()
{
    addActivities(u"alice"_s, 5);
    auto r = send("GET", u"/feed/alice?per_page=2"_s);
    QCOMPARE(verbs(r), (QStringList{u"alice:v5"_s, u"alice:v4"_s}));
    // next_url keeps its page number; the Link header carries the stable cursor of the next page.
    QCOMPARE(r.json().object().value(u"next_url"_s).toString(),
             m_server.baseUrl() + u"/feed/alice?per_page=2&page=2"_s);
    const QByteArray link = r.header("link");
    QVERIFY2(link.startsWith('<') && link.endsWith(">; rel=\"next\""), link.constData());
    const QString cursorUrl = QString::fromUtf8(link.mid(1, link.indexOf('>') - 1));
    QVERIFY2(cursorUrl.contains(u"before="_s), qPrintable(cursorUrl));
    addActivities(u"alice"_s, 1); // a new one does not shift the cursor's page
    r = send("GET", local(cursorUrl));
    QCOMPARE(verbs(r), (QStringList{u"alice:v3"_s, u"alice:v2"_s}));
    r = send("GET", local(QString::fromUtf8(r.header("link").mid(1, r.header("link").indexOf('>') - 1))));
    QCOMPARE(verbs(r), QStringList{u"alice:v1"_s});
    QVERIFY(r.header("link").isEmpty());
    QVERIFY(!r.json().object().contains(u"next_url"_s));
}

void TestHttpFeed::whoMayReadFeeds_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("status");
    // bob follows alice; carol follows nobody; root is the admin.
    QTest::newRow("own feed") << u"/feed/alice"_s << u"alice"_s << 200;
    QTest::newRow("follower") << u"/feed/alice"_s << u"bob"_s << 200;
    QTest::newRow("admin") << u"/feed/alice/"_s << u"root"_s << 200;
    QTest::newRow("stranger") << u"/feed/alice"_s << u"carol"_s << 403;
    QTest::newRow("followee reads follower") << u"/feed/bob"_s << u"alice"_s << 403;
    QTest::newRow("own friends") << u"/feed/bob/friends"_s << u"bob"_s << 200;
    QTest::newRow("admin friends") << u"/feed/bob/friends"_s << u"root"_s << 200;
    QTest::newRow("followee reads friends") << u"/feed/bob/friends/"_s << u"alice"_s << 403;
    QTest::newRow("stranger friends") << u"/feed/bob/friends"_s << u"carol"_s << 403;
    QTest::newRow("no user") << u"/feed/ghost"_s << u"carol"_s << 404;
    QTest::newRow("no user friends") << u"/feed/ghost/friends"_s << u"root"_s << 404;
}

void TestHttpFeed::whoMayReadFeeds()
{
    QFETCH(QString, path);
    QFETCH(QString, user);
    QFETCH(int, status);
    QCOMPARE(send("POST", u"/feed/bob"_s, R"({"follow": "alice"})", u"bob"_s).status, 200);
    const auto r = send("GET", path, {}, user);
    if (status == 200) {
        EXPECT_JSON_REPLY(r, 200);
        const QString key = path.contains(u"friends"_s) ? u"friends_feed"_s : u"my_feed"_s;
        QCOMPARE(r.json().object().keys(), QStringList{key});
    } else {
        EXPECT_FEED_ERROR(r, status, status == 404 ? u"no user named ghost"_s : QString());
    }
}

void TestHttpFeed::pagingLinksWork()
{
    addActivities(u"alice"_s, 25);
    QStringList expected;
    for (int i = 25; i >= 1; --i)
        expected.append(u"alice:v%1"_s.arg(i));
    const QString base = m_server.baseUrl() + u"/feed/alice?"_s;

    // Forward through next_url, exactly as given.
    auto r = send("GET", u"/feed/alice?per_page=10"_s);
    EXPECT_JSON_REPLY(r, 200);
    QVERIFY(!r.json().object().contains(u"previous_url"_s));
    QCOMPARE(r.json().object().value(u"next_url"_s).toString(), base + u"per_page=10&page=2"_s);
    QStringList seen = verbs(r);
    QList<QStringList> pages{seen};
    while (r.json().object().contains(u"next_url"_s) && pages.size() < 5) {
        const QString next = local(r.json().object().value(u"next_url"_s).toString());
        QVERIFY2(!next.isEmpty(), r.body.constData());
        r = send("GET", next);
        EXPECT_JSON_REPLY(r, 200);
        pages.append(verbs(r));
        seen += pages.last();
    }
    QCOMPARE(pages.size(), 3);
    QCOMPARE(pages.last().size(), 5);
    QCOMPARE(seen, expected);
    QCOMPARE(r.json().object().keys(), (QStringList{u"my_feed"_s, u"previous_url"_s}));
    QCOMPARE(r.json().object().value(u"previous_url"_s).toString(),
             base + u"per_page=10&page=2"_s); // parameters keep their order

    // And back through previous_url to the first page, which has none.
    for (int page = 2; page >= 1; --page) {
        const QString previous = local(r.json().object().value(u"previous_url"_s).toString());
        QVERIFY2(!previous.isEmpty(), r.body.constData());
        r = send("GET", previous);
        EXPECT_JSON_REPLY(r, 200);
        QCOMPARE(verbs(r), pages.at(page - 1));
    }
    QVERIFY(!r.json().object().contains(u"previous_url"_s));
    QVERIFY(r.json().object().contains(u"next_url"_s));

    // Defaults: page 1 with 20 per page; more than 100 per page counts as 100.
    r = send("GET", u"/feed/alice/"_s);
    QCOMPARE(verbs(r), expected.mid(0, 20));
    QCOMPARE(r.json().object().value(u"next_url"_s).toString(), m_server.baseUrl() + u"/feed/alice/?page=2"_s);
    r = send("GET", local(r.json().object().value(u"next_url"_s).toString()));
    QCOMPARE(verbs(r), expected.mid(20));
    QCOMPARE(r.json().object().keys(), (QStringList{u"my_feed"_s, u"previous_url"_s}));
    r = send("GET", u"/feed/alice?per_page=500"_s);
    QCOMPARE(verbs(r), expected);
    QCOMPARE(r.json().object().keys(), QStringList{u"my_feed"_s});
    r = send("GET", u"/feed/alice?page=9&per_page=10"_s); // past the end
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(verbs(r), QStringList());
    QCOMPARE(r.json().object().value(u"previous_url"_s).toString(), base + u"page=8&per_page=10"_s);
}

void TestHttpFeed::pagingKeepsOtherParameters()
{
    addActivities(u"bob"_s, 3);
    QCOMPARE(send("POST", u"/feed/alice"_s, R"({"follow": "bob"})").status, 200);
    auto r = send("GET", u"/feed/alice/friends?x=a+b%20c&per_page=1&page=2&y=%26"_s);
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(verbs(r, u"friends_feed"_s), QStringList{u"bob:v2"_s});
    const QString base = m_server.baseUrl() + u"/feed/alice/friends?x=a%2Bb%20c&per_page=1&page="_s;
    const QJsonObject body = r.json().object();
    QCOMPARE(body.value(u"next_url"_s).toString(), base + u"3&y=%26"_s);
    QCOMPARE(body.value(u"previous_url"_s).toString(), base + u"1&y=%26"_s);

    r = send("GET", local(body.value(u"next_url"_s).toString()));
    EXPECT_JSON_REPLY(r, 200);
    QCOMPARE(verbs(r, u"friends_feed"_s), QStringList{u"bob:v1"_s});
    QCOMPARE(r.json().object().value(u"previous_url"_s).toString(), base + u"2&y=%26"_s); // same parameters again
    r = send("GET", local(body.value(u"previous_url"_s).toString()));
    QCOMPARE(verbs(r, u"friends_feed"_s), QStringList{u"bob:v3"_s});
    QVERIFY(!r.json().object().contains(u"previous_url"_s));
}

void TestHttpFeed::rejectsBadPaging_data()
{
    QTest::addColumn<QString>("query");
    for (const char* query : {"page=0", "page=-1", "page=abc", "page=1.5", "page=", "per_page=0", "per_page=x",
                              "per_page=-20", "page=2&per_page=1e2"})
        QTest::newRow(query) << QString::fromLatin1(query);
}

void TestHttpFeed::rejectsBadPaging()
{
    QFETCH(QString, query);
    for (const QString& path : {u"/feed/alice?"_s, u"/feed/alice/friends/?"_s})
        EXPECT_FEED_ERROR(send("GET", path + query), 400, QString());
}

QTEST_GUILESS_MAIN(TestHttpFeed)
#include "TestHttpFeed.moc"
