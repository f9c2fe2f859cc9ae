#include "ActivityStore.h"
#include "FakeClock.h"
#include "MoodService.h"
#include "PasswordHasher.h"
#include "ScratchDatabase.h"
#include "UserService.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <sqlite3.h>

#include <functional>
#include <optional>

using namespace mood;
using namespace Qt::StringLiterals;

namespace mood {
char* toString(const Streaks& streaks)
{
    return QTest::toString(u"{current %1, longest %2}"_s.arg(streaks.current).arg(streaks.longest));
}
} // namespace mood

namespace {
// The FakeClock's default "now": 2026-03-15T12:00:00Z (computed by hand, not by Qt).
constexpr qint64 kNow = 1773576000;
constexpr qint64 kDay = 86400;
constexpr qint64 kHour = 3600;

QDateTime localTime(const QDate& date, const QTime& time, const QByteArray& zone)
{
    return QDateTime(date, time, QTimeZone(zone));
}
} // namespace

class TestMoodService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void recordNow();
    void unknownUserIsNotFound();
    void thirdMoodOfADayIsConflict();
    void calendarDayFollowsUserTimeZone();
    void changingTimeZoneKeepsPastDays();
    void zoneChangeNeverPutsThreeMoodsOnADay();
    void zoneChangeNeverMendsABrokenStreak();
    void futureTimestamps();
    void toleranceCountsForTheDayItFallsOn();
    void backfillWindowDefault();
    void backfillWindowInUserTimeZone();
    void backfillAtMostTwoPerDay();
    void backfillWindowOfTwoDays();
    void backfillWindowOfZeroDays();
    void backfillWindowChangesWhileRunning();
    void pastDaysAreReadOnly();
    void pastDayInUserTimeZoneIsReadOnly();
    void correctToday();
    void correctTodayInUserTimeZone();
    void removeToday();
    void removingOnlyMoodOfTodayLowersCurrentStreak();
    void otherUsersEntryIsNotFound();
    void noteLength();
    void historyNewestFirst();
    void historyYearInUserTimeZone();
    void historyLimitAndBefore();
    void streaksAcrossBoundaries_data();
    void streaksAcrossBoundaries();
    void streakFallsBackToZero();
    void summaryCombinesHistoryStreaksPercentile();
    void summaryIsOneSnapshot();
    void shareMoodsWritesLogged();
    void shareMilestonesWritesReachedAtThreeAndSeven();
    void milestoneReachedByBackfill();
    void milestonePostedOncePerRun();
    void milestoneOnceAcrossServersAndRestarts();
    void milestoneNotRepostedWhenABackfillJoinsRuns();
    void milestoneOfANewRunIsPosted();
    void shareNoneWritesNothing();

private:
    qint64 newUser(const QString& name, const QByteArray& zone = QByteArrayLiteral("UTC"));
    Streaks streaksOf(qint64 userId);
    QList<MoodEntry> historyOf(qint64 userId, const HistoryQuery& query = {});
    QList<qint64> timestampsOf(qint64 userId, const HistoryQuery& query = {});
    QList<QDate> daysOf(qint64 userId);
    QStringList feedOf(qint64 userId); // "verb object", newest first
    bool recordAt(qint64 userId, qint64 at, Mood mood = Mood::Cheerful);
    int waitingOnHistogram(); // PostgreSQL: sessions waiting for a lock on this schema's streak_histogram

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<MoodService> m_moods;
    std::unique_ptr<ActivityStore> m_activities;
};

void TestMoodService::initTestCase_data()
{
    test::addBackendRows();
}

void TestMoodService::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>();
    QCOMPARE(m_clock->now().toSecsSinceEpoch(), kNow);
    m_hasher = std::make_unique<PasswordHasher>(PasswordHasher::Strength::Minimal);
    m_users = std::make_unique<UserService>(m_scratch.db(), *m_clock, *m_hasher);
    m_moods = std::make_unique<MoodService>(m_scratch.db(), *m_clock);
    m_activities = std::make_unique<ActivityStore>(m_scratch.db(), *m_clock);
}

void TestMoodService::cleanup()
{
    m_activities.reset();
    m_moods.reset();
    m_users.reset();
    m_scratch.close();
}

qint64 TestMoodService::newUser(const QString& name, const QByteArray& zone)
{
    const auto user = m_users->registerUser(name, u"correct horse"_s);
    if (!user) {
        qWarning("register failed: %s", qPrintable(user.error().message));
        return 0;
    }
    if (const Status set = m_users->setTimeZone(user->id, zone); !set) {
        qWarning("setTimeZone failed: %s", qPrintable(set.error().message));
        return 0;
    }
    return user->id;
}

Streaks TestMoodService::streaksOf(qint64 userId)
{
    const auto streaks = m_moods->streaks(userId);
    if (!streaks) {
        qWarning("streaks failed: %s", qPrintable(streaks.error().message));
        return Streaks{-1, -1};
    }
    return *streaks;
}

QList<MoodEntry> TestMoodService::historyOf(qint64 userId, const HistoryQuery& query)
{
    const auto history = m_moods->history(userId, query);
    if (!history) {
        qWarning("history failed: %s", qPrintable(history.error().message));
        return {};
    }
    return *history;
}

QList<qint64> TestMoodService::timestampsOf(qint64 userId, const HistoryQuery& query)
{
    QList<qint64> result;
    for (const MoodEntry& entry : historyOf(userId, query))
        result.append(entry.at);
    return result;
}

QList<QDate> TestMoodService::daysOf(qint64 userId)
{
    QList<QDate> result;
    for (const MoodEntry& entry : historyOf(userId))
        result.append(entry.day);
    return result;
}

QStringList TestMoodService::feedOf(qint64 userId)
{
    FeedRequest request;
    request.perPage = 100;
    const auto page = m_activities->feedOf(userId, request);
    if (!page)
        return {u"<error: "_s + page.error().message + u'>'};
    QStringList result;
    for (const Activity& a : page->items)
        result.append(a.verb + u' ' + a.object.value_or(u"<null>"_s));
    return result;
}

bool TestMoodService::recordAt(qint64 userId, qint64 at, Mood mood)
{
    const auto entry = m_moods->record(userId, mood, at);
    if (!entry)
        qWarning("record failed: %s", qPrintable(entry.error().message));
    return entry.ok();
}

int TestMoodService::waitingOnHistogram()
{
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM pg_locks WHERE NOT granted"
                                 " AND relation = CAST('streak_histogram' AS regclass)"_s);
    return q.next() ? q.value(0).toInt() : -1;
}

void TestMoodService::recordNow()
{
    const qint64 alice = newUser(u"alice"_s);
    const auto entry = m_moods->record(alice, Mood::Cheerful);
    QVERIFY2(entry.ok(), qPrintable(entry.error().message));
    QVERIFY(entry->id > 0);
    QCOMPARE(entry->mood, Mood::Cheerful);
    QCOMPARE(entry->at, kNow);
    QCOMPARE(entry->day, QDate(2026, 3, 15));
    QCOMPARE(entry->note, QString());

    const auto withNote = m_moods->record(alice, Mood::Gloomy, kNow - kHour, u"rainy tea ☕"_s);
    QVERIFY2(withNote.ok(), qPrintable(withNote.error().message));
    QCOMPARE(withNote->at, kNow - kHour);

    const QList<MoodEntry> history = historyOf(alice);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history[0].id, entry->id);
    QCOMPARE(history[0].mood, Mood::Cheerful);
    QCOMPARE(history[0].at, kNow);
    QCOMPARE(history[0].day, QDate(2026, 3, 15));
    QCOMPARE(history[1].id, withNote->id);
    QCOMPARE(history[1].mood, Mood::Gloomy);
    QCOMPARE(history[1].note, u"rainy tea ☕"_s);
    QCOMPARE(streaksOf(alice), (Streaks{1, 1}));
}

void TestMoodService::unknownUserIsNotFound()
{
    const auto entry = m_moods->record(4242, Mood::Cheerful);
    QVERIFY(!entry.ok());
    QCOMPARE(entry.error().kind, ErrorKind::NotFound);
}

void TestMoodService::thirdMoodOfADayIsConflict()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(recordAt(alice, kNow - 2 * kHour));
    QVERIFY(recordAt(alice, kNow - kHour));
    const auto third = m_moods->record(alice, Mood::Gloomy);
    QVERIFY(!third.ok());
    QCOMPARE(third.error().kind, ErrorKind::Conflict);
    QVERIFY2(third.error().message.contains(u"2026-03-15"_s), qPrintable(third.error().message));
    QCOMPARE(historyOf(alice).size(), 2);
    // Another day is unaffected, and so is another user on the same day.
    QVERIFY(recordAt(alice, kNow - kDay));
    const qint64 bob = newUser(u"bob"_s);
    QVERIFY(recordAt(bob, kNow));
}

void TestMoodService::calendarDayFollowsUserTimeZone()
{
    // 10:00Z, 11:00Z and 12:00Z on 2026-03-15 are 23:00 (15th), 00:00 and 01:00 (16th) in Auckland (NZDT,
    // +13) but 03:00, 04:00 and 05:00 on the 15th in Los Angeles (PDT, -7).
    const qint64 kiwi = newUser(u"kiwi"_s, "Pacific/Auckland");
    const qint64 angeleno = newUser(u"angeleno"_s, "America/Los_Angeles");
    for (qint64 at : {kNow - 2 * kHour, kNow - kHour, kNow})
        QVERIFY(recordAt(kiwi, at));
    QCOMPARE(daysOf(kiwi), (QList<QDate>{QDate(2026, 3, 16), QDate(2026, 3, 16), QDate(2026, 3, 15)}));
    const auto kiwiThird = m_moods->record(kiwi, Mood::Gloomy, kNow + 60);
    QVERIFY(!kiwiThird.ok());
    QCOMPARE(kiwiThird.error().kind, ErrorKind::Conflict);
    QVERIFY2(kiwiThird.error().message.contains(u"2026-03-16"_s), qPrintable(kiwiThird.error().message));

    QVERIFY(recordAt(angeleno, kNow - 2 * kHour));
    QVERIFY(recordAt(angeleno, kNow - kHour));
    const auto third = m_moods->record(angeleno, Mood::Gloomy, kNow);
    QVERIFY(!third.ok());
    QCOMPARE(third.error().kind, ErrorKind::Conflict);
    QVERIFY2(third.error().message.contains(u"2026-03-15"_s), qPrintable(third.error().message));
    QCOMPARE(daysOf(angeleno), (QList<QDate>{QDate(2026, 3, 15), QDate(2026, 3, 15)}));
}

void TestMoodService::changingTimeZoneKeepsPastDays()
{
    const qint64 alice = newUser(u"alice"_s); // UTC
    QVERIFY(recordAt(alice, kNow - 30 * 60)); // 11:30Z: the 15th in UTC, 00:30 on the 16th in Auckland
    QCOMPARE(daysOf(alice), QList<QDate>{QDate(2026, 3, 15)});
    QVERIFY(m_users->setTimeZone(alice, "Pacific/Auckland").ok());
    QCOMPARE(daysOf(alice), QList<QDate>{QDate(2026, 3, 15)}); // recorded on the 15th, it stays there
    // New moods are dated in the new zone: 01:00 on the 16th there, whose two moods are still free.
    QVERIFY(recordAt(alice, kNow));
    QVERIFY(recordAt(alice, kNow));
    const auto third = m_moods->record(alice, Mood::Gloomy, kNow);
    QCOMPARE(third.error().kind, ErrorKind::Conflict);
    QVERIFY2(third.error().message.contains(u"2026-03-16"_s), qPrintable(third.error().message));
    QCOMPARE(daysOf(alice), (QList<QDate>{QDate(2026, 3, 16), QDate(2026, 3, 16), QDate(2026, 3, 15)}));
    QCOMPARE(streaksOf(alice), (Streaks{2, 2}));
}

void TestMoodService::zoneChangeNeverPutsThreeMoodsOnADay()
{
    // Two moods late on the 14th and two early on the 15th (UTC): in Bogota (-5, no DST) all four would fall
    // on the 14th. Re-dating them would break the two-per-day rule after the fact.
    const qint64 alice = newUser(u"alice"_s);
    for (qint64 at : {kNow - 13 * kHour, kNow - 12 * kHour - 30 * 60, kNow - 11 * kHour - 30 * 60, kNow - 11 * kHour})
        QVERIFY(recordAt(alice, at));
    QCOMPARE(daysOf(alice),
             (QList<QDate>{QDate(2026, 3, 15), QDate(2026, 3, 15), QDate(2026, 3, 14), QDate(2026, 3, 14)}));
    QVERIFY(m_users->setTimeZone(alice, "America/Bogota").ok());
    QCOMPARE(daysOf(alice),
             (QList<QDate>{QDate(2026, 3, 15), QDate(2026, 3, 15), QDate(2026, 3, 14), QDate(2026, 3, 14)}));
    QCOMPARE(streaksOf(alice), (Streaks{2, 2}));
}

void TestMoodService::zoneChangeNeverMendsABrokenStreak()
{
    // The 12th (23:30Z) and the 14th (00:30Z), the 13th missed: in Lagos (+1, no DST) they would be the 13th and
    // the 14th, a streak of two the user never had.
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(recordAt(alice, kNow - 2 * kDay - 12 * kHour - 30 * 60));
    QVERIFY(recordAt(alice, kNow - kDay - 11 * kHour - 30 * 60));
    QCOMPARE(daysOf(alice), (QList<QDate>{QDate(2026, 3, 14), QDate(2026, 3, 12)}));
    QCOMPARE(streaksOf(alice), (Streaks{1, 1}));
    QVERIFY(m_users->setTimeZone(alice, "Africa/Lagos").ok());
    QCOMPARE(daysOf(alice), (QList<QDate>{QDate(2026, 3, 14), QDate(2026, 3, 12)}));
    QCOMPARE(streaksOf(alice), (Streaks{1, 1}));
    QCOMPARE(m_users->findById(alice)->value().longestStreak, 1);
    const auto percentile = m_moods->summary(alice);
    QVERIFY(percentile.ok());
    QCOMPARE(percentile->streaks, (Streaks{1, 1}));
}

void TestMoodService::futureTimestamps()
{
    const qint64 alice = newUser(u"alice"_s);
    const auto tooFar = m_moods->record(alice, Mood::Cheerful, kNow + 301);
    QVERIFY(!tooFar.ok());
    QCOMPARE(tooFar.error().kind, ErrorKind::Invalid);
    QVERIFY(historyOf(alice).isEmpty());
    const auto farFuture = m_moods->record(alice, Mood::Cheerful, kNow + 30 * kDay);
    QCOMPARE(farFuture.error().kind, ErrorKind::Invalid);

    const auto edge = m_moods->record(alice, Mood::Cheerful, kNow + 300);
    QVERIFY2(edge.ok(), qPrintable(edge.error().message));
    QCOMPARE(edge->at, kNow + 300);
    QCOMPARE(timestampsOf(alice), QList<qint64>{kNow + 300});
}

void TestMoodService::toleranceCountsForTheDayItFallsOn()
{
    // Berlin (CET, +1): now is 2026-03-15 23:58 local = 22:58Z = 1773615480.
    const qint64 berliner = newUser(u"berliner"_s, "Europe/Berlin");
    m_clock->setNow(localTime(QDate(2026, 3, 15), QTime(23, 58), "Europe/Berlin"));
    constexpr qint64 now = 1773615480;
    QCOMPARE(m_clock->now().toSecsSinceEpoch(), now);

    const auto today = m_moods->record(berliner, Mood::Reflective);
    QVERIFY(today.ok());
    QCOMPARE(today->day, QDate(2026, 3, 15));
    const auto early = m_moods->record(berliner, Mood::Cheerful, now + 240); // 00:02 on the 16th
    QVERIFY2(early.ok(), qPrintable(early.error().message));
    QCOMPARE(early->day, QDate(2026, 3, 16));
    const auto edge = m_moods->record(berliner, Mood::Cheerful, now + 300); // 00:03 on the 16th
    QVERIFY2(edge.ok(), qPrintable(edge.error().message));
    QCOMPARE(edge->day, QDate(2026, 3, 16));
    // The 16th is full although it has not begun yet; the 15th still has room.
    const auto third = m_moods->record(berliner, Mood::Gloomy, now + 299);
    QVERIFY(!third.ok());
    QCOMPARE(third.error().kind, ErrorKind::Conflict);
    QVERIFY2(third.error().message.contains(u"2026-03-16"_s), qPrintable(third.error().message));
    QVERIFY(recordAt(berliner, now + 60)); // 23:59 on the 15th

    m_clock->setNow(localTime(QDate(2026, 3, 16), QTime(0, 10), "Europe/Berlin"));
    QCOMPARE(streaksOf(berliner), (Streaks{2, 2}));
    const auto fourth = m_moods->record(berliner, Mood::Gloomy);
    QCOMPARE(fourth.error().kind, ErrorKind::Conflict);
}

void TestMoodService::backfillWindowDefault()
{
    QCOMPARE(MoodService::kDefaultBackfillDays, 7);
    QCOMPARE(m_moods->backfillDays(), 7);
    const qint64 alice = newUser(u"alice"_s);
    constexpr qint64 startOfMarch8 = 1772928000; // 2026-03-08T00:00:00Z, today - 7
    const auto oldest = m_moods->record(alice, Mood::Idyllic, startOfMarch8);
    QVERIFY2(oldest.ok(), qPrintable(oldest.error().message));
    QCOMPARE(oldest->day, QDate(2026, 3, 8));

    const auto tooOld = m_moods->record(alice, Mood::Idyllic, startOfMarch8 - 1); // 2026-03-07 23:59:59Z
    QVERIFY(!tooOld.ok());
    QCOMPARE(tooOld.error().kind, ErrorKind::Conflict);
    QVERIFY2(tooOld.error().message.contains(u"2026-03-07"_s), qPrintable(tooOld.error().message));
    const auto muchTooOld = m_moods->record(alice, Mood::Idyllic, kNow - 400 * kDay);
    QCOMPARE(muchTooOld.error().kind, ErrorKind::Conflict);
    QCOMPARE(daysOf(alice), QList<QDate>{QDate(2026, 3, 8)});
}

void TestMoodService::backfillWindowInUserTimeZone()
{
    // Today in Auckland is 2026-03-16, so today - 7 is the 9th, which starts at 2026-03-08T11:00Z.
    const qint64 kiwi = newUser(u"kiwi"_s, "Pacific/Auckland");
    constexpr qint64 startOfMarch9Auckland = 1772967600;
    const auto oldest = m_moods->record(kiwi, Mood::Idyllic, startOfMarch9Auckland);
    QVERIFY2(oldest.ok(), qPrintable(oldest.error().message));
    QCOMPARE(oldest->day, QDate(2026, 3, 9));
    const auto tooOld = m_moods->record(kiwi, Mood::Idyllic, startOfMarch9Auckland - 1);
    QVERIFY(!tooOld.ok());
    QCOMPARE(tooOld.error().kind, ErrorKind::Conflict);
    QVERIFY2(tooOld.error().message.contains(u"2026-03-08"_s), qPrintable(tooOld.error().message));
}

void TestMoodService::backfillAtMostTwoPerDay()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 march10 = kNow - 5 * kDay; // 2026-03-10 12:00Z
    QVERIFY(recordAt(alice, march10 - kHour));
    QVERIFY(recordAt(alice, march10));
    const auto third = m_moods->record(alice, Mood::Gloomy, march10 + kHour);
    QVERIFY(!third.ok());
    QCOMPARE(third.error().kind, ErrorKind::Conflict);
    QVERIFY2(third.error().message.contains(u"2026-03-10"_s), qPrintable(third.error().message));
    // A past day that already has one mood can take a second.
    QVERIFY(recordAt(alice, march10 - kDay));
    QVERIFY(recordAt(alice, march10 - kDay + kHour));
    QCOMPARE(historyOf(alice).size(), 4);
}

void TestMoodService::backfillWindowOfTwoDays()
{
    const qint64 alice = newUser(u"alice"_s);
    MoodService twoDays(m_scratch.db(), *m_clock, 2);
    QCOMPARE(twoDays.backfillDays(), 2);
    const auto ok = twoDays.record(alice, Mood::Cheerful, kNow - 2 * kDay - 12 * kHour); // 2026-03-13 00:00Z
    QVERIFY2(ok.ok(), qPrintable(ok.error().message));
    QCOMPARE(ok->day, QDate(2026, 3, 13));
    const auto tooOld = twoDays.record(alice, Mood::Cheerful, kNow - 2 * kDay - 12 * kHour - 1);
    QVERIFY(!tooOld.ok());
    QCOMPARE(tooOld.error().kind, ErrorKind::Conflict);
    QVERIFY2(tooOld.error().message.contains(u"2026-03-12"_s), qPrintable(tooOld.error().message));
    // The window belongs to the service instance: the default one still accepts the 12th.
    QVERIFY(recordAt(alice, kNow - 3 * kDay));
    QCOMPARE(daysOf(alice), (QList<QDate>{QDate(2026, 3, 13), QDate(2026, 3, 12)}));
}

void TestMoodService::backfillWindowChangesWhileRunning()
{
    const qint64 alice = newUser(u"alice"_s);
    MoodService service(m_scratch.db(), *m_clock, 7);
    service.setBackfillDays(2);
    QCOMPARE(service.backfillDays(), 2);
    const auto refused = service.record(alice, Mood::Cheerful, kNow - 3 * kDay);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Conflict);
    service.setBackfillDays(3);
    const auto accepted = service.record(alice, Mood::Cheerful, kNow - 3 * kDay);
    QVERIFY2(accepted.ok(), qPrintable(accepted.error().message));
    service.setBackfillDays(-5);
    QCOMPARE(service.backfillDays(), 0);
}

void TestMoodService::backfillWindowOfZeroDays()
{
    const qint64 alice = newUser(u"alice"_s);
    MoodService todayOnly(m_scratch.db(), *m_clock, 0);
    const auto yesterday = todayOnly.record(alice, Mood::Cheerful, kNow - 12 * kHour - 1); // 23:59:59 on the 14th
    QVERIFY(!yesterday.ok());
    QCOMPARE(yesterday.error().kind, ErrorKind::Conflict);
    const auto midnight = todayOnly.record(alice, Mood::Cheerful, kNow - 12 * kHour); // 00:00:00 on the 15th
    QVERIFY2(midnight.ok(), qPrintable(midnight.error().message));
    QCOMPARE(midnight->day, QDate(2026, 3, 15));
}

void TestMoodService::pastDaysAreReadOnly()
{
    const qint64 alice = newUser(u"alice"_s);
    const auto past = m_moods->record(alice, Mood::Gloomy, kNow - kDay, u"old"_s);
    QVERIFY(past.ok());
    const auto corrected = m_moods->correct(alice, past->id, Mood::Cheerful, u"new"_s);
    QVERIFY(!corrected.ok());
    QCOMPARE(corrected.error().kind, ErrorKind::Conflict);
    QVERIFY2(corrected.error().message.contains(u"2026-03-14"_s), qPrintable(corrected.error().message));
    const Status removed = m_moods->remove(alice, past->id);
    QVERIFY(!removed.ok());
    QCOMPARE(removed.error().kind, ErrorKind::Conflict);

    // Today's entry becomes read-only once the day is over.
    const auto today = m_moods->record(alice, Mood::Humorous, kNow, u"today"_s);
    QVERIFY(today.ok());
    m_clock->advance(12 * kHour); // 2026-03-16 00:00Z
    QCOMPARE(m_moods->correct(alice, today->id, Mood::Cheerful, {}).error().kind, ErrorKind::Conflict);
    QCOMPARE(m_moods->remove(alice, today->id).error().kind, ErrorKind::Conflict);

    const QList<MoodEntry> history = historyOf(alice);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history[0].mood, Mood::Humorous);
    QCOMPARE(history[0].note, u"today"_s);
    QCOMPARE(history[1].mood, Mood::Gloomy);
    QCOMPARE(history[1].note, u"old"_s);
}

void TestMoodService::pastDayInUserTimeZoneIsReadOnly()
{
    // 10:30Z on the 15th is 23:30 on the 15th in Auckland, where it is already the 16th (01:00).
    const qint64 kiwi = newUser(u"kiwi"_s, "Pacific/Auckland");
    const auto entry = m_moods->record(kiwi, Mood::Gloomy, kNow - 90 * 60);
    QVERIFY(entry.ok());
    QCOMPARE(entry->day, QDate(2026, 3, 15));
    QCOMPARE(m_moods->correct(kiwi, entry->id, Mood::Cheerful, {}).error().kind, ErrorKind::Conflict);
    QCOMPARE(m_moods->remove(kiwi, entry->id).error().kind, ErrorKind::Conflict);
    QCOMPARE(historyOf(kiwi).size(), 1);
}

void TestMoodService::correctToday()
{
    const qint64 alice = newUser(u"alice"_s);
    const auto entry = m_moods->record(alice, Mood::Gloomy, kNow - kHour, u"meh"_s);
    QVERIFY(entry.ok());
    const auto corrected = m_moods->correct(alice, entry->id, Mood::Cheerful, u"better"_s);
    QVERIFY2(corrected.ok(), qPrintable(corrected.error().message));
    QCOMPARE(corrected->id, entry->id);
    QCOMPARE(corrected->mood, Mood::Cheerful);
    QCOMPARE(corrected->note, u"better"_s);
    QCOMPARE(corrected->at, kNow - kHour);
    QCOMPARE(corrected->day, QDate(2026, 3, 15));

    const auto tooLong = m_moods->correct(alice, entry->id, Mood::Romantic, QString(281, u'x'));
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.error().kind, ErrorKind::Invalid);

    const QList<MoodEntry> history = historyOf(alice);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0].id, entry->id);
    QCOMPARE(history[0].mood, Mood::Cheerful);
    QCOMPARE(history[0].note, u"better"_s);
    QCOMPARE(history[0].at, kNow - kHour);

    // Clearing the note works too.
    QVERIFY(m_moods->correct(alice, entry->id, Mood::Whimsical, {}).ok());
    QCOMPARE(historyOf(alice).at(0).mood, Mood::Whimsical);
    QCOMPARE(historyOf(alice).at(0).note, QString());
}

void TestMoodService::correctTodayInUserTimeZone()
{
    // 2026-03-14T15:30Z is 00:30 on the 15th in Tokyo (+9), where now (21:00) is still the 15th.
    const qint64 tokyo = newUser(u"tokyo"_s, "Asia/Tokyo");
    const auto entry = m_moods->record(tokyo, Mood::Gloomy, kNow - 20 * kHour - 30 * 60);
    QVERIFY(entry.ok());
    QCOMPARE(entry->day, QDate(2026, 3, 15));
    const auto corrected = m_moods->correct(tokyo, entry->id, Mood::Idyllic, u"sakura"_s);
    QVERIFY2(corrected.ok(), qPrintable(corrected.error().message));
    QCOMPARE(historyOf(tokyo).at(0).mood, Mood::Idyllic);
    QVERIFY(m_moods->remove(tokyo, entry->id).ok());
    QVERIFY(historyOf(tokyo).isEmpty());
}

void TestMoodService::removeToday()
{
    const qint64 alice = newUser(u"alice"_s);
    const auto first = m_moods->record(alice, Mood::Gloomy, kNow - kHour);
    const auto second = m_moods->record(alice, Mood::Cheerful, kNow);
    QVERIFY(first.ok() && second.ok());
    QVERIFY(m_moods->remove(alice, first->id).ok());
    const QList<MoodEntry> history = historyOf(alice);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0].id, second->id);
    const Status again = m_moods->remove(alice, first->id);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, ErrorKind::NotFound);
    // The freed slot can be used again.
    QVERIFY(recordAt(alice, kNow));
    QCOMPARE(historyOf(alice).size(), 2);
}

void TestMoodService::removingOnlyMoodOfTodayLowersCurrentStreak()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(recordAt(alice, kNow - 2 * kDay));
    QVERIFY(recordAt(alice, kNow - kDay));
    const auto today = m_moods->record(alice, Mood::Cheerful);
    QVERIFY(today.ok());
    QCOMPARE(streaksOf(alice), (Streaks{3, 3}));
    QVERIFY(m_moods->remove(alice, today->id).ok());
    QCOMPARE(streaksOf(alice).current, 2);                        // the run now ends yesterday
    QCOMPARE(m_users->findById(alice)->value().longestStreak, 2); // the stored longest streak follows

    const qint64 bob = newUser(u"bob"_s);
    const auto only = m_moods->record(bob, Mood::Cheerful);
    QVERIFY(only.ok());
    QCOMPARE(streaksOf(bob), (Streaks{1, 1}));
    QVERIFY(m_moods->remove(bob, only->id).ok());
    QCOMPARE(streaksOf(bob), (Streaks{0, 0}));
    QCOMPARE(m_users->findById(bob)->value().longestStreak, 0);
}

void TestMoodService::otherUsersEntryIsNotFound()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 bob = newUser(u"bob"_s);
    const auto bobs = m_moods->record(bob, Mood::Romantic, kNow, u"bob's"_s);
    QVERIFY(bobs.ok());
    const auto corrected = m_moods->correct(alice, bobs->id, Mood::Gloomy, u"hijack"_s);
    QVERIFY(!corrected.ok());
    QCOMPARE(corrected.error().kind, ErrorKind::NotFound);
    const Status removed = m_moods->remove(alice, bobs->id);
    QVERIFY(!removed.ok());
    QCOMPARE(removed.error().kind, ErrorKind::NotFound);
    QCOMPARE(m_moods->remove(alice, bobs->id + 1000).error().kind, ErrorKind::NotFound);

    const QList<MoodEntry> history = historyOf(bob);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history[0].mood, Mood::Romantic);
    QCOMPARE(history[0].note, u"bob's"_s);
    QVERIFY(historyOf(alice).isEmpty());
}

void TestMoodService::noteLength()
{
    QCOMPARE(MoodService::kMaxNoteLength, 280);
    const qint64 alice = newUser(u"alice"_s);
    const auto tooLong = m_moods->record(alice, Mood::Cheerful, std::nullopt, QString(281, u'n'));
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.error().kind, ErrorKind::Invalid);
    QVERIFY(historyOf(alice).isEmpty());
    const QString longest(280, u'n');
    const auto ok = m_moods->record(alice, Mood::Cheerful, std::nullopt, longest);
    QVERIFY2(ok.ok(), qPrintable(ok.error().message));
    QCOMPARE(historyOf(alice).at(0).note, longest);
}

void TestMoodService::historyNewestFirst()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 sameTime = kNow - 2 * kDay;
    const auto earlier = m_moods->record(alice, Mood::Gloomy, sameTime);
    const auto later = m_moods->record(alice, Mood::Cheerful, sameTime); // same timestamp, recorded later
    QVERIFY(earlier.ok() && later.ok());
    QVERIFY(recordAt(alice, kNow));
    QVERIFY(recordAt(alice, kNow - kDay));
    QVERIFY(recordAt(alice, kNow - 5 * kHour));
    QCOMPARE(timestampsOf(alice), (QList<qint64>{kNow, kNow - 5 * kHour, kNow - kDay, sameTime, sameTime}));
    const QList<MoodEntry> history = historyOf(alice);
    QCOMPARE(history[3].id, later->id);
    QCOMPARE(history[3].mood, Mood::Cheerful);
    QCOMPARE(history[4].id, earlier->id);
}

void TestMoodService::historyYearInUserTimeZone()
{
    // Now: 2027-01-03T03:00Z (12:00 in Tokyo). 2026-12-31T23:30Z is 08:30 on 2027-01-01 in Tokyo.
    m_clock->setNow(QDateTime::fromSecsSinceEpoch(1798945200, Qt::UTC));
    const qint64 tokyo = newUser(u"tokyo"_s, "Asia/Tokyo");
    constexpr qint64 newYearTokyo = 1798759800; // 2026-12-31T23:30Z
    constexpr qint64 eveTokyo = 1798725600;     // 2026-12-31T14:00Z = 23:00 on the 31st in Tokyo
    constexpr qint64 dec30 = 1798632000;        // 2026-12-30T12:00Z
    QVERIFY(recordAt(tokyo, dec30));
    QVERIFY(recordAt(tokyo, eveTokyo));
    QVERIFY(recordAt(tokyo, newYearTokyo));

    HistoryQuery query;
    query.year = 2026;
    QCOMPARE(timestampsOf(tokyo, query), (QList<qint64>{eveTokyo, dec30}));
    query.year = 2027;
    QCOMPARE(timestampsOf(tokyo, query), QList<qint64>{newYearTokyo});
    QCOMPARE(historyOf(tokyo, query).at(0).day, QDate(2027, 1, 1));
    query.year = 2025;
    QVERIFY(timestampsOf(tokyo, query).isEmpty());
    QCOMPARE(timestampsOf(tokyo).size(), 3);
}

void TestMoodService::historyLimitAndBefore()
{
    const qint64 alice = newUser(u"alice"_s);
    const QList<qint64> times{kNow, kNow - kDay, kNow - 2 * kDay, kNow - 3 * kDay, kNow - 4 * kDay};
    for (qint64 at : times)
        QVERIFY(recordAt(alice, at));

    HistoryQuery query;
    QCOMPARE(timestampsOf(alice, query), times);
    query.limit = 2;
    QCOMPARE(timestampsOf(alice, query), times.mid(0, 2));
    query.limit = 0;
    query.before = times[1];
    QCOMPARE(timestampsOf(alice, query), times.mid(2)); // strictly before
    query.limit = 1;
    QCOMPARE(timestampsOf(alice, query), times.mid(2, 1));
    query.before = times[1] + 1;
    QCOMPARE(timestampsOf(alice, query), times.mid(1, 1));
    query.before = times[4];
    QVERIFY(timestampsOf(alice, query).isEmpty());
    query = HistoryQuery();
    query.year = 2026;
    query.limit = 3;
    query.before = kNow;
    QCOMPARE(timestampsOf(alice, query), times.mid(1, 3));
}

void TestMoodService::streaksAcrossBoundaries_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDate>("first");
    QTest::addColumn<int>("days");
    QTest::newRow("month end") << QByteArray("UTC") << QDate(2026, 1, 29) << 5;
    QTest::newRow("end of February") << QByteArray("America/Los_Angeles") << QDate(2026, 2, 26) << 5;
    QTest::newRow("year end") << QByteArray("Asia/Tokyo") << QDate(2026, 12, 29) << 6;
    QTest::newRow("leap day") << QByteArray("Europe/Berlin") << QDate(2028, 2, 27) << 4;
    QTest::newRow("New York spring forward") << QByteArray("America/New_York") << QDate(2026, 3, 6) << 5;
    QTest::newRow("New York fall back") << QByteArray("America/New_York") << QDate(2026, 10, 30) << 5;
    QTest::newRow("Berlin spring forward") << QByteArray("Europe/Berlin") << QDate(2026, 3, 27) << 5;
    QTest::newRow("Berlin fall back") << QByteArray("Europe/Berlin") << QDate(2026, 10, 23) << 5;
    QTest::newRow("Auckland DST end") << QByteArray("Pacific/Auckland") << QDate(2026, 4, 3) << 5;
}

void TestMoodService::streaksAcrossBoundaries()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDate, first);
    QFETCH(int, days);
    const qint64 user = newUser(u"walker"_s, zone);
    QList<QDate> expectedDays;
    for (int i = 0; i < days; ++i) {
        const QDate day = first.addDays(i);
        // Near both ends of the local day: a fixed offset or 24-hour steps would put some on the wrong day.
        m_clock->setNow(localTime(day, i % 2 == 0 ? QTime(0, 30) : QTime(23, 30), zone));
        const auto entry = m_moods->record(user, Mood::Cheerful);
        QVERIFY2(entry.ok(), qPrintable(entry.error().message));
        QCOMPARE(entry->day, day);
        QCOMPARE(streaksOf(user), (Streaks{i + 1, i + 1}));
        expectedDays.prepend(day);
    }
    QCOMPARE(daysOf(user), expectedDays);
    const QDate last = first.addDays(days - 1);
    m_clock->setNow(localTime(last.addDays(1), QTime(23, 59), zone));
    QCOMPARE(streaksOf(user), (Streaks{days, days})); // yesterday still counts
    m_clock->setNow(localTime(last.addDays(2), QTime(0, 1), zone));
    QCOMPARE(streaksOf(user), (Streaks{0, days}));
}

void TestMoodService::streakFallsBackToZero()
{
    const qint64 alice = newUser(u"alice"_s);
    for (int day = 1; day <= 3; ++day) {
        m_clock->setNow(QDateTime(QDate(2026, 3, day), QTime(12, 0), Qt::UTC));
        QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch()));
    }
    QCOMPARE(streaksOf(alice), (Streaks{3, 3}));
    m_clock->setNow(QDateTime(QDate(2026, 3, 4), QTime(12, 0), Qt::UTC));
    QCOMPARE(streaksOf(alice), (Streaks{3, 3}));
    m_clock->setNow(QDateTime(QDate(2026, 3, 5), QTime(0, 0), Qt::UTC));
    QCOMPARE(streaksOf(alice), (Streaks{0, 3}));
    QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch()));
    QCOMPARE(streaksOf(alice), (Streaks{1, 3}));
    m_clock->setNow(QDateTime(QDate(2026, 3, 20), QTime(0, 0), Qt::UTC));
    QCOMPARE(streaksOf(alice), (Streaks{0, 3}));
}

void TestMoodService::summaryCombinesHistoryStreaksPercentile()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 bob = newUser(u"bob"_s);
    const qint64 carol = newUser(u"carol"_s);
    QVERIFY(recordAt(alice, kNow - kDay, Mood::Gloomy));
    QVERIFY(recordAt(alice, kNow, Mood::Cheerful));
    QVERIFY(recordAt(bob, kNow - 3 * kDay));

    const auto a = m_moods->summary(alice);
    QVERIFY2(a.ok(), qPrintable(a.error().message));
    QCOMPARE(a->streaks, (Streaks{2, 2}));
    QCOMPARE(a->streakPercentile, std::optional<double>(66.67)); // 2 of 3 users have a shorter longest streak
    QCOMPARE(a->history.size(), 2);
    QCOMPARE(a->history[0].at, kNow);
    QCOMPARE(a->history[0].mood, Mood::Cheerful);
    QCOMPARE(a->history[1].at, kNow - kDay);

    const auto b = m_moods->summary(bob);
    QVERIFY(b.ok());
    QCOMPARE(b->streaks, (Streaks{0, 1}));
    QCOMPARE(b->streakPercentile, std::optional<double>()); // 1 of 3: under 50, absent
    QCOMPARE(b->history.size(), 1);

    const auto c = m_moods->summary(carol);
    QVERIFY(c.ok());
    QCOMPARE(c->streaks, (Streaks{0, 0}));
    QCOMPARE(c->streakPercentile, std::optional<double>());
    QVERIFY(c->history.isEmpty());

    HistoryQuery query;
    query.limit = 1;
    const auto limited = m_moods->summary(alice, query);
    QVERIFY(limited.ok());
    QCOMPARE(limited->history.size(), 1);
    QCOMPARE(limited->streaks, (Streaks{2, 2})); // the query pages history only

    QVERIFY(!m_moods->summary(4242).ok());
}

void TestMoodService::summaryIsOneSnapshot()
{
    // A mood committed by someone else while summary() is between its reads (after the streaks, before the
    // percentile and the history) must not show in the history of a summary whose streaks do not count it.
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(newUser(u"bob"_s) > 0);
    QVERIFY(recordAt(alice, kNow - 2 * kDay));
    QVERIFY(recordAt(alice, kNow - kDay));
    const QString insertToday = u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                                " VALUES (?, 'GLOOMY', ?, '2026-03-15', '', ?)"_s;
    std::optional<Result<MoodSummary>> summary;
    bool interleaved = false;
    if (m_scratch.config().dialect == Dialect::Sqlite) {
        // SQLite readers never wait: a trace callback on this thread's connection runs the other writer, on its own
        // connection, right when the percentile statement starts.
        const QVariant handle = m_scratch.db().connection()->driver()->handle();
        QCOMPARE(handle.typeName(), "sqlite3*");
        sqlite3* connection = *static_cast<sqlite3* const*>(handle.constData());
        struct Trap {
            std::function<void()> writer;
            bool done = false;
        } trap{[&] {
                   std::unique_ptr<QThread> other(QThread::create([&] {
                       const auto db = m_scratch.db().connection();
                       interleaved = db && sql::exec(*db, insertToday, {alice, kNow, kNow}).ok();
                   }));
                   other->start();
                   other->wait();
               },
               false};
        const auto onStatement = [](unsigned, void* context, void* statement, void*) -> int {
            auto* t = static_cast<Trap*>(context);
            if (!t->done
                && QByteArray(sqlite3_sql(static_cast<sqlite3_stmt*>(statement))).contains("streak_histogram")) {
                t->done = true;
                t->writer();
            }
            return 0;
        };
        sqlite3_trace_v2(connection, SQLITE_TRACE_STMT, onStatement, &trap);
        summary = m_moods->summary(alice);
        sqlite3_trace_v2(connection, 0, nullptr, nullptr);
    } else {
        // PostgreSQL: this connection locks the histogram, so the summary (on another thread) stops at its
        // percentile; the mood is committed with the lock's release.
        QVERIFY(m_scratch.exec(u"BEGIN"_s).isActive());
        QVERIFY(m_scratch.exec(u"LOCK TABLE streak_histogram IN ACCESS EXCLUSIVE MODE"_s).isActive());
        std::unique_ptr<QThread> reader(QThread::create([&] { summary = m_moods->summary(alice); }));
        reader->start();
        QTRY_COMPARE_WITH_TIMEOUT(waitingOnHistogram(), 1, 10000);
        interleaved = m_scratch.exec(insertToday, {alice, kNow, kNow}).isActive();
        QVERIFY(m_scratch.exec(u"COMMIT"_s).isActive());
        QVERIFY(reader->wait(30000));
    }
    QVERIFY2(interleaved, "the concurrent write did not run between the reads");
    QVERIFY(summary.has_value());
    QVERIFY2(summary->ok(), qPrintable(summary->error().message));
    QCOMPARE((*summary)->streaks, (Streaks{2, 2}));
    QCOMPARE((*summary)->history.size(), 2); // the same snapshot as the streaks: without the concurrent mood
    QCOMPARE((*summary)->streakPercentile, std::optional<double>(50.0));

    const auto after = m_moods->summary(alice);
    QVERIFY(after.ok());
    QCOMPARE(after->history.size(), 3);
    QCOMPARE(after->streaks.current, 3);
}

void TestMoodService::shareMoodsWritesLogged()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(m_users->setShareLevel(alice, ShareLevel::Moods).ok());
    QVERIFY(recordAt(alice, kNow - 2 * kDay, Mood::Cheerful));
    FeedRequest request;
    const auto page = m_activities->feedOf(alice, request);
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 1);
    const Activity& logged = page->items.at(0);
    QCOMPARE(logged.actor, u"alice"_s);
    QCOMPARE(logged.verb, u"logged"_s);
    QCOMPARE(logged.object, std::optional<QString>(u"mood:CHEERFUL"_s));
    QCOMPARE(logged.datetime, QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC));

    QVERIFY(recordAt(alice, kNow - kDay, Mood::Gloomy));
    QCOMPARE(feedOf(alice), (QStringList{u"logged mood:GLOOMY"_s, u"logged mood:CHEERFUL"_s}));
    QVERIFY(recordAt(alice, kNow, Mood::Idyllic)); // third day: a milestone too
    QStringList feed = feedOf(alice);
    QCOMPARE(feed.size(), 4);
    QStringList newest = feed.mid(0, 2);
    newest.sort();
    QCOMPARE(newest, (QStringList{u"logged mood:IDYLLIC"_s, u"reached streak:3"_s}));
    QVERIFY(recordAt(alice, kNow, Mood::Romantic)); // second mood of the day: logged, no second milestone
    feed = feedOf(alice);
    QCOMPARE(feed.size(), 5);
    QCOMPARE(feed.at(0), u"logged mood:ROMANTIC"_s);
    QCOMPARE(feed.count(u"reached streak:3"_s), 1);
}

void TestMoodService::shareMilestonesWritesReachedAtThreeAndSeven()
{
    const qint64 alice = newUser(u"alice"_s); // milestones is the default share level
    const qint64 bob = newUser(u"bob"_s);
    QCOMPARE(m_users->findById(alice)->value().shareLevel, ShareLevel::Milestones);
    const QList<int> expectedCount{0, 0, 1, 1, 1, 1, 2};
    for (int i = 0; i < 7; ++i) {
        m_clock->setNow(QDateTime(QDate(2026, 4, 1 + i), QTime(9, 0), Qt::UTC));
        QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch(), Mood::Reflective));
        QCOMPARE(feedOf(alice).size(), expectedCount[i]);
        QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch() + 60, Mood::Cheerful)); // second that day
        QCOMPARE(feedOf(alice).size(), expectedCount[i]);
    }
    QCOMPARE(feedOf(alice), (QStringList{u"reached streak:7"_s, u"reached streak:3"_s}));
    FeedRequest request;
    const auto page = m_activities->feedOf(alice, request);
    QVERIFY(page.ok());
    QCOMPARE(page->items.at(1).datetime, QDateTime(QDate(2026, 4, 3), QTime(9, 0), Qt::UTC));
    QCOMPARE(page->items.at(1).actor, u"alice"_s);
    QVERIFY(feedOf(bob).isEmpty());
}

void TestMoodService::milestoneReachedByBackfill()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(recordAt(alice, kNow - 2 * kDay));
    QVERIFY(recordAt(alice, kNow));
    QCOMPARE(streaksOf(alice), (Streaks{1, 1}));
    QVERIFY(feedOf(alice).isEmpty());
    QVERIFY(recordAt(alice, kNow - kDay)); // fills the gap: the current streak jumps from 1 to 3
    QCOMPARE(streaksOf(alice), (Streaks{3, 3}));
    QCOMPARE(feedOf(alice), QStringList{u"reached streak:3"_s});
}

void TestMoodService::milestonePostedOncePerRun()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(recordAt(alice, kNow - 2 * kDay));
    QVERIFY(recordAt(alice, kNow - kDay));
    const auto today = m_moods->record(alice, Mood::Cheerful);
    QVERIFY(today.ok());
    QCOMPARE(feedOf(alice), QStringList{u"reached streak:3"_s});
    // Removing today's mood and recording it again is the same run reaching 3 again: no second post.
    for (int round = 0; round < 2; ++round) {
        const auto entries = historyOf(alice);
        QVERIFY(m_moods->remove(alice, entries.first().id).ok());
        QCOMPARE(streaksOf(alice).current, 2);
        QVERIFY(recordAt(alice, kNow, Mood::Gloomy));
        QCOMPARE(streaksOf(alice).current, 3);
        QCOMPARE(feedOf(alice), QStringList{u"reached streak:3"_s});
    }
    QSqlQuery rows = m_scratch.exec(u"SELECT milestone, run_start FROM streak_milestones WHERE user_id = ?"_s, {alice});
    QVERIFY(rows.next());
    QCOMPARE(rows.value(0).toInt(), 3);
    QCOMPARE(rows.value(1).toString(), u"2026-03-13"_s);
    QVERIFY(!rows.next());
}

void TestMoodService::milestoneOnceAcrossServersAndRestarts()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(recordAt(alice, kNow - 2 * kDay));
    QVERIFY(recordAt(alice, kNow - kDay));
    const auto today = m_moods->record(alice, Mood::Cheerful);
    QVERIFY(today.ok());
    QVERIFY(m_moods->remove(alice, today->id).ok());
    // Another server on the same database (or this one after a restart): what was posted is in the database.
    auto other = Database::open(m_scratch.config());
    QVERIFY2(other.ok(), qPrintable(other.error().message));
    MoodService otherMoods(**other, *m_clock);
    QVERIFY(otherMoods.record(alice, Mood::Idyllic).ok());
    QCOMPARE(feedOf(alice), QStringList{u"reached streak:3"_s});
}

void TestMoodService::milestoneNotRepostedWhenABackfillJoinsRuns()
{
    const qint64 alice = newUser(u"alice"_s);
    // The 10th, 11th and 12th, recorded on their days: the run reaches 3 on the 12th.
    for (int day = 10; day <= 12; ++day) {
        m_clock->setNow(QDateTime(QDate(2026, 3, day), QTime(9, 0), Qt::UTC));
        QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch()));
    }
    QCOMPARE(feedOf(alice), QStringList{u"reached streak:3"_s});
    // The 13th missed; the 14th starts a new current streak of one.
    m_clock->setNow(QDateTime(QDate(2026, 3, 14), QTime(9, 0), Qt::UTC));
    QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch()));
    QCOMPARE(streaksOf(alice), (Streaks{1, 3}));
    // Filling the 13th joins both into one run of five, which reached 3 already.
    QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch() - kDay));
    QCOMPARE(streaksOf(alice), (Streaks{5, 5}));
    QCOMPARE(feedOf(alice), QStringList{u"reached streak:3"_s});
}

void TestMoodService::milestoneOfANewRunIsPosted()
{
    const qint64 alice = newUser(u"alice"_s);
    for (int day = 1; day <= 3; ++day) {
        m_clock->setNow(QDateTime(QDate(2026, 3, day), QTime(9, 0), Qt::UTC));
        QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch()));
    }
    // The 4th missed: the run is broken; a later run of three reaches 3 of its own.
    for (int day = 5; day <= 7; ++day) {
        m_clock->setNow(QDateTime(QDate(2026, 3, day), QTime(9, 0), Qt::UTC));
        QVERIFY(recordAt(alice, m_clock->now().toSecsSinceEpoch()));
    }
    QCOMPARE(feedOf(alice), (QStringList{u"reached streak:3"_s, u"reached streak:3"_s}));
    QSqlQuery starts =
        m_scratch.exec(u"SELECT run_start FROM streak_milestones WHERE user_id = ? ORDER BY run_start"_s, {alice});
    QStringList runStarts;
    while (starts.next())
        runStarts.append(starts.value(0).toString());
    QCOMPARE(runStarts, (QStringList{u"2026-03-01"_s, u"2026-03-05"_s}));
}

void TestMoodService::shareNoneWritesNothing()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(m_users->setShareLevel(alice, ShareLevel::None).ok());
    for (int i = 6; i >= 0; --i)
        QVERIFY(recordAt(alice, kNow - i * kDay, Mood::Cheerful));
    QCOMPARE(streaksOf(alice), (Streaks{7, 7}));
    QVERIFY(feedOf(alice).isEmpty());
}

QTEST_GUILESS_MAIN(TestMoodService)
#include "TestMoodService.moc"
