#include "MoodService.h"

#include "ActivityStore.h"
#include "MoodRows.h"
#include "StreakRanking.h"
#include "ThreadTransaction.h"
#include "TimeUtil.h"
#include "User.h"

#include <array>
#include <mutex>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
using moodrows::historyIn;
using moodrows::UserRow;

Status validateNote(const QString& note)
{
    if (note.size() > MoodService::kMaxNoteLength)
        return Error{ErrorKind::Invalid, u"a note is at most %1 characters long"_s.arg(MoodService::kMaxNoteLength)};
    return success();
}

// The streaks as stored: the days entries were given when recorded, today in the user's zone of now.
Result<Streaks> streaksIn(const Database& database, const QSqlDatabase& db, const Clock& clock, qint64 userId)
{
    const auto user = moodrows::readUser(database, db, userId);
    if (!user)
        return user.error();
    const auto days = moodrows::daysOf(db, userId);
    if (!days)
        return days.error();
    const QDate today = localDate(clock.now().toSecsSinceEpoch(), user->zone);
    return computeStreaks(*days, today);
}

} // namespace

MoodService::MoodService(const Database& database, const Clock& clock, int backfillDays)
    : m_database(database)
    , m_clock(clock)
    , m_backfillDays(std::max(0, backfillDays))
{
}

Result<MoodEntry> MoodService::record(qint64 userId, Mood mood, std::optional<qint64> at, const QString& note)
{
    const auto written = recordImpl(userId, mood, at, note, Answer{});
    if (!written)
        return written.error();
    return written->entry;
}

Result<MoodWrite> MoodService::recordAndSummarize(qint64 userId, Mood mood, std::optional<qint64> at,
                                                  const QString& note, const HistoryQuery& query)
{
    return recordImpl(userId, mood, at, note, Answer{&query, false, false});
}

Result<MoodWrite> MoodService::recordAndRender(qint64 userId, Mood mood, std::optional<qint64> at, const QString& note,
                                               bool details)
{
    return recordImpl(userId, mood, at, note, Answer{nullptr, true, details});
}

template <typename Fn>
Result<MoodWrite> MoodService::writeKeeping(qint64 userId, bool details, Fn&& fn)
{
    // Inside a caller's transaction (an Idempotency-Key's scope) COMMIT comes later, out of sight: nothing of it is
    // kept. The lock is taken only outside one, before BEGIN, so it never waits while holding a database lock.
    const bool nested = detail::threadTransaction(&m_database) != nullptr;
    if (!nested)
        prefetch(userId, details);
    std::unique_lock<QMutex> lock(m_writeLocks[static_cast<std::size_t>(userId) % m_writeLocks.size()],
                                  std::defer_lock);
    if (!nested)
        lock.lock();
    Books books;
    auto written = m_database.write([&](const QSqlDatabase& db) -> Result<MoodWrite> {
        books = {};
        return fn(db, books);
    });
    // Books the write did not change (it was refused) are still those of the committed state they were read at.
    if (!nested && (written || !books.changed)) {
        for (auto& book : {books.wanted, books.other}) {
            if (book)
                m_cache.store(userId, book);
        }
    }
    return written;
}

namespace {
// A book the write may change in place: the cache's own, taken out of it, when nobody still reads it; else a copy.
std::shared_ptr<MoodBook> own(std::shared_ptr<const MoodBook> book)
{
    if (!book)
        return nullptr;
    if (book.use_count() == 1) {
        std::atomic_thread_fence(std::memory_order_acquire); // after the last reader let go
        return std::const_pointer_cast<MoodBook>(book);      // every book is made non-const (make_shared<MoodBook>)
    }
    return std::make_shared<MoodBook>(*book);
}
} // namespace

Result<MoodService::Books> MoodService::booksIn(const QSqlDatabase& db, qint64 userId, qint64 version,
                                                const QByteArray& zoneId, bool details) const
{
    // Part of a caller's transaction (writeKeeping keeps nothing then): the cache's books are only read.
    const detail::ThreadTransaction* tx = detail::threadTransaction(&m_database);
    const bool nested = tx && (tx->scope || tx->savepoints > 0);
    Books books;
    const auto cached = [&](bool variant) -> std::shared_ptr<MoodBook> {
        if (!nested)
            return own(m_cache.take(userId, variant, version, zoneId));
        const auto kept = m_cache.find(userId, variant, version, zoneId);
        return kept ? std::make_shared<MoodBook>(*kept) : nullptr;
    };
    books.other = cached(!details);
    books.wanted = cached(details);
    if (books.wanted)
        return books;
    const auto history = historyIn(m_database, db, userId, {});
    if (!history)
        return history.error();
    books.wanted = std::make_shared<MoodBook>(MoodBook::build(version, zoneId, details, *history));
    return books;
}

Result<QByteArray> MoodService::answerJson(const QSqlDatabase& db, const MoodBook& book, const QDate& today,
                                           int limit) const
{
    const Streaks streaks = book.streaks(today);
    const auto percentile = StreakRanking::percentileIn(m_database, db, streaks.longest);
    if (!percentile)
        return percentile.error();
    return moodrows::summaryJson(streaks, *percentile, book.newest(limit));
}

Result<MoodWrite> MoodService::recordImpl(qint64 userId, Mood mood, std::optional<qint64> at, const QString& note,
                                          const Answer& answer)
{
    if (Status ok = validateNote(note); !ok)
        return ok.error();
    const QDateTime now = m_clock.now();
    const qint64 nowSeconds = now.toSecsSinceEpoch();
    const qint64 timestamp = at.value_or(nowSeconds);
    if (timestamp > nowSeconds + kFutureToleranceSeconds)
        return Error{ErrorKind::Invalid, u"timestamp %1 is more than 5 minutes in the future"_s.arg(timestamp)};

    return writeKeeping(userId, answer.details, [&](const QSqlDatabase& db, Books& books) -> Result<MoodWrite> {
        MoodEntry entry;
        entry.mood = mood;
        entry.at = timestamp;
        entry.note = note;
        const auto user = moodrows::readUser(m_database, db, userId, m_database.forUpdate());
        if (!user)
            return user.error();
        entry.day = localDate(entry.at, user->zone);
        const QDate today = localDate(nowSeconds, user->zone);
        // So far in the past that no calendar holds it (QDate::daysTo would say 0), or before year 1 (no ISO text).
        if (!entry.day.isValid() || entry.day.year() < 1) {
            return Error{
                ErrorKind::Conflict,
                u"timestamp %1 is past the back-fill window: missed days can be filled for %2 days"_s.arg(entry.at).arg(
                    m_backfillDays.load())};
        }
        const QString dayText = entry.day.toString(Qt::ISODate);
        if (entry.day.daysTo(today) > m_backfillDays.load()) {
            return Error{ErrorKind::Conflict,
                         u"%1 is past the back-fill window: missed days can be filled for %2 days"_s.arg(dayText).arg(
                             m_backfillDays.load())};
        }
        // The user's row is locked: the book read at its version is what this transaction sees.
        auto found = booksIn(db, userId, user->moodVersion, user->zoneId, answer.details);
        if (!found)
            return found.error();
        books = std::move(found).value();
        if (books.wanted->countOn(entry.day) >= kMaxPerDay)
            return Error{ErrorKind::Conflict, u"%1 already has two moods: at most two moods per day"_s.arg(dayText)};
        const int currentBefore = books.wanted->streaks(today).current;
        books.changed = true;

        {
            auto inserted = m_database.rows(db,
                                            u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                                            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id"_s,
                                            {userId, moodName(mood), entry.at, dayText, note, nowSeconds});
            if (!inserted)
                return inserted.error();
            if (Status returned =
                    inserted->nextOr(Error{ErrorKind::Storage, u"database error: no id for the new mood"_s});
                !returned)
                return returned.error();
            entry.id = inserted->integer(0); // SQLite applied the insert at the first step; the statement resets here
        }
        for (auto& book : {books.wanted, books.other}) {
            if (book) {
                book->insert(entry);
                book->setVersion(user->moodVersion + 1); // the insert's trigger counted it up once
            }
        }
        const Streaks after = books.wanted->streaks(today);
        if (Status ranked = StreakRanking::moveLongest(m_database, db, userId, user->longestStreak, after.longest);
            !ranked)
            return ranked.error();

        // Written whatever the share level: the feed applies the level when it is read (ActivityStore).
        if (Status a =
                ActivityStore::appendIn(m_database, db, userId, verbs::logged, u"mood:"_s + moodName(mood), {}, now);
            !a)
            return a.error();
        if (Status posted = moodrows::postMilestones(m_database, db, userId, books.wanted->hasDay(today), today,
                                                     currentBefore, after.current, now);
            !posted)
            return posted.error();
        MoodWrite written{entry, {}, {}};
        if (answer.query) {
            auto summary = summaryIn(db, userId, *answer.query);
            if (!summary)
                return summary.error();
            written.summary = std::move(summary).value();
        }
        if (answer.json) {
            auto json = answerJson(db, *books.wanted, today);
            if (!json)
                return json.error();
            written.json = std::move(json).value();
        }
        return written;
    });
}

Result<MoodEntry> MoodService::correct(qint64 userId, qint64 entryId, Mood mood, const QString& note)
{
    if (Status ok = validateNote(note); !ok)
        return ok.error();
    const auto written = editToday(userId, entryId, mood, note, Answer{});
    if (!written)
        return written.error();
    return written->entry;
}

Result<MoodWrite> MoodService::correctAndSummarize(qint64 userId, qint64 entryId, Mood mood, const QString& note,
                                                   const HistoryQuery& query)
{
    if (Status ok = validateNote(note); !ok)
        return ok.error();
    return editToday(userId, entryId, mood, note, Answer{&query, false, false});
}

Result<MoodWrite> MoodService::correctAndRender(qint64 userId, qint64 entryId, Mood mood, const QString& note,
                                                bool details)
{
    if (Status ok = validateNote(note); !ok)
        return ok.error();
    return editToday(userId, entryId, mood, note, Answer{nullptr, true, details});
}

Status MoodService::remove(qint64 userId, qint64 entryId)
{
    const auto removed = editToday(userId, entryId, std::nullopt, {}, Answer{});
    return removed ? success() : Status(removed.error());
}

Result<MoodWrite> MoodService::editToday(qint64 userId, qint64 entryId, std::optional<Mood> replacement,
                                         const QString& note, const Answer& answer)
{
    return writeKeeping(userId, answer.details, [&](const QSqlDatabase& db, Books& books) -> Result<MoodWrite> {
        const auto user = moodrows::readUser(m_database, db, userId, m_database.forUpdate());
        if (!user)
            return user.error();
        auto q = m_database.prepared(
            db, u"SELECT "_s + moodrows::kEntryColumns + u" FROM moods WHERE id = ? AND user_id = ?"_s,
            {entryId, userId});
        if (!q)
            return q.error();
        if (!(*q)->next())
            return Error{ErrorKind::NotFound, u"no mood entry %1"_s.arg(entryId)};
        MoodEntry entry = moodrows::entryFromRow(**q);
        (*q)->finish();
        const QDate today = localDate(m_clock.now().toSecsSinceEpoch(), user->zone);
        if (entry.day < today) {
            return Error{
                ErrorKind::Conflict,
                u"%1 is a past day: its moods can no longer be changed"_s.arg(entry.day.toString(Qt::ISODate))};
        }
        auto found = booksIn(db, userId, user->moodVersion, user->zoneId, answer.details);
        if (!found)
            return found.error();
        books = std::move(found).value();
        books.changed = true;

        if (replacement) {
            entry.mood = *replacement;
            entry.note = note;
            if (auto done = sql::exec(db, u"UPDATE moods SET mood = ?, note = ? WHERE id = ?"_s,
                                      {moodName(entry.mood), entry.note, entryId});
                !done)
                return done.error();
        } else {
            if (auto done = m_database.prepared(db, u"DELETE FROM moods WHERE id = ?"_s, {entryId}); !done)
                return done.error();
        }
        for (auto& book : {books.wanted, books.other}) {
            if (!book)
                continue;
            if (!(replacement ? book->replace(entry) : book->remove(entryId)))
                return Error{ErrorKind::Storage, u"database error: mood entry %1 not in its history"_s.arg(entryId)};
            book->setVersion(user->moodVersion + 1); // the statement's trigger counted it up once
        }
        if (!replacement) {
            const int longest = books.wanted->streaks(today).longest;
            if (Status ranked = StreakRanking::moveLongest(m_database, db, userId, user->longestStreak, longest);
                !ranked)
                return ranked.error();
        }
        MoodWrite written{entry, {}, {}};
        if (answer.query) {
            auto summary = summaryIn(db, userId, *answer.query);
            if (!summary)
                return summary.error();
            written.summary = std::move(summary).value();
        }
        if (answer.json) {
            auto json = answerJson(db, *books.wanted, today);
            if (!json)
                return json.error();
            written.json = std::move(json).value();
        }
        return written;
    });
}

Result<QList<MoodEntry>> MoodService::history(qint64 userId, const HistoryQuery& query) const
{
    return m_database.read([&](const QSqlDatabase& db) { return historyIn(m_database, db, userId, query); });
}

Result<Streaks> MoodService::streaks(qint64 userId) const
{
    return m_database.snapshot([&](const QSqlDatabase& db) { return streaksIn(m_database, db, m_clock, userId); });
}

Result<MoodSummary> MoodService::summary(qint64 userId, const HistoryQuery& query) const
{
    return m_database.snapshot([&](const QSqlDatabase& db) { return summaryIn(db, userId, query); });
}

Result<QByteArray> MoodService::summaryJson(qint64 userId, bool details, int limit) const
{
    std::shared_ptr<const MoodBook> read; // from this snapshot, kept once it is over
    auto json = m_database.snapshot([&](const QSqlDatabase& db) -> Result<QByteArray> {
        read.reset();
        // The version is read first, in the same snapshot as everything after it.
        const auto user = moodrows::readUser(m_database, db, userId);
        if (!user)
            return user.error();
        const auto book = bookIn(db, userId, user->moodVersion, user->zoneId, details, read);
        if (!book)
            return book.error();
        return answerJson(db, **book, localDate(m_clock.now().toSecsSinceEpoch(), user->zone), limit);
    });
    if (json && read)
        m_cache.store(userId, read);
    return json;
}

Result<std::shared_ptr<const MoodBook>> MoodService::bookIn(const QSqlDatabase& db, qint64 userId, qint64 version,
                                                            const QByteArray& zoneId, bool details,
                                                            std::shared_ptr<const MoodBook>& read) const
{
    if (auto book = m_cache.find(userId, details, version, zoneId))
        return book;
    const auto history = historyIn(m_database, db, userId, {});
    if (!history)
        return history.error();
    read = std::make_shared<MoodBook>(MoodBook::build(version, zoneId, details, *history));
    return read;
}

void MoodService::prefetch(qint64 userId, bool details) const
{
    if (m_cache.holds(userId, details))
        return;
    std::shared_ptr<const MoodBook> read;
    // A failure is the write's to report: it reads again.
    const auto done = m_database.snapshot([&](const QSqlDatabase& db) -> Status {
        read.reset();
        const auto user = moodrows::readUser(m_database, db, userId);
        if (!user)
            return user.error();
        const auto book = bookIn(db, userId, user->moodVersion, user->zoneId, details, read);
        return book ? success() : Status(book.error());
    });
    if (done && read)
        m_cache.store(userId, read);
}

Result<MoodSummary> MoodService::summaryIn(const QSqlDatabase& db, qint64 userId, const HistoryQuery& query) const
{
    MoodSummary summary;
    const auto streaks = streaksIn(m_database, db, m_clock, userId);
    if (!streaks)
        return streaks.error();
    summary.streaks = *streaks;
    const auto percentile = StreakRanking::percentileIn(db, streaks->longest);
    if (!percentile)
        return percentile.error();
    summary.streakPercentile = *percentile;
    auto entries = historyIn(m_database, db, userId, query);
    if (!entries)
        return entries.error();
    summary.history = std::move(entries).value();
    return summary;
}

} // namespace mood
