#include "Retention.h"
#include "ServiceFixture.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

class TestRetention final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void settingDefaultsToAllAndIsShared();
    void keepAllRemovesNothing();
    void nothingGoesWhileOneUserAwaitsTheMail();
    void removesTheYearAndWhatDerivesFromIt();
    void usersWithoutMoodsThatYearDoNotHoldItBack();
    void eachUsersCurrentYearIsTheirs();
    void keepsDecidesPerDay();

private:
    void markSent(qint64 userId, int year);
    bool histogramMatchesUsers();
    qint64 moodsOf(qint64 userId, int year);

    test::ServiceFixture m_fixture;
};

void TestRetention::initTestCase_data()
{
    test::addBackendRows();
}

void TestRetention::init()
{
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_fixture.open(backend, &error), qPrintable(error));
    m_fixture.clock->setNow(QDateTime(QDate(2026, 6, 1), QTime(12, 0), QTimeZone::utc()));
}

void TestRetention::cleanup()
{
    m_fixture.close();
}

void TestRetention::markSent(qint64 userId, int year)
{
    YearEndLedger& ledger = m_fixture.services->yearEnd;
    const auto claimed = ledger.claim(userId, year, u"x@example.org"_s, u"id@example.org"_s);
    QVERIFY(claimed && claimed->claim);
    QVERIFY(*ledger.beginTransmission(*claimed->claim));
    QVERIFY(ledger.markSent(*claimed->claim, u"250 ok"_s));
}

bool TestRetention::histogramMatchesUsers()
{
    auto db = m_fixture.scratch.db().connection();
    QMap<int, qint64> fromUsers;
    auto users = sql::exec(*db, u"SELECT longest_streak, COUNT(*) FROM users GROUP BY longest_streak"_s);
    while (users->next())
        fromUsers.insert(users->value(0).toInt(), users->value(1).toLongLong());
    QMap<int, qint64> histogram;
    auto buckets = sql::exec(*db, u"SELECT streak_length, user_count FROM streak_histogram WHERE user_count <> 0"_s);
    while (buckets->next())
        histogram.insert(buckets->value(0).toInt(), buckets->value(1).toLongLong());
    if (fromUsers != histogram)
        qWarning() << "users" << fromUsers << "histogram" << histogram;
    return fromUsers == histogram;
}

qint64 TestRetention::moodsOf(qint64 userId, int year)
{
    return m_fixture.count(u"SELECT COUNT(*) FROM moods WHERE user_id = ? AND local_day >= ? AND local_day <= ?"_s,
                           {userId, u"%1-01-01"_s.arg(year), u"%1-12-31"_s.arg(year)});
}

void TestRetention::settingDefaultsToAllAndIsShared()
{
    QCOMPARE(*m_fixture.services->settings.retention(), RetentionPolicy::KeepAll);
    QVERIFY(m_fixture.services->settings.setRetention(RetentionPolicy::KeepOneYear));
    // Another server on the same database sees it: a second set of services over a second Database.
    auto other = Database::open(m_fixture.scratch.config());
    QVERIFY(other);
    InstanceSettings theirs(**other);
    QCOMPARE(*theirs.retention(), RetentionPolicy::KeepOneYear);
    QCOMPARE(retentionPolicyName(RetentionPolicy::KeepOneYear), u"one-year"_s);
    QCOMPARE(retentionPolicyFromName(u"all"_s), std::optional(RetentionPolicy::KeepAll));
    QVERIFY(!retentionPolicyFromName(u"forever"_s));
}

void TestRetention::keepAllRemovesNothing()
{
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    QVERIFY(m_fixture.addDays(alice, QDate(2024, 5, 1), 3));
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 5, 1), 3));
    markSent(alice, 2024);
    markSent(alice, 2025);
    const auto outcome = m_fixture.services->retention.apply();
    QVERIFY(outcome);
    QCOMPARE(outcome->removedMoods, 0);
    QCOMPARE(moodsOf(alice, 2024) + moodsOf(alice, 2025), 6);
}

void TestRetention::nothingGoesWhileOneUserAwaitsTheMail()
{
    QVERIFY(m_fixture.services->settings.setRetention(RetentionPolicy::KeepOneYear));
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    const qint64 bob = m_fixture.addUser(u"bob"_s, u"bob@example.org"_s);
    const qint64 carol = m_fixture.addUser(u"carol"_s); // no address: never mailed, never waited for
    for (qint64 user : {alice, bob, carol})
        QVERIFY(m_fixture.addDays(user, QDate(2025, 5, 1), 2));
    markSent(alice, 2025);
    const auto held = m_fixture.services->retention.apply();
    QVERIFY(held);
    QCOMPARE(held->removedMoods, 0);
    QCOMPARE(held->waitingYears, QList<int>{2025});
    for (qint64 user : {alice, bob, carol})
        QCOMPARE(moodsOf(user, 2025), 2);

    // A failed attempt does not count as mailed either.
    YearEndLedger& ledger = m_fixture.services->yearEnd;
    const auto attempt = ledger.claim(bob, 2025, u"bob@example.org"_s, u"1@x"_s);
    QVERIFY(ledger.markFailed(*attempt->claim, u"550"_s));
    QCOMPARE(m_fixture.services->retention.apply()->removedMoods, 0);

    markSent(bob, 2025);
    const auto done = m_fixture.services->retention.apply();
    QCOMPARE(done->removedMoods, 6);
    QCOMPARE(done->removedYears, QList<int>{2025});
    for (qint64 user : {alice, bob, carol})
        QCOMPARE(moodsOf(user, 2025), 0);
    QCOMPARE(m_fixture.services->retention.apply()->removedMoods, 0); // idempotent
}

void TestRetention::removesTheYearAndWhatDerivesFromIt()
{
    QVERIFY(m_fixture.services->settings.setRetention(RetentionPolicy::KeepOneYear));
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    const qint64 bob = m_fixture.addUser(u"bob"_s);
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 3, 1), 10)); // the longest streak: 10 days in 2025
    QVERIFY(m_fixture.addDays(alice, QDate(2026, 5, 1), 3));
    QVERIFY(m_fixture.addDays(bob, QDate(2024, 3, 1), 4));
    QVERIFY(m_fixture.addDays(bob, QDate(2026, 5, 30), 2));
    QCOMPARE((*m_fixture.services->users.findById(alice))->longestStreak, 10);
    // Feed activities written back then and now.
    ActivityStore& activities = m_fixture.services->activities;
    m_fixture.clock->setNow(QDateTime(QDate(2025, 3, 10), QTime(12, 0), QTimeZone::utc()));
    QVERIFY(activities.add(alice, verbs::reached, u"streak:7"_s, {}));
    QVERIFY(activities.add(alice, verbs::logged, u"mood:CHEERFUL"_s, {}));
    QVERIFY(activities.add(alice, verbs::followed, std::nullopt, u"bob"_s));
    m_fixture.clock->setNow(QDateTime(QDate(2026, 5, 3), QTime(12, 0), QTimeZone::utc()));
    QVERIFY(activities.add(alice, verbs::reached, u"streak:3"_s, {}));
    m_fixture.clock->setNow(QDateTime(QDate(2026, 6, 1), QTime(12, 0), QTimeZone::utc()));
    markSent(alice, 2025);
    QVERIFY(histogramMatchesUsers());

    const auto outcome = m_fixture.services->retention.apply();
    QVERIFY(outcome);
    QCOMPARE(outcome->removedYears, (QList<int>{2024, 2025}));
    QCOMPARE(outcome->removedMoods, 14);
    QCOMPARE(moodsOf(alice, 2026), 3);
    QCOMPARE(moodsOf(bob, 2026), 2);
    QCOMPARE(m_fixture.count(u"SELECT COUNT(*) FROM moods WHERE local_day < '2026-01-01'"_s), 0);
    QCOMPARE((*m_fixture.services->users.findById(alice))->longestStreak, 3);
    QCOMPARE((*m_fixture.services->users.findById(bob))->longestStreak, 2);
    QVERIFY(histogramMatchesUsers());
    QCOMPARE(m_fixture.services->moods.streaks(alice)->current, 0);
    const auto feed = activities.feedOf(alice, {});
    QStringList left;
    for (const Activity& activity : feed->items)
        left.append(activity.verb + u' ' + activity.object.value_or(activity.target));
    QCOMPARE(left, (QStringList{u"reached streak:3"_s, u"followed bob"_s}));
    // The board of the removed year is empty; this year's is whole.
    QCOMPARE(m_fixture.services->board.board(alice, 2025)->size(), 0);
    QCOMPARE(m_fixture.services->board.board(alice, 2026)->size(), 3);
}

void TestRetention::usersWithoutMoodsThatYearDoNotHoldItBack()
{
    QVERIFY(m_fixture.services->settings.setRetention(RetentionPolicy::KeepOneYear));
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    const qint64 dave = m_fixture.addUser(u"dave"_s, u"dave@example.org"_s); // joined this year
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 5, 1), 2));
    QVERIFY(m_fixture.addDays(dave, QDate(2026, 5, 1), 2));
    markSent(alice, 2025);
    QCOMPARE(m_fixture.services->retention.apply()->removedMoods, 2);
    QCOMPARE(moodsOf(dave, 2026), 2);
}

void TestRetention::eachUsersCurrentYearIsTheirs()
{
    QVERIFY(m_fixture.services->settings.setRetention(RetentionPolicy::KeepOneYear));
    // 1 January 05:00 UTC: a new year in Berlin, still 31 December in Los Angeles.
    m_fixture.clock->setNow(QDateTime(QDate(2026, 1, 1), QTime(5, 0), QTimeZone::utc()));
    const qint64 berlin = m_fixture.addUser(u"berlin"_s, {}, "Europe/Berlin");
    const qint64 angeles = m_fixture.addUser(u"angeles"_s, {}, "America/Los_Angeles");
    QVERIFY(m_fixture.addDays(berlin, QDate(2025, 12, 30), 2));
    QVERIFY(m_fixture.addDays(angeles, QDate(2025, 12, 30), 2));
    QCOMPARE(m_fixture.services->retention.apply()->removedMoods, 2);
    QCOMPARE(moodsOf(berlin, 2025), 0);
    QCOMPARE(moodsOf(angeles, 2025), 2); // still their current year
    m_fixture.clock->advance(3 * 3600);  // midnight in Los Angeles
    QCOMPARE(m_fixture.services->retention.apply()->removedMoods, 2);
    QCOMPARE(moodsOf(angeles, 2025), 0);
}

void TestRetention::keepsDecidesPerDay()
{
    const QDate today(2026, 6, 1);
    QVERIFY(Retention::keeps(RetentionPolicy::KeepAll, QDate(2001, 1, 1), today));
    QVERIFY(Retention::keeps(RetentionPolicy::KeepOneYear, QDate(2026, 1, 1), today));
    QVERIFY(!Retention::keeps(RetentionPolicy::KeepOneYear, QDate(2025, 12, 31), today));
}

QTEST_GUILESS_MAIN(TestRetention)
#include "TestRetention.moc"
