#include "BoardService.h"
#include "FakeClock.h"
#include "MoodBook.h"
#include "MoodJson.h"
#include "MoodRows.h"
#include "MoodService.h"
#include "PasswordHasher.h"
#include "Schema.h"
#include "ScratchDatabase.h"
#include "TimeUtil.h"
#include "UserService.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

namespace mood {
char* toString(const Streaks& streaks)
{
    return QTest::toString(u"{current %1, longest %2}"_s.arg(streaks.current).arg(streaks.longest));
}
} // namespace mood

namespace {
constexpr qint64 kNow = 1773576000; // 2026-03-15T12:00:00Z, the FakeClock's default
constexpr qint64 kDay = 86400;
} // namespace

// The rendered histories MoodService keeps per users.mood_version (MoodHistoryCache) and the boards BoardService
// keeps: every answer is byte for byte what rendering the database afresh gives, whoever wrote the moods.
class TestMoodHistory final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void answersAsRenderedAfresh();
    void writesChangeTheKeptHistory();
    void bookMatchesRebuild();
    void anotherServerWritesAreSeen();
    void rawSqlWritesAreSeen();
    void coldWritesReadTheirHistoryFirst();
    void historyIsReadFromOneIndex();
    void timeZoneChangeRendersAgain();
    void evictionKeepsTheBudget();
    void boardFollowsEveryWriter();
    void versionStepReplays();

private:
    qint64 newUser(const QString& name, const QByteArray& zone = QByteArrayLiteral("UTC"));
    QByteArray fresh(qint64 userId, bool details);
    void compareAll(qint64 userId);

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<MoodService> m_moods;
    std::unique_ptr<BoardService> m_board;
};

void TestMoodHistory::initTestCase_data()
{
    test::addBackendRows();
}

void TestMoodHistory::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>();
    m_hasher = std::make_unique<PasswordHasher>(PasswordHasher::Strength::Minimal);
    m_users = std::make_unique<UserService>(m_scratch.db(), *m_clock, *m_hasher);
    m_moods = std::make_unique<MoodService>(m_scratch.db(), *m_clock, 30);
    m_board = std::make_unique<BoardService>(m_scratch.db());
}

void TestMoodHistory::cleanup()
{
    m_board.reset();
    m_moods.reset();
    m_users.reset();
    m_scratch.close();
}

qint64 TestMoodHistory::newUser(const QString& name, const QByteArray& zone)
{
    const auto user = m_users->registerUser(name, u"correct horse"_s);
    if (!user || !m_users->setTimeZone(user->id, zone).ok())
        return 0;
    return user->id;
}

// What GET /mood answered before there was anything to keep: the summary read and rendered now.
QByteArray TestMoodHistory::fresh(qint64 userId, bool details)
{
    const auto summary = m_moods->summary(userId);
    const auto user = m_users->findById(userId);
    if (!summary || !user || !user->has_value())
        return "error";
    return toJson(*summary, zoneOrUtc((*user)->timeZone), details);
}

void TestMoodHistory::compareAll(qint64 userId)
{
    for (bool details : {false, true}) {
        const auto json = m_moods->summaryJson(userId, details);
        QVERIFY2(json.ok(), qPrintable(json.error().message));
        QCOMPARE(*json, fresh(userId, details));
        for (int limit : {1, 2, 5, 1000}) {
            HistoryQuery query;
            query.limit = limit;
            const auto summary = m_moods->summary(userId, query);
            const auto user = m_users->findById(userId);
            QVERIFY(summary.ok() && user.ok() && user->has_value());
            QCOMPARE(m_moods->summaryJson(userId, details, limit).value(),
                     toJson(*summary, zoneOrUtc((*user)->timeZone), details));
        }
    }
}

void TestMoodHistory::answersAsRenderedAfresh()
{
    // New York: the span crosses the DST change of 2026-03-08; two moods a day, equal timestamps.
    const qint64 alice = newUser(u"alice"_s, "America/New_York");
    QVERIFY(newUser(u"bob"_s) > 0);
    for (int back = 20; back >= 0; --back) {
        QVERIFY(m_moods->record(alice, back % 2 ? Mood::Gloomy : Mood::Idyllic, kNow - back * kDay, u"n\"ote"_s).ok());
        if (back % 3 == 0)
            QVERIFY(m_moods->record(alice, Mood::Romantic, kNow - back * kDay).ok());
    }
    compareAll(alice);
    QVERIFY(m_moods->historyCache().count() == 2); // both variants kept
    compareAll(alice);                             // and answered from what was kept
    const qint64 carol = newUser(u"carol"_s);
    compareAll(carol); // no moods at all
}

void TestMoodHistory::writesChangeTheKeptHistory()
{
    const qint64 alice = newUser(u"alice"_s, "Europe/Berlin");
    for (int back = 10; back >= 2; back -= 2)
        QVERIFY(m_moods->record(alice, Mood::Cheerful, kNow - back * kDay).ok());
    compareAll(alice); // both variants are kept now: each write changes both

    const auto check = [&](const Result<MoodWrite>& written, bool details) {
        QVERIFY2(written.ok(), qPrintable(written.error().message));
        QCOMPARE(written->json, fresh(alice, details));
        compareAll(alice);
    };
    // Newest, then back-filled into the middle and onto the oldest end.
    check(m_moods->recordAndRender(alice, Mood::Gloomy, kNow, u"first"_s, false), false);
    check(m_moods->recordAndRender(alice, Mood::Whimsical, kNow - 3 * kDay, {}, true), true);
    check(m_moods->recordAndRender(alice, Mood::Humorous, kNow - 20 * kDay, {}, false), false);
    const auto same = m_moods->recordAndRender(alice, Mood::Reflective, kNow, u"same second"_s, true);
    check(same, true);
    QCOMPARE(m_moods->recordAndRender(alice, Mood::Reflective, kNow, {}, false).error().kind, ErrorKind::Conflict);
    compareAll(alice);
    check(m_moods->correctAndRender(alice, same->entry.id, Mood::Melancholy, u"changed"_s, true), true);
    const auto history = m_moods->history(alice);
    QVERIFY(history.ok());
    QCOMPARE(history->at(0).id, same->entry.id);
    QVERIFY(m_moods->remove(alice, history->at(1).id).ok()); // the older of today's two: from the middle
    compareAll(alice);
    QVERIFY(m_moods->remove(alice, same->entry.id).ok()); // the newest
    compareAll(alice);
    const auto streaks = m_moods->streaks(alice);
    QVERIFY(streaks.ok());
    QCOMPARE(streaks->current, 0); // nothing today, nothing yesterday
}

void TestMoodHistory::bookMatchesRebuild()
{
    // Every change of a book gives the bytes and streaks of a book built from the changed history.
    const QByteArray zone = "Europe/London";
    QList<MoodEntry> history; // newest first
    const auto add = [&](qint64 id, qint64 at, Mood mood) {
        MoodEntry entry{id, mood, at, localDate(at, zoneOrUtc(zone)), u"note %1"_s.arg(id)};
        const auto it = std::find_if(history.begin(), history.end(),
                                     [&](const MoodEntry& e) { return e.at < at || (e.at == at && e.id < id); });
        history.insert(it, entry);
        return entry;
    };
    for (bool details : {false, true}) {
        history.clear();
        MoodBook book = MoodBook::build(7, zone, details, history);
        quint32 seed = 12345;
        const auto next = [&seed](quint32 bound) {
            seed = seed * 1103515245U + 12345U;
            return (seed >> 8) % bound;
        };
        for (qint64 id = 1; id <= 300; ++id) {
            const quint32 op = next(10);
            if (op < 3 && !history.isEmpty()) {
                const MoodEntry gone = history.at(next(static_cast<quint32>(history.size())));
                history.removeIf([&](const MoodEntry& e) { return e.id == gone.id; });
                QVERIFY(book.remove(gone.id));
            } else if (op < 4 && !history.isEmpty()) {
                MoodEntry changed = history.at(next(static_cast<quint32>(history.size())));
                changed.mood = Mood::Whimsical;
                changed.note = u"changed"_s;
                std::replace_if(
                    history.begin(), history.end(), [&](const MoodEntry& e) { return e.id == changed.id; }, changed);
                QVERIFY(book.replace(changed));
            } else {
                const qint64 at = kNow - static_cast<qint64>(next(60)) * kDay / 2 - (next(2) ? 0 : 3600);
                book.insert(add(id, at, allMoods().at(next(8))));
            }
            const MoodBook built = MoodBook::build(7, zone, details, history);
            QCOMPARE(book.json(), built.json());
            QCOMPARE(book.size(), history.size());
            QList<QDate> days;
            for (const MoodEntry& e : std::as_const(history))
                days.append(e.day);
            for (qint64 back : {0, 1, 2, 5}) {
                const QDate today = QDate(2026, 3, 15).addDays(-back);
                QCOMPARE(book.streaks(today), computeStreaks(days, today));
                QCOMPARE(book.countOn(today), static_cast<int>(days.count(today)));
            }
        }
        QVERIFY(!book.remove(100000));
    }
}

void TestMoodHistory::anotherServerWritesAreSeen()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(m_moods->record(alice, Mood::Cheerful, kNow - kDay).ok());
    compareAll(alice);

    // A second server on the same database: its own connections, its own kept histories.
    auto second = Database::open(m_scratch.config());
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().message));
    {
        MoodService other(**second, *m_clock, 30);
        QVERIFY(other.record(alice, Mood::Gloomy, kNow).ok());
        compareAll(alice);
        const auto history = m_moods->history(alice);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2);
        // A write here that starts from the history kept before the other server wrote: not from the stale one.
        const auto written = m_moods->recordAndRender(alice, Mood::Romantic, kNow - 2 * kDay, {}, false);
        QVERIFY(written.ok());
        QCOMPARE(written->json, fresh(alice, false));
        QVERIFY(other.remove(alice, history->first().id).ok());
        compareAll(alice);
        const auto answer = other.summaryJson(alice, false);
        QVERIFY(answer.ok());
        QCOMPARE(*answer, fresh(alice, false));
    }
    second->reset();
}

void TestMoodHistory::rawSqlWritesAreSeen()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(m_moods->record(alice, Mood::Cheerful, kNow - kDay).ok());
    compareAll(alice);
    QVERIFY(m_scratch
                .exec(u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                      " VALUES (?, 'GLOOMY', ?, '2026-03-15', 'raw', ?)"_s,
                      {alice, kNow, kNow})
                .isActive());
    compareAll(alice);
    QVERIFY(m_scratch.exec(u"UPDATE moods SET mood = 'IDYLLIC' WHERE note = 'raw'"_s).isActive());
    compareAll(alice);
    QVERIFY(m_scratch.exec(u"DELETE FROM moods WHERE note = 'raw'"_s).isActive());
    compareAll(alice);
    // And a write after the raw ones starts from what is in the database.
    const auto written = m_moods->recordAndRender(alice, Mood::Humorous, kNow, {}, false);
    QVERIFY(written.ok());
    QCOMPARE(written->json, fresh(alice, false));
}

// A write with no kept history reads it in a snapshot before its transaction (MoodService::prefetch); one with a
// kept history that is stale (another writer) reads it again inside. Either way the answer is the database's.
void TestMoodHistory::coldWritesReadTheirHistoryFirst()
{
    const qint64 alice = newUser(u"alice"_s);
    for (int back = 9; back >= 1; --back)
        QVERIFY(m_moods->record(alice, Mood::Cheerful, kNow - back * kDay, u"day %1"_s.arg(back)).ok());
    m_moods->historyCache().clear();
    MoodHistoryCache& cache = m_moods->historyCache();

    qint64 hits = cache.hits();
    auto written = m_moods->recordAndRender(alice, Mood::Gloomy, kNow - 3600, {}, false);
    QVERIFY2(written.ok(), qPrintable(written.error().message));
    QCOMPARE(cache.hits(), hits + 1); // the write found the book read before it began
    QCOMPARE(written->json, fresh(alice, false));
    QVERIFY(written->json.contains("\"currentStreak\":10"));
    QCOMPARE(m_moods->historyCache().count(), 1); // the book read first, with the write in it
    QCOMPARE(m_moods->summaryJson(alice, false).value(), fresh(alice, false));

    // Kept but stale: a raw write counted the version up after the book was kept.
    QVERIFY(m_scratch
                .exec(u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                      " VALUES (?, 'IDYLLIC', ?, '2026-03-04', 'raw', ?)"_s,
                      {alice, kNow - 11 * kDay, kNow})
                .isActive());
    hits = cache.hits();
    written = m_moods->recordAndRender(alice, Mood::Romantic, kNow - 10 * kDay, {}, false);
    QVERIFY2(written.ok(), qPrintable(written.error().message));
    QCOMPARE(cache.hits(), hits); // the stale book was not handed out
    QCOMPARE(written->json, fresh(alice, false));
    QVERIFY(written->json.contains("\"longestStreak\":12"));

    // The other variant is not kept yet: read first too, and both are kept afterwards.
    hits = cache.hits();
    written = m_moods->recordAndRender(alice, Mood::Humorous, kNow, u"second today"_s, true);
    QVERIFY2(written.ok(), qPrintable(written.error().message));
    QCOMPARE(cache.hits(), hits + 2); // the kept variant and the one read first
    QCOMPARE(written->json, fresh(alice, true));
    QCOMPARE(cache.count(), 2);

    // A refused write keeps the book it read: it is the committed state's.
    m_moods->historyCache().clear();
    const auto refused = m_moods->recordAndRender(alice, Mood::Gloomy, kNow, {}, false);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Conflict);
    QCOMPARE(m_moods->historyCache().count(), 1);
    compareAll(alice);
}

// Schema step 12: a user's history comes from moods_user_history alone, in the order it is answered in (no sort),
// and the index it replaced is gone.
void TestMoodHistory::historyIsReadFromOneIndex()
{
    const qint64 alice = newUser(u"alice"_s);
    for (int back = 3; back >= 0; --back)
        QVERIFY(m_moods->record(alice, Mood::Cheerful, kNow - back * kDay, u"note %1"_s.arg(back)).ok());
    compareAll(alice);
    const bool sqlite = m_scratch.db().dialect() == Dialect::Sqlite;
    const QString history = u"SELECT "_s + moodrows::kEntryColumns
        + u" FROM moods WHERE user_id = %1"
          " ORDER BY at_epoch DESC, id DESC"_s.arg(alice);
    if (!sqlite) {
        // A table of four rows: else a Seq Scan. VACUUM sets the visibility map an index-only scan relies on.
        QVERIFY(m_scratch.exec(u"VACUUM ANALYZE moods"_s).isActive());
        QVERIFY(m_scratch.exec(u"SET enable_seqscan = off"_s).isActive());
        QVERIFY(m_scratch.exec(u"SET enable_bitmapscan = off"_s).isActive());
    }
    QSqlQuery explained = m_scratch.exec((sqlite ? u"EXPLAIN QUERY PLAN "_s : u"EXPLAIN "_s) + history);
    QStringList lines;
    while (explained.next())
        lines.append(explained.value(sqlite ? 3 : 0).toString());
    explained.finish();
    if (!sqlite) {
        QVERIFY(m_scratch.exec(u"RESET enable_seqscan"_s).isActive());
        QVERIFY(m_scratch.exec(u"RESET enable_bitmapscan"_s).isActive());
    }
    const QString plan = lines.join(u'\n');
    QVERIFY2(plan.contains(sqlite ? u"USING COVERING INDEX moods_user_history"_s
                                  : u"Index Only Scan Backward using moods_user_history"_s),
             qPrintable(plan));
    QVERIFY2(!plan.contains(sqlite ? u"TEMP B-TREE"_s : u"Sort"_s), qPrintable(plan));
    QSqlQuery replaced = m_scratch.exec(
        sqlite
            ? u"SELECT COUNT(*) FROM sqlite_master WHERE name = 'moods_user_time'"_s
            : u"SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'moods_user_time' AND schemaname = current_schema()"_s);
    QVERIFY(replaced.next());
    QCOMPARE(replaced.value(0).toLongLong(), qint64(0));
}

void TestMoodHistory::timeZoneChangeRendersAgain()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(m_moods->record(alice, Mood::Cheerful, kNow - kDay).ok());
    compareAll(alice);
    QVERIFY(m_users->setTimeZone(alice, "Asia/Tokyo").ok());
    compareAll(alice);
    QVERIFY(m_moods->summaryJson(alice, false)->contains("at 09:00 PM"));
}

void TestMoodHistory::evictionKeepsTheBudget()
{
    QList<qint64> users;
    for (int i = 0; i < 5; ++i) {
        users.append(newUser(u"user%1"_s.arg(i)));
        for (int back = 0; back < 5; ++back)
            QVERIFY(m_moods->record(users.last(), Mood::Cheerful, kNow - back * kDay).ok());
    }
    m_moods->historyCache().clear(); // the writes kept books of their own
    QVERIFY(m_moods->summaryJson(users.first(), false).ok());
    const qsizetype one = m_moods->historyCache().usedBytes();
    QVERIFY(one > 0);
    m_moods->historyCache().setBudget(2 * one + one / 2); // room for two
    for (qint64 user : std::as_const(users)) {
        const auto json = m_moods->summaryJson(user, false);
        QVERIFY(json.ok());
        QCOMPARE(*json, fresh(user, false));
        QVERIFY(m_moods->historyCache().usedBytes() <= 2 * one + one / 2);
        QVERIFY(m_moods->historyCache().count() <= 2);
    }
    QCOMPARE(m_moods->historyCache().count(), 2);
    // The least recently used went first: the first user is answered afresh, and correctly.
    compareAll(users.first());
    m_moods->historyCache().setBudget(1); // nothing fits: every answer is rendered afresh
    QCOMPARE(m_moods->historyCache().count(), 0);
    compareAll(users.last());
    QCOMPARE(m_moods->historyCache().count(), 0);
}

void TestMoodHistory::boardFollowsEveryWriter()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(m_moods->record(alice, Mood::Cheerful, kNow - kDay).ok());
    const auto freshBoard = [&] { return toJson(YearBoard{2026, m_board->board(alice, 2026).value()}); };
    QCOMPARE(m_board->boardJson(alice, 2026).value(), freshBoard());
    QCOMPARE(m_board->boardJson(alice, 2026).value(), freshBoard()); // kept
    QVERIFY(m_scratch
                .exec(u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                      " VALUES (?, 'GLOOMY', ?, '2026-03-15', 'raw', ?)"_s,
                      {alice, kNow, kNow})
                .isActive());
    QCOMPARE(m_board->boardJson(alice, 2026).value(), freshBoard());
    QVERIFY(m_board->boardJson(alice, 2026)->contains("GLOOMY"));
    auto second = Database::open(m_scratch.config());
    QVERIFY(second.ok());
    {
        MoodService other(**second, *m_clock, 30);
        QVERIFY(other.record(alice, Mood::Whimsical, kNow - 2 * kDay).ok());
    }
    second->reset();
    QCOMPARE(m_board->boardJson(alice, 2026).value(), freshBoard());
    QVERIFY(m_board->boardJson(alice, 2026)->contains("WHIMSICAL"));
    QCOMPARE(m_board->boardJson(alice, 2025).value(), QByteArray(R"({"year":2025,"days":[]})"));
}

void TestMoodHistory::versionStepReplays()
{
    // Step 10 may run again on a database that has it (tests replay steps): nothing fails, nothing doubles.
    const qint64 alice = newUser(u"alice"_s);
    const auto connection = m_scratch.db().connection();
    QVERIFY(connection.ok());
    QVERIFY(sql::exec(*connection, u"UPDATE meta SET meta_value = '9' WHERE meta_key = 'schema_version'"_s).ok());
    const Status migrated = Schema::migrate(*connection, m_scratch.db().dialect());
    QVERIFY2(migrated.ok(), qPrintable(migrated.ok() ? QString() : migrated.error().message));
    QCOMPARE(*Schema::version(*connection), Schema::kVersion);
    const auto versionOf = [&] {
        return *sql::scalar(*connection, u"SELECT mood_version FROM users WHERE id = ?"_s, {alice});
    };
    const qint64 before = versionOf();
    QVERIFY(m_moods->record(alice, Mood::Cheerful, kNow).ok());
    QCOMPARE(versionOf(), before + 1); // one trigger, counted once
    QVERIFY(m_scratch.exec(u"UPDATE moods SET note = 'x' WHERE user_id = ?"_s, {alice}).isActive());
    QCOMPARE(versionOf(), before + 2);
    QVERIFY(m_scratch.exec(u"DELETE FROM moods WHERE user_id = ?"_s, {alice}).isActive());
    QCOMPARE(versionOf(), before + 3);
    compareAll(alice);
}

QTEST_GUILESS_MAIN(TestMoodHistory)
#include "TestMoodHistory.moc"
