#include "HttpExpect.h"
#include "TestServer.h"

#include <QAtomicInt>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>

using namespace mood;
using namespace Qt::StringLiterals;

// Writes over real HTTP: Idempotency-Key (CONTRACTS general rules) and writes whose connection is cut.
namespace {

using Headers = QHash<QByteArray, QByteArray>;

struct Sent {
    QString user;
    QByteArray path;
    QByteArray body;
    QByteArray key; // empty: none
    qint64 timestamp = 0;
};

struct Answer {
    int status = 0;
    QByteArray body;
    QString networkError;
};

// Sends every request at once (QNetworkAccessManager keeps six connections busy) and waits for all answers.
QList<Answer> sendAll(const QString& baseUrl, const QList<Sent>& requests)
{
    QNetworkAccessManager manager;
    QList<Answer> answers(requests.size());
    int pending = int(requests.size());
    QEventLoop loop;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const Sent& sent = requests.at(i);
        QNetworkRequest request(QUrl(baseUrl + QString::fromLatin1(sent.path)));
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", test::basicAuth(sent.user, test::kTestPassword));
        if (!sent.key.isEmpty())
            request.setRawHeader("Idempotency-Key", sent.key);
        QNetworkReply* reply = manager.post(request, sent.body);
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &answers, &pending, &loop, i] {
            answers[i].status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            answers[i].body = reply->readAll();
            if (answers[i].status == 0)
                answers[i].networkError = reply->errorString();
            reply->deleteLater();
            if (--pending == 0)
                loop.quit();
        });
    }
    QTimer::singleShot(60000, &loop, &QEventLoop::quit); // a hung server fails the test instead of stalling it
    if (pending > 0)
        loop.exec();
    return answers;
}

// Ends every session of this test's schema on the PostgreSQL server, again and again, until stopped.
class BackendKiller final
{
public:
    explicit BackendKiller(const DatabaseConfig& config)
        : m_thread(QThread::create([this, config] { run(config); }))
    {
        m_thread->start();
        m_ready.acquire(); // cutting from now on (or failed: see error())
    }
    ~BackendKiller() { stop(); }

    void stop()
    {
        m_stop = true;
        m_thread->wait();
    }
    int kills() const { return m_kills.loadRelaxed(); }
    QString error() const { return m_error; }

private:
    void run(const DatabaseConfig& config)
    {
        auto database = Database::open(config);
        if (!database) {
            m_error = database.error().message;
            m_ready.release();
            return;
        }
        m_ready.release();
        while (!m_stop) {
            // The select list runs only for rows the WHERE kept: never this session itself.
            const auto db = (*database)->connection();
            const auto killed = !db ? Result<qint64>(db.error())
                                    : sql::scalar(*db,
                                                  u"SELECT COALESCE(SUM(CASE WHEN pg_terminate_backend(pid) THEN 1"
                                                  " ELSE 0 END), 0) FROM pg_stat_activity WHERE application_name = ?"
                                                  " AND pid <> pg_backend_pid()"_s,
                                                  {config.schema});
            if (killed)
                m_kills.fetchAndAddRelaxed(int(*killed));
            QThread::msleep(50); // load, not a wait for something: sessions live for a few requests
        }
    }

    std::unique_ptr<QThread> m_thread;
    QSemaphore m_ready;
    std::atomic<bool> m_stop{false};
    QAtomicInt m_kills;
    QString m_error;
};

} // namespace

class TestHttpWrites final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void sameKeyGetsTheFirstAnswerAndChangesNothing();
    void keysBelongToTheirUser();
    void keyReusedForAnotherRequestIs422();
    void malformedKeysAre400InTheFamilyShape_data();
    void malformedKeysAre400InTheFamilyShape();
    void patchAndDeleteTakeKeysToo();
    void errorAnswersAreReplayedToo();
    void keysExpireAfterADayAndArePurged();
    void requestsWithoutAUserNeedTheSameRequest();
    void concurrentRequestsWithOneKeyStoreOnce();
    void cutConnectionsNeverAnswerAnErrorAfterACommit();

private:
    test::HttpReply post(const QString& user, const QString& path, const QByteArray& body, const QByteArray& key = {});
    test::HttpReply send(const QByteArray& method, const QString& user, const QString& path, const QByteArray& body,
                         const QByteArray& key);
    int count(const QString& statement, const QVariantList& params = {});

    test::TestServer m_server;
    std::unique_ptr<test::HttpClient> m_http;
};

void TestHttpWrites::initTestCase_data()
{
    test::addBackendRows();
}

void TestHttpWrites::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_server.start(backend), qPrintable(m_server.error()));
    m_http = std::make_unique<test::HttpClient>(m_server.baseUrl());
    for (const QString& name : {u"alice"_s, u"bob"_s})
        QVERIFY(m_server.addUser(name) > 0);
}

void TestHttpWrites::cleanup()
{
    m_http.reset();
    m_server.stop();
}

test::HttpReply TestHttpWrites::send(const QByteArray& method, const QString& user, const QString& path,
                                     const QByteArray& body, const QByteArray& key)
{
    Headers headers = test::basicHeader(user);
    if (!key.isNull())
        headers.insert("Idempotency-Key", key);
    return m_http->send(method, path, body, headers);
}

test::HttpReply TestHttpWrites::post(const QString& user, const QString& path, const QByteArray& body,
                                     const QByteArray& key)
{
    return send("POST", user, path, body, key);
}

int TestHttpWrites::count(const QString& statement, const QVariantList& params)
{
    QSqlQuery q = m_server.scratch().exec(statement, params);
    return q.next() ? q.value(0).toInt() : -1;
}

void TestHttpWrites::sameKeyGetsTheFirstAnswerAndChangesNothing()
{
    const auto first = post(u"alice"_s, u"/mood"_s, R"({"mood": "CHEERFUL"})", "k-1");
    EXPECT_JSON_REPLY(first, 200);
    QVERIFY(first.header("idempotent-replayed").isEmpty());
    m_server.clock().advance(120); // a later retry: a new mood now would have another time
    const auto again = post(u"alice"_s, u"/mood"_s, R"({"mood": "CHEERFUL"})", "k-1");
    EXPECT_JSON_REPLY(again, 200);
    QCOMPARE(again.body, first.body);
    QCOMPARE(again.header("idempotent-replayed"), QByteArray("true"));
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 1);
    // The same request without a key is a new write.
    EXPECT_JSON_REPLY(post(u"alice"_s, u"/mood"_s, R"({"mood": "CHEERFUL"})"), 200);
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 2);
    // A trailing slash is the same route, so the same request.
    QCOMPARE(post(u"alice"_s, u"/mood/"_s, R"({"mood": "CHEERFUL"})", "k-1").body, first.body);
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 2);
}

void TestHttpWrites::keysBelongToTheirUser()
{
    const auto alice = post(u"alice"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", "shared");
    const auto bob = post(u"bob"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", "shared");
    EXPECT_JSON_REPLY(alice, 200);
    EXPECT_JSON_REPLY(bob, 200);
    QVERIFY(bob.header("idempotent-replayed").isEmpty());
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 2);
    QCOMPARE(count(u"SELECT COUNT(DISTINCT user_id) FROM moods"_s), 2);
}

void TestHttpWrites::keyReusedForAnotherRequestIs422()
{
    EXPECT_JSON_REPLY(post(u"alice"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", "k"), 200);
    const auto other = post(u"alice"_s, u"/mood"_s, R"({"mood": "IDYLLIC"})", "k");
    EXPECT_JSON_REPLY(other, 422);
    QCOMPARE(other.body, QByteArray(R"({"error":"this Idempotency-Key was used for another request"})"));
    const auto elsewhere = post(u"alice"_s, u"/events"_s,
                                R"({"component":"c","data":{},"email":"a@x.io","environment":"e","message":"m"})", "k");
    EXPECT_JSON_REPLY(elsewhere, 422);
    QCOMPARE(elsewhere.body, QByteArray(R"({"message":"this Idempotency-Key was used for another request"})"));
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM events WHERE component = 'c'"_s), 0);
}

void TestHttpWrites::malformedKeysAre400InTheFamilyShape_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("65 characters") << QByteArray(65, 'k');
    QTest::newRow("space") << QByteArray("two words");
    QTest::newRow("not ASCII") << QByteArray("cl\xc3\xa9");
    // A control character never reaches a route: the request-head scanner refuses the header line (400).
}

void TestHttpWrites::malformedKeysAre400InTheFamilyShape()
{
    QFETCH(QByteArray, key);
    const QByteArray text = "Idempotency-Key must be 1 to 64 visible ASCII characters";
    const auto mood = post(u"alice"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", key);
    EXPECT_JSON_REPLY(mood, 400);
    QCOMPARE(mood.body, R"({"error":")" + text + "\"}");
    const auto event = post(u"alice"_s, u"/events"_s,
                            R"({"component":"c","data":{},"email":"a@x.io","environment":"e","message":"m"})", key);
    EXPECT_JSON_REPLY(event, 400);
    QCOMPARE(event.body, R"({"message":")" + text + "\"}");
    const auto logs = post(u"alice"_s, u"/logs"_s,
                           R"([{"userId":"alice","sessionId":"s","actions":[{"time":"2026-03-15T12:00:00Z",)"
                           R"("type":"VIEW","properties":{"viewedId":"v"}}]}])",
                           key);
    EXPECT_JSON_REPLY(logs, 400);
    QCOMPARE(logs.body, QByteArray(R"({"code":"INVALID_IDEMPOTENCY_KEY","success":false})"));
    const auto follow = post(u"alice"_s, u"/feed/alice"_s, R"({"follow": "bob"})", key);
    EXPECT_JSON_REPLY(follow, 400);
    QCOMPARE(follow.body, R"({"error":")" + text + "\"}");
    const auto patch = send("PATCH", u"alice"_s, u"/user/me"_s, R"({"email": "a@x.io"})", key);
    EXPECT_JSON_REPLY(patch, 400);
    // Nothing was written.
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM events WHERE component = 'c'"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM ui_logs"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM follows"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM users WHERE email <> ''"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM idempotency_keys"_s), 0);
    // 64 visible characters are fine.
    EXPECT_JSON_REPLY(post(u"alice"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", QByteArray(64, '~')), 200);
}

void TestHttpWrites::patchAndDeleteTakeKeysToo()
{
    const auto posted = post(u"alice"_s, u"/mood?details=true"_s, R"({"mood": "GLOOMY"})");
    const qint64 id = posted.json().object().value(u"moodHistory"_s).toArray().first()[u"id"_s].toInteger();
    const QString path = u"/mood/%1"_s.arg(id);
    const auto patched = send("PATCH", u"alice"_s, path, R"({"mood": "CHEERFUL", "note": "better"})", "p");
    EXPECT_JSON_REPLY(patched, 200);
    QCOMPARE(send("PATCH", u"alice"_s, path, R"({"mood": "CHEERFUL", "note": "better"})", "p").body, patched.body);
    const auto removed = send("DELETE", u"alice"_s, path, {}, "d");
    QCOMPARE(removed.status, 204);
    // Without the key the entry is gone (404); with it, the first answer.
    QCOMPARE(send("DELETE", u"alice"_s, path, {}, {}).status, 404);
    const auto replayed = send("DELETE", u"alice"_s, path, {}, "d");
    QCOMPARE(replayed.status, 204);
    QCOMPARE(replayed.header("idempotent-replayed"), QByteArray("true"));
    const auto profile = send("PATCH", u"alice"_s, u"/user/me"_s, R"({"email": "a@x.io"})", "m");
    EXPECT_JSON_REPLY(profile, 200);
    QCOMPARE(send("PATCH", u"alice"_s, u"/user/me"_s, R"({"email": "a@x.io"})", "m").body, profile.body);
}

void TestHttpWrites::errorAnswersAreReplayedToo()
{
    EXPECT_JSON_REPLY(post(u"alice"_s, u"/mood"_s, R"({"mood": "GLOOMY"})"), 200);
    const auto second = post(u"alice"_s, u"/mood?details=true"_s, R"({"mood": "GLOOMY"})");
    EXPECT_JSON_REPLY(second, 200);
    const auto third = post(u"alice"_s, u"/mood"_s, R"({"mood": "CHEERFUL"})", "full");
    EXPECT_JSON_REPLY(third, 409);
    // The day has room again, but the key's answer was 409 and stays it: the key changes nothing.
    const qint64 id = second.json().object().value(u"moodHistory"_s).toArray().first()[u"id"_s].toInteger();
    QCOMPARE(send("DELETE", u"alice"_s, u"/mood/%1"_s.arg(id), {}, {}).status, 204);
    const auto retried = post(u"alice"_s, u"/mood"_s, R"({"mood": "CHEERFUL"})", "full");
    EXPECT_JSON_REPLY(retried, 409);
    QCOMPARE(retried.body, third.body);
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 1);
}

void TestHttpWrites::keysExpireAfterADayAndArePurged()
{
    EXPECT_JSON_REPLY(post(u"bob"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", "old"), 200);
    const auto first = post(u"alice"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", "daily");
    EXPECT_JSON_REPLY(first, 200);
    m_server.clock().advance(24 * 3600 - 60);
    QCOMPARE(post(u"alice"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", "daily").body, first.body); // still within 24 h
    m_server.clock().advance(61);
    const auto nextDay = post(u"alice"_s, u"/mood"_s, R"({"mood": "GLOOMY"})", "daily");
    EXPECT_JSON_REPLY(nextDay, 200);
    QVERIFY(nextDay.header("idempotent-replayed").isEmpty());
    QVERIFY(nextDay.body != first.body);
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods WHERE user_id = (SELECT id FROM users WHERE username = 'alice')"_s), 2);
    // Bob's old key went with the purge; alice's is the new one.
    QCOMPARE(count(u"SELECT COUNT(*) FROM idempotency_keys"_s), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'daily'"_s), 1);
}

void TestHttpWrites::requestsWithoutAUserNeedTheSameRequest()
{
    const QByteArray carol = R"({"username": "carol", "password": "password123"})";
    const auto registered = post({}, u"/user"_s, carol, "reg");
    EXPECT_JSON_REPLY(registered, 201);
    // A retry gets the first answer, not "already exists".
    const auto again = post({}, u"/user"_s, carol, "reg");
    EXPECT_JSON_REPLY(again, 201);
    QCOMPARE(again.body, registered.body);
    // The same key with another request is someone else's: it runs on its own.
    EXPECT_JSON_REPLY(post({}, u"/user"_s, R"({"username": "dave", "password": "password123"})", "reg"), 201);
    QCOMPARE(count(u"SELECT COUNT(*) FROM users"_s), 4);
    // A login's answer (a token) is replayed only to the very same request, credentials included.
    const QByteArray login = R"({"username": "carol", "password": "password123"})";
    const auto token = post({}, u"/login"_s, login, "login");
    EXPECT_JSON_REPLY(token, 200);
    QCOMPARE(post({}, u"/login"_s, login, "login").body, token.body);
    EXPECT_UNAUTHORIZED(post({}, u"/login"_s, R"({"username": "carol", "password": "wrong-password"})", "login"));
}

void TestHttpWrites::concurrentRequestsWithOneKeyStoreOnce()
{
    QList<Sent> requests;
    for (int i = 0; i < 8; ++i)
        requests.append(Sent{u"alice"_s, "/mood", R"({"mood": "WHIMSICAL"})", "once", 0});
    const QList<Answer> answers = sendAll(m_server.baseUrl(), requests);
    for (const Answer& answer : answers) {
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, answers.first().body);
    }
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM idempotency_keys"_s), 1);
}

void TestHttpWrites::cutConnectionsNeverAnswerAnErrorAfterACommit()
{
    if (m_server.scratch().config().dialect != Dialect::Postgres)
        QSKIP("connections are cut by a PostgreSQL server; SQLite has none to cut");
    // Users that each record a mood on each of the last 8 days (today and the back-fill window): even days
    // without a key, odd days with one.
    constexpr int kUsers = 24;
    constexpr int kDays = 8;
    constexpr int kBatch = 16;
    constexpr int kEnoughCuts = 15;
    const qint64 now = m_server.clock().now().toSecsSinceEpoch();
    QList<Sent> plainPool;
    QList<Sent> keyed;
    for (int u = 0; u < kUsers; ++u) {
        const QString name = u"writer%1"_s.arg(u);
        QVERIFY(m_server.addUser(name) > 0);
        for (int day = 0; day < kDays; ++day) {
            const qint64 at = now - qint64(day) * 86400;
            const QByteArray body = R"({"mood": "CHEERFUL", "timestamp": )" + QByteArray::number(at) + '}';
            if (day % 2 == 0)
                plainPool.append(Sent{name, "/mood", body, {}, at});
            else
                keyed.append(
                    Sent{name, "/mood", body, "w" + QByteArray::number(u) + '-' + QByteArray::number(day), at});
        }
    }
    const auto stored = [&](const Sent& sent) {
        return count(u"SELECT COUNT(*) FROM moods m JOIN users u ON u.id = m.user_id"
                     " WHERE u.username = ? AND m.at_epoch = ?"_s,
                     {sent.user, sent.timestamp});
    };
    Database& database = m_server.scratch().db();
    const auto reconnect = [&] { return database.isReachable() || database.isReachable(); }; // this session was cut too

    // Without keys: every answer must say what happened. An error with a stored mood would make a retrying
    // client record the day twice. Batches go out until enough sessions were cut while they ran.
    QList<Sent> plain;
    QList<Answer> answers;
    int cuts = 0;
    {
        BackendKiller killer(m_server.scratch().config());
        QVERIFY2(killer.error().isEmpty(), qPrintable(killer.error()));
        while (killer.kills() < kEnoughCuts && plain.size() < plainPool.size()) {
            const QList<Sent> batch = plainPool.mid(plain.size(), kBatch);
            plain += batch;
            answers += sendAll(m_server.baseUrl(), batch);
        }
        killer.stop();
        cuts = killer.kills();
    }
    QVERIFY(reconnect());
    int errors = 0;
    for (qsizetype i = 0; i < plain.size(); ++i) {
        const int status = answers[i].status;
        QVERIFY2(status == 200 || status == 503,
                 qPrintable(u"%1 %2"_s.arg(status).arg(QString::fromUtf8(answers[i].body))));
        if (status != 200)
            ++errors;
        QVERIFY2(stored(plain[i]) == (status == 200 ? 1 : 0),
                 qPrintable(u"%1 at %2 answered %3 but stored %4"_s.arg(plain[i].user)
                                .arg(plain[i].timestamp)
                                .arg(status)
                                .arg(stored(plain[i]))));
    }
    qInfo("%d sessions cut, %d of %d writes answered 503 (nothing stored)", cuts, errors, int(plain.size()));
    QVERIFY2(cuts >= kEnoughCuts, "too few sessions were cut: the test proved little");

    // With keys, a client that retries until it gets an answer stores each mood exactly once.
    QList<QByteArray> firstBodies(keyed.size());
    {
        BackendKiller killer(m_server.scratch().config());
        QList<qsizetype> open;
        for (qsizetype i = 0; i < keyed.size(); ++i)
            open.append(i);
        // The killer cuts sessions during the first rounds only: on a busy machine it can cut every attempt
        // of a write for a while, and what is tested is that retries store once, not how lucky they were.
        for (int round = 0; round < 25 && !open.isEmpty(); ++round) {
            if (round == 20)
                killer.stop();
            QList<Sent> batch;
            for (qsizetype i : std::as_const(open))
                batch.append(keyed[i]);
            const QList<Answer> got = sendAll(m_server.baseUrl(), batch);
            QList<qsizetype> stillOpen;
            for (qsizetype j = 0; j < batch.size(); ++j) {
                if (got[j].status == 200)
                    firstBodies[open[j]] = got[j].body;
                else
                    stillOpen.append(open[j]);
            }
            open = stillOpen;
        }
        killer.stop();
        QVERIFY2(open.isEmpty(), "some writes never got an answer");
    }
    // Once more, all of them, with the connections left alone: every answer is the one given before.
    const QList<Answer> replayed = sendAll(m_server.baseUrl(), keyed);
    for (qsizetype i = 0; i < keyed.size(); ++i) {
        QCOMPARE(replayed[i].status, 200);
        QCOMPARE(replayed[i].body, firstBodies[i]);
    }
    QVERIFY(reconnect());
    for (const Sent& sent : std::as_const(keyed))
        QCOMPARE(stored(sent), 1);
    const int answered =
        int(std::count_if(answers.begin(), answers.end(), [](const Answer& a) { return a.status == 200; }));
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), answered + int(keyed.size()));
}

QTEST_GUILESS_MAIN(TestHttpWrites)
#include "TestHttpWrites.moc"
