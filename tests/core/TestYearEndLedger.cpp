#include "ServiceFixture.h"
#include "YearEndLedger.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
using Kind = ClaimOutcome::Kind;

QString deadClaimant()
{
    // A process of this machine that has ended: its pid is free (at least for the moment).
    QProcess process;
    process.start(u"/bin/true"_s);
    process.waitForStarted(5000);
    const qint64 pid = process.processId();
    process.waitForFinished(5000);
    return QSysInfo::machineHostName() + u':' + QString::number(pid);
}
} // namespace

class TestYearEndLedger final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void claimThenSent();
    void aLiveClaimIsBusy();
    void failedIsClaimedAgainAndTheOldClaimIsFencedOut();
    void claimOfAGoneProcessIsTakenOverAtOnce();
    void claimFromAnotherMachineWaitsUntilStale();
    void transmittingIsNeverTakenOver();
    void aLiveTransmissionIsBusy();
    void resolveUnconfirmed();
    void usersAwaitingMail();
    void concurrentClaimsHaveOneWinner();
    void claimantIsGone();

private:
    qint64 userWithMoods(const QString& name, const QString& email, int year);
    test::ServiceFixture m_fixture;
    YearEndLedger* m_ledger = nullptr;
};

void TestYearEndLedger::initTestCase_data()
{
    test::addBackendRows();
}

void TestYearEndLedger::init()
{
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_fixture.open(backend, &error), qPrintable(error));
    m_ledger = &m_fixture.services->yearEnd;
}

void TestYearEndLedger::cleanup()
{
    m_fixture.close();
}

qint64 TestYearEndLedger::userWithMoods(const QString& name, const QString& email, int year)
{
    const qint64 id = m_fixture.addUser(name, email);
    if (id != 0 && year != 0)
        m_fixture.addDays(id, QDate(year, 6, 1), 2);
    return id;
}

void TestYearEndLedger::claimThenSent()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    const auto first = m_ledger->claim(alice, 2025, u"alice@example.org"_s, u"id1@example.org"_s);
    QVERIFY(first);
    QCOMPARE(int(first->kind), int(Kind::Claimed));
    const MailClaim claim = *first->claim;
    QCOMPARE(claim.attempt, 1);
    auto record = m_ledger->record(alice, 2025);
    QVERIFY(record && record->has_value());
    QCOMPARE(int((*record)->state), int(MailState::Claimed));
    QCOMPARE((*record)->claimedBy, YearEndLedger::processIdentity());
    QCOMPARE((*record)->claimedAt, m_fixture.clock->now().toSecsSinceEpoch());
    QCOMPARE((*record)->messageId, u"id1@example.org"_s);

    QVERIFY(m_ledger->markSent(claim, u"250 ok"_s).ok() == false); // not before the message went out
    const auto begun = m_ledger->beginTransmission(claim);
    QVERIFY(begun && *begun);
    QVERIFY(m_ledger->markSent(claim, u"250 ok"_s));
    record = m_ledger->record(alice, 2025);
    QCOMPARE(int((*record)->state), int(MailState::Sent));
    QCOMPARE((*record)->detail, u"250 ok"_s);

    const auto again = m_ledger->claim(alice, 2025, u"alice@example.org"_s, u"id2@example.org"_s);
    QVERIFY(again);
    QCOMPARE(int(again->kind), int(Kind::AlreadySent));
    // Another year is another mail.
    const auto nextYear = m_ledger->claim(alice, 2026, u"alice@example.org"_s, u"id3@example.org"_s);
    QCOMPARE(int(nextYear->kind), int(Kind::Claimed));
    QCOMPARE(*m_ledger->sentCount(2025), 1);
    QCOMPARE(*m_ledger->sentCount(2026), 0);
}

void TestYearEndLedger::aLiveClaimIsBusy()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    QCOMPARE(int(m_ledger->claim(alice, 2025, u"a@example.org"_s, u"1@x"_s)->kind), int(Kind::Claimed));
    m_fixture.clock->advance(YearEndLedger::kStaleClaimSeconds - 1);
    const auto second = m_ledger->claim(alice, 2025, u"a@example.org"_s, u"2@x"_s);
    QCOMPARE(int(second->kind), int(Kind::Busy)); // this very process, alive
    QCOMPARE(second->current->messageId, u"1@x"_s);
}

void TestYearEndLedger::failedIsClaimedAgainAndTheOldClaimIsFencedOut()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    const MailClaim first = *m_ledger->claim(alice, 2025, u"a@example.org"_s, u"1@x"_s)->claim;
    QVERIFY(m_ledger->markFailed(first, u"550 no such mailbox"_s));
    QCOMPARE(int((*m_ledger->record(alice, 2025))->state), int(MailState::Failed));

    const auto second = m_ledger->claim(alice, 2025, u"a@example.org"_s, u"2@x"_s);
    QCOMPARE(int(second->kind), int(Kind::Claimed));
    QCOMPARE(second->claim->attempt, 2);
    QVERIFY(second->claim->token != first.token);
    QCOMPARE(second->current->detail, u"550 no such mailbox"_s); // what happened last time
    const auto stale = m_ledger->beginTransmission(first);
    QVERIFY(stale && !*stale);
    const auto fresh = m_ledger->beginTransmission(*second->claim);
    QVERIFY(fresh && *fresh);
}

void TestYearEndLedger::claimOfAGoneProcessIsTakenOverAtOnce()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    const QString gone = deadClaimant();
    QVERIFY(YearEndLedger::claimantIsGone(gone));
    const MailClaim crashed = *m_ledger->claim(alice, 2025, u"a@example.org"_s, u"1@x"_s, gone)->claim;
    const auto taken = m_ledger->claim(alice, 2025, u"a@example.org"_s, u"2@x"_s);
    QCOMPARE(int(taken->kind), int(Kind::Claimed));
    QCOMPARE((*m_ledger->record(alice, 2025))->claimedBy, YearEndLedger::processIdentity());
    QVERIFY(!*m_ledger->beginTransmission(crashed));
}

void TestYearEndLedger::claimFromAnotherMachineWaitsUntilStale()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    const QString elsewhere = u"another-machine.example:4242"_s;
    QVERIFY(!YearEndLedger::claimantIsGone(elsewhere)); // cannot be checked from here
    const MailClaim theirs = *m_ledger->claim(alice, 2025, u"a@example.org"_s, u"1@x"_s, elsewhere)->claim;
    m_fixture.clock->advance(YearEndLedger::kStaleClaimSeconds - 1);
    QCOMPARE(int(m_ledger->claim(alice, 2025, u"a@example.org"_s, u"2@x"_s)->kind), int(Kind::Busy));
    m_fixture.clock->advance(1);
    const auto ours = m_ledger->claim(alice, 2025, u"a@example.org"_s, u"3@x"_s);
    QCOMPARE(int(ours->kind), int(Kind::Claimed));
    // If the other machine was only slow, it finds out before it sends a byte.
    QVERIFY(!*m_ledger->beginTransmission(theirs));
    QVERIFY(*m_ledger->beginTransmission(*ours->claim));
}

void TestYearEndLedger::transmittingIsNeverTakenOver()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    const MailClaim crashed = *m_ledger->claim(alice, 2025, u"a@example.org"_s, u"1@x"_s, deadClaimant())->claim;
    QVERIFY(*m_ledger->beginTransmission(crashed));
    const auto later = m_ledger->claim(alice, 2025, u"a@example.org"_s, u"2@x"_s);
    QCOMPARE(int(later->kind), int(Kind::Unconfirmed));
    QCOMPARE(later->current->messageId, u"1@x"_s);
    const auto row = *m_ledger->record(alice, 2025);
    QCOMPARE(int(row->state), int(MailState::Unconfirmed)); // said once and for all
    QVERIFY(row->detail.contains(u"ended"_s));
    m_fixture.clock->advance(365LL * 86400);
    QCOMPARE(int(m_ledger->claim(alice, 2025, u"a@example.org"_s, u"3@x"_s)->kind), int(Kind::Unconfirmed));
    QVERIFY(!m_ledger->markSent(crashed, {})); // the old holder cannot claim success afterwards either
}

void TestYearEndLedger::aLiveTransmissionIsBusy()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    const MailClaim sending = *m_ledger->claim(alice, 2025, u"a@example.org"_s, u"1@x"_s)->claim; // this process
    QVERIFY(*m_ledger->beginTransmission(sending));
    QCOMPARE(int(m_ledger->claim(alice, 2025, u"a@example.org"_s, u"2@x"_s)->kind), int(Kind::Busy));
    QCOMPARE(m_ledger->resolveUnconfirmed(alice, 2025, true).error().kind, ErrorKind::NotFound); // still at it
    QVERIFY(m_ledger->markUnconfirmed(sending, u"no reply after the message"_s));
    const auto row = *m_ledger->record(alice, 2025);
    QCOMPARE(int(row->state), int(MailState::Unconfirmed));
    QCOMPARE(row->detail, u"no reply after the message"_s);
    QCOMPARE(int(m_ledger->claim(alice, 2025, u"a@example.org"_s, u"3@x"_s)->kind), int(Kind::Unconfirmed));
    // A silent transmission from another machine counts as unconfirmed after the stale time.
    const qint64 bob = userWithMoods(u"bob"_s, u"bob@example.org"_s, 2025);
    const MailClaim remote = *m_ledger->claim(bob, 2025, u"b@example.org"_s, u"4@x"_s, u"far.example:9"_s)->claim;
    QVERIFY(*m_ledger->beginTransmission(remote));
    m_fixture.clock->advance(YearEndLedger::kStaleClaimSeconds - 1);
    QCOMPARE(int(m_ledger->claim(bob, 2025, u"b@example.org"_s, u"5@x"_s)->kind), int(Kind::Busy));
    m_fixture.clock->advance(1);
    QCOMPARE(int(m_ledger->claim(bob, 2025, u"b@example.org"_s, u"6@x"_s)->kind), int(Kind::Unconfirmed));
}

void TestYearEndLedger::resolveUnconfirmed()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    const qint64 bob = userWithMoods(u"bob"_s, u"bob@example.org"_s, 2025);
    QCOMPARE(m_ledger->resolveUnconfirmed(alice, 2025, true).error().kind, ErrorKind::NotFound); // no row
    for (qint64 user : {alice, bob}) {
        const MailClaim claim = *m_ledger->claim(user, 2025, u"x@example.org"_s, u"1@x"_s, deadClaimant())->claim;
        QVERIFY(*m_ledger->beginTransmission(claim));
    }
    QVERIFY(m_ledger->resolveUnconfirmed(alice, 2025, true));
    QCOMPARE(int((*m_ledger->record(alice, 2025))->state), int(MailState::Sent));
    QCOMPARE(m_ledger->resolveUnconfirmed(alice, 2025, false).error().kind, ErrorKind::NotFound); // sent stays sent
    QVERIFY(m_ledger->resolveUnconfirmed(bob, 2025, false));
    QCOMPARE(int((*m_ledger->record(bob, 2025))->state), int(MailState::Failed));
    QCOMPARE(int(m_ledger->claim(bob, 2025, u"bob@example.org"_s, u"2@x"_s)->kind), int(Kind::Claimed));
}

void TestYearEndLedger::usersAwaitingMail()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    const qint64 bob = userWithMoods(u"bob"_s, u"bob@example.org"_s, 2025);
    userWithMoods(u"carol"_s, QString(), 2025);            // no address
    userWithMoods(u"dave"_s, u"dave@example.org"_s, 2024); // nothing in 2025
    m_fixture.addMood(bob, QDate(2025, 12, 31), QTime(23, 59), Mood::Gloomy);
    const qint64 erin = userWithMoods(u"erin"_s, u"erin@example.org"_s, 0);
    m_fixture.addMood(erin, QDate(2025, 1, 1), QTime(0, 0), Mood::Gloomy); // the year's first minute counts
    QCOMPARE(*m_ledger->usersAwaitingMail(2025), (QList<qint64>{alice, bob, erin}));

    const MailClaim sent = *m_ledger->claim(alice, 2025, u"a@example.org"_s, u"1@x"_s)->claim;
    QVERIFY(*m_ledger->beginTransmission(sent));
    QVERIFY(m_ledger->markSent(sent, {}));
    const MailClaim failed = *m_ledger->claim(bob, 2025, u"b@example.org"_s, u"2@x"_s)->claim;
    QVERIFY(m_ledger->markFailed(failed, u"refused"_s));
    QCOMPARE(*m_ledger->usersAwaitingMail(2025), (QList<qint64>{bob, erin}));
}

void TestYearEndLedger::concurrentClaimsHaveOneWinner()
{
    const qint64 alice = userWithMoods(u"alice"_s, u"alice@example.org"_s, 2025);
    std::atomic_int claimed{0};
    std::atomic_int failures{0};
    QList<QThread*> threads;
    for (int i = 0; i < 4; ++i) {
        threads.append(QThread::create([&, i] {
            const QString me = u"host-%1.example:1"_s.arg(i); // four "machines", none checkable
            const auto outcome = m_ledger->claim(alice, 2025, u"a@example.org"_s, u"%1@x"_s.arg(i), me);
            if (!outcome)
                ++failures;
            else if (outcome->kind == Kind::Claimed)
                ++claimed;
        }));
    }
    for (QThread* thread : threads)
        thread->start();
    for (QThread* thread : threads) {
        QVERIFY(thread->wait(30000));
        delete thread;
    }
    QCOMPARE(failures.load(), 0);
    QCOMPARE(claimed.load(), 1);
}

void TestYearEndLedger::claimantIsGone()
{
    QVERIFY(!YearEndLedger::claimantIsGone(YearEndLedger::processIdentity()));
    QVERIFY(YearEndLedger::claimantIsGone(deadClaimant()));
    QVERIFY(!YearEndLedger::claimantIsGone(u"garbage"_s));
    QVERIFY(!YearEndLedger::claimantIsGone(QSysInfo::machineHostName() + u":notanumber"_s));
}

QTEST_GUILESS_MAIN(TestYearEndLedger)
#include "TestYearEndLedger.moc"
