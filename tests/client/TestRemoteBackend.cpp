#include "BackendFixture.h"
#include "CuttingProxy.h"
#include "RemoteBackend.h"
#include "SlowHttpServer.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;
using test::await;
using test::outcome;

// What only the HTTP backend has: retries with the same Idempotency-Key, the kinds of network failure, timeouts,
// and the server's own words passed through. (What both backends share is TestBackend.)
class TestRemoteBackend final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void aWriteRetriedAfterALostConnectionIsStoredOnce();
    void nothingListeningIsUnreachable();
    void aServerThatGoesAwayIsALostConnection();
    void noAnswerInTimeIsATimeout();
    void theContractsErrorTextsArePassedThrough();

private:
    std::unique_ptr<client::RemoteBackend> connectTo(quint16 port, int timeoutMs = 5000);

    std::unique_ptr<test::TestServer> m_server;
};

void TestRemoteBackend::init()
{
    m_server = std::make_unique<test::TestServer>();
    QVERIFY2(m_server->start(QString::fromLatin1(test::kSqlite)), qPrintable(m_server->error()));
}

void TestRemoteBackend::cleanup()
{
    m_server.reset();
}

std::unique_ptr<client::RemoteBackend> TestRemoteBackend::connectTo(quint16 port, int timeoutMs)
{
    client::RemoteOptions options;
    options.server = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    options.timeoutMs = timeoutMs;
    options.clock = &m_server->clock();
    return std::make_unique<client::RemoteBackend>(options);
}

void TestRemoteBackend::aWriteRetriedAfterALostConnectionIsStoredOnce()
{
    QVERIFY(m_server->addUser(u"alice"_s) > 0);
    auto direct = connectTo(m_server->port());
    QVERIFY(await(direct->signIn(u"alice"_s, u"password123"_s)).ok());

    // The same account through a proxy that loses the answer to the POST /mood after the server stored it, twice.
    test::CuttingProxy proxy(m_server->port(), "POST /mood", 2);
    QVERIFY(proxy.start());
    auto cut = connectTo(proxy.port());
    QVERIFY(await(cut->signIn(u"alice"_s, u"password123"_s)).ok());
    const auto recorded = await(cut->record(Mood::Cheerful, std::nullopt, u"once"_s));
    QVERIFY2(recorded.ok(), outcome(recorded)); // the retry's answer: the first one, again
    QCOMPARE(recorded->entries.size(), 1);

    // Stored once, though it was sent more than once.
    const auto stored = await(direct->summary({}));
    QVERIFY2(stored.ok(), outcome(stored));
    QCOMPARE(stored->entries.size(), 1);
    QCOMPARE(stored->entries[0].note, u"once"_s);

    // Sent each time with one key, as JSON; the login had a key of its own.
    const QString sent = QString::fromLatin1(proxy.sent());
    const int posts = int(sent.count(u"POST /mood"_s));
    qInfo("POST /mood sent %d times", posts);
    QVERIFY(posts >= 3); // Qt's HTTP layer resends once on a closed keep-alive connection; ours once more
    const QRegularExpression key(u"Idempotency-Key: ([^\\r]+)\\r\\n"_s, QRegularExpression::CaseInsensitiveOption);
    QStringList keys;
    for (auto it = key.globalMatch(sent); it.hasNext();)
        keys.append(it.next().captured(1));
    QCOMPARE(keys.size(), posts + 1);
    for (int i = 2; i < keys.size(); ++i)
        QCOMPARE(keys[i], keys[1]);
    QVERIFY(keys[0] != keys[1]);
    QVERIFY(sent.contains(u"Content-Type: application/json\r\n"_s, Qt::CaseInsensitive));
}

void TestRemoteBackend::nothingListeningIsUnreachable()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    auto backend = connectTo(port);
    const auto signedIn = await(backend->signIn(u"alice"_s, u"password123"_s));
    QCOMPARE(signedIn.error().kind, client::ErrorKind::Unreachable);
    QCOMPARE(backend->session().username, QString());
}

void TestRemoteBackend::aServerThatGoesAwayIsALostConnection()
{
    QVERIFY(m_server->addUser(u"alice"_s) > 0);
    auto backend = connectTo(m_server->port());
    QVERIFY(await(backend->signIn(u"alice"_s, u"password123"_s)).ok());
    m_server->stop();
    QElapsedTimer clock;
    clock.start();
    const auto recorded = await(backend->record(Mood::Cheerful, std::nullopt, {}));
    QCOMPARE(recorded.error().kind, client::ErrorKind::ConnectionLost);
    QVERIFY(clock.elapsed() < 3000);
    QCOMPARE(await(backend->summary({})).error().kind, client::ErrorKind::ConnectionLost);
}

void TestRemoteBackend::noAnswerInTimeIsATimeout()
{
    test::SlowHttpServer slow(5000);
    QVERIFY(slow.start());
    auto backend = connectTo(slow.port(), 500);
    QElapsedTimer clock;
    clock.start();
    const auto signedIn = await(backend->signIn(u"alice"_s, u"password123"_s));
    QCOMPARE(signedIn.error().kind, client::ErrorKind::TimedOut);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
}

void TestRemoteBackend::theContractsErrorTextsArePassedThrough()
{
    auto backend = connectTo(m_server->port());
    QVERIFY(await(backend->signUp(u"alice"_s, u"password123"_s)).ok());
    const auto taken = await(connectTo(m_server->port())->signUp(u"alice"_s, u"password123"_s));
    QCOMPARE(outcome(taken), QByteArray("NameTaken: username 'alice' already exists. Please try again."));
    QVERIFY(await(backend->record(Mood::Cheerful, std::nullopt, {})).ok());
    QVERIFY(await(backend->record(Mood::Gloomy, std::nullopt, {})).ok());
    const auto third = await(backend->record(Mood::Gloomy, std::nullopt, {}));
    QCOMPARE(third.error().kind, client::ErrorKind::RefusedByRule);
    QVERIFY2(third.error().detail.contains(u"2026-03-15"_s), qPrintable(third.error().detail)); // names the day
}

QTEST_GUILESS_MAIN(TestRemoteBackend)
#include "TestRemoteBackend.moc"
