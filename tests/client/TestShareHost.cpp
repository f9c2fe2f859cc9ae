#include "BackendFixture.h"
#include "HttpClient.h"
#include "LocalFixture.h"
#include "ShareHost.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace mood;
using namespace mood::client;
using namespace Qt::StringLiterals;
using test::await;

namespace {
bool portIsOpen(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(3000);
}
} // namespace

// Sharing "this computer": the embedded server on the instance's own database and services.
class TestShareHost final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void shareServesTheSameDatabase();
    void stopClosesThePort();
    void moveToAnotherPort();
    void portInUseIsRefusedAndNothingRuns();
    void rulesOnlyForTheAdmin();

private:
    std::unique_ptr<test::LocalFixture> m_fixture;
};

void TestShareHost::init()
{
    m_fixture = std::make_unique<test::LocalFixture>();
    QVERIFY2(m_fixture->error().isEmpty(), qPrintable(m_fixture->error()));
}

void TestShareHost::cleanup()
{
    m_fixture.reset();
}

void TestShareHost::shareServesTheSameDatabase()
{
    auto alice = m_fixture->connect();
    QVERIFY(await(alice->signUp(u"alice"_s, u"password123"_s)).ok());
    QVERIFY(await(alice->record(Mood::Whimsical, std::nullopt, {})).ok());

    ShareHost& host = m_fixture->instance().sharing();
    QSignalSpy changed(&host, &ShareHost::statusChanged);
    const auto status = await(host.apply(ShareSettings{true, QHostAddress(QHostAddress::LocalHost), 0}));
    QVERIFY2(status.ok(), qPrintable(status.error().detail));
    QVERIFY(status->running);
    QVERIFY(status->port != 0);
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(host.status().port, status->port);

    test::HttpClient http(u"http://127.0.0.1:%1"_s.arg(status->port));
    QCOMPARE(http.get(u"/health"_s).status, 200);
    http.setBasic(u"alice"_s, u"password123"_s);
    const auto mood = http.get(u"/mood"_s);
    QCOMPARE(mood.status, 200);
    QCOMPARE(mood.json()[u"moodHistory"_s][0][u"mood"_s].toString(), u"WHIMSICAL"_s);

    // Written over HTTP, read by the window's backend: one database.
    QCOMPARE(http.post(u"/mood"_s, R"({"mood":"GLOOMY"})").status, 200);
    QCOMPARE(await(alice->summary({}))->entries.size(), 2);
}

void TestShareHost::stopClosesThePort()
{
    ShareHost& host = m_fixture->instance().sharing();
    const auto on = await(host.apply(ShareSettings{true, QHostAddress(QHostAddress::LocalHost), 0}));
    QVERIFY(on.ok());
    QVERIFY(portIsOpen(on->port));
    const auto off = await(host.apply(ShareSettings{false, QHostAddress(QHostAddress::LocalHost), 0}));
    QVERIFY(off.ok());
    QVERIFY(!off->running);
    QVERIFY(!portIsOpen(on->port));
    QTRY_VERIFY(!host.status().running);
}

void TestShareHost::moveToAnotherPort()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 wanted = probe.serverPort();
    probe.close();

    ShareHost& host = m_fixture->instance().sharing();
    const auto first = await(host.apply(ShareSettings{true, QHostAddress(QHostAddress::LocalHost), 0}));
    QVERIFY(first.ok());
    const auto same = await(host.apply(ShareSettings{true, QHostAddress(QHostAddress::LocalHost), 0}));
    QCOMPARE(same->port, first->port); // nothing changed: the server stays
    const auto moved = await(host.apply(ShareSettings{true, QHostAddress(QHostAddress::LocalHost), wanted}));
    QVERIFY2(moved.ok(), qPrintable(moved.error().detail));
    QCOMPARE(moved->port, wanted);
    QVERIFY(portIsOpen(wanted));
    QVERIFY(!portIsOpen(first->port));
}

void TestShareHost::portInUseIsRefusedAndNothingRuns()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    ShareHost& host = m_fixture->instance().sharing();
    const auto refused =
        await(host.apply(ShareSettings{true, QHostAddress(QHostAddress::LocalHost), taken.serverPort()}));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::RefusedByRule);
    QVERIFY(!host.status().running);
}

void TestShareHost::rulesOnlyForTheAdmin()
{
    auto alice = m_fixture->connect();
    QVERIFY(await(alice->signUp(u"alice"_s, u"password123"_s)).ok());
    auto bob = m_fixture->connect();
    QVERIFY(await(bob->signUp(u"bob"_s, u"password123"_s)).ok());

    ShareHost& host = m_fixture->instance().sharing();
    const auto defaults = await(host.rules());
    QVERIFY(defaults.ok());
    QVERIFY(defaults->registrationOpen);
    QCOMPARE(defaults->backfillDays, 7);

    QCOMPARE(await(host.setRules(u"bob"_s, InstanceRules{false, 2})).error().kind, ErrorKind::Forbidden);
    QCOMPARE(await(host.setRules(u"alice"_s, InstanceRules{true, 400})).error().kind, ErrorKind::InvalidInput);
    QVERIFY(await(host.rules())->registrationOpen);

    const auto set = await(host.setRules(u"alice"_s, InstanceRules{false, 2}));
    QVERIFY(set.ok());
    const auto now = await(host.rules());
    QVERIFY(!now->registrationOpen);
    QCOMPARE(now->backfillDays, 2);
    QCOMPARE(await(alice->board(2026))->backfillDays, 2); // the window's backend follows at once
    auto carol = m_fixture->connect();
    QCOMPARE(await(carol->signUp(u"carol"_s, u"password123"_s)).error().kind, ErrorKind::Forbidden);
}

QTEST_GUILESS_MAIN(TestShareHost)
#include "TestShareHost.moc"
