#include "MoodService.h"

#include "ActivityStore.h"
#include "StreakRanking.h"
#include "TimeUtil.h"
#include "User.h"

#include <array>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
constexpr std::array<int, 6> kMilestones{3, 7, 14, 30, 100, 365};

struct LockedUser {
    QTimeZone zone;
    ShareLevel shareLevel = ShareLevel::Milestones;
};

// Reads the user inside a write transaction, locking the row on PostgreSQL so that one user's writes
// (two-per-day limit, streaks) are serialised; SQLite's BEGIN IMMEDIATE already serialises all writers.
Result<LockedUser> lockUser(const Database& database, const QSqlDatabase& db, qint64 userId)
{
    auto q = sql::exec(db, u"SELECT timezone, share_level FROM users WHERE id = ?"_s + database.forUpdate(), {userId});
    if (!q)
        return q.error();
    if (!q->next())
        return Error{ErrorKind::NotFound, u"no such user"_s};
    LockedUser user{zoneOrUtc(q->value(0).toString().toUtf8()),
                    shareLevelFromName(q->value(1).toString()).value_or(ShareLevel::Milestones)};
    return user;
}

Result<QList<QDate>> daysOf(const QSqlDatabase& db, qint64 userId)
{
    auto q = sql::exec(db, u"SELECT DISTINCT local_day FROM moods WHERE user_id = ?"_s, {userId});
    if (!q)
        return q.error();
    QList<QDate> days;
    while (q->next())
        days.append(QDate::fromString(q->value(0).toString(), Qt::ISODate));
    return days;
}

MoodEntry entryFromRow(const QSqlQuery& q)
{
    MoodEntry entry;
    entry.id = q.value(0).toLongLong();
    entry.mood = moodFromName(q.value(1).toString()).value_or(Mood::Reflective);
    entry.at = q.value(2).toLongLong();
    entry.day = QDate::fromString(q.value(3).toString(), Qt::ISODate);
    entry.note = q.value(4).toString();
    return entry;
}

const QString kEntryColumns = u"id, mood, at_epoch, local_day, note"_s;

Status validateNote(const QString& note)
{
    if (note.size() > MoodService::kMaxNoteLength)
        return Error{ErrorKind::Invalid, u"a note is at most %1 characters long"_s.arg(MoodService::kMaxNoteLength)};
    return success();
}

Result<QList<MoodEntry>> historyIn(const QSqlDatabase& db, qint64 userId, const HistoryQuery& query)
{
    QString statement = u"SELECT "_s + kEntryColumns + u" FROM moods WHERE user_id = ?"_s;
    QVariantList params{userId};
    if (query.year) {
        statement += u" AND local_day >= ? AND local_day <= ?"_s;
        params << QDate(*query.year, 1, 1).toString(Qt::ISODate) << QDate(*query.year, 12, 31).toString(Qt::ISODate);
    }
    if (query.before && query.beforeId) {
        statement += u" AND (at_epoch < ? OR (at_epoch = ? AND id < ?))"_s;
        params << *query.before << *query.before << *query.beforeId;
    } else if (query.before) {
        statement += u" AND at_epoch < ?"_s;
        params << *query.before;
    }
    statement += u" ORDER BY at_epoch DESC, id DESC"_s;
    if (query.limit > 0) {
        statement += u" LIMIT ?"_s;
        params << query.limit;
    }
    auto q = sql::exec(db, statement, params);
    if (!q)
        return q.error();
    QList<MoodEntry> entries;
    while (q->next())
        entries.append(entryFromRow(*q));
    return entries;
}

// The streaks as stored: the days entries were given when recorded, today in the user's zone of now.
Result<Streaks> streaksIn(const QSqlDatabase& db, const Clock& clock, qint64 userId)
{
    auto zone = sql::exec(db, u"SELECT timezone FROM users WHERE id = ?"_s, {userId});
    if (!zone)
        return zone.error();
    if (!zone->next())
        return Error{ErrorKind::NotFound, u"no such user"_s};
    const QTimeZone userZone = zoneOrUtc(zone->value(0).toString().toUtf8());
    zone->finish();
    const auto days = daysOf(db, userId);
    if (!days)
        return days.error();
    const QDate today = localDate(clock.now().toSecsSinceEpoch(), userZone);
    return computeStreaks(*days, today);
}

// A milestone goes to followers once per streak run: not again when today's mood is removed and recorded
// again, nor when a back-filled day joins the run to an earlier one that already reached it.
Status postMilestones(const QSqlDatabase& db, qint64 userId, const QList<QDate>& days, const QDate& today,
                      int currentBefore, int currentAfter, const QDateTime& now)
{
    if (currentAfter < kMilestones.front() || currentAfter <= currentBefore)
        return success();
    const QDate runEnd = days.contains(today) ? today : today.addDays(-1);
    const QString runStart = runEnd.addDays(1 - currentAfter).toString(Qt::ISODate);
    for (int milestone : kMilestones) {
        if (currentBefore >= milestone || milestone > currentAfter)
            continue;
        auto posted = sql::scalar(db,
                                  u"SELECT COUNT(*) FROM streak_milestones WHERE user_id = ? AND milestone = ?"
                                  " AND run_start >= ? AND run_start <= ?"_s,
                                  {userId, milestone, runStart, runEnd.toString(Qt::ISODate)});
        if (!posted)
            return posted.error();
        if (*posted > 0)
            continue;
        if (auto noted = sql::exec(db,
                                   u"INSERT INTO streak_milestones (user_id, milestone, run_start) VALUES (?, ?, ?)"
                                   " ON CONFLICT (user_id, milestone, run_start) DO NOTHING"_s,
                                   {userId, milestone, runStart});
            !noted)
            return noted.error();
        if (auto a = ActivityStore::addIn(db, userId, verbs::reached, u"streak:%1"_s.arg(milestone), {}, now); !a)
            return a.error();
    }
    return success();
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
    const auto written = recordImpl(userId, mood, at, note, nullptr);
    if (!written)
        return written.error();
    return written->entry;
}

Result<MoodWrite> MoodService::recordAndSummarize(qint64 userId, Mood mood, std::optional<qint64> at,
                                                  const QString& note, const HistoryQuery& query)
{
    return recordImpl(userId, mood, at, note, &query);
}

Result<MoodWrite> MoodService::recordImpl(qint64 userId, Mood mood, std::optional<qint64> at, const QString& note,
                                          const HistoryQuery* answer)
{
    if (Status ok = validateNote(note); !ok)
        return ok.error();
    const QDateTime now = m_clock.now();
    const qint64 nowSeconds = now.toSecsSinceEpoch();
    const qint64 timestamp = at.value_or(nowSeconds);
    if (timestamp > nowSeconds + kFutureToleranceSeconds)
        return Error{ErrorKind::Invalid, u"timestamp %1 is more than 5 minutes in the future"_s.arg(timestamp)};

    return m_database.write([&](const QSqlDatabase& db) -> Result<MoodWrite> {
        MoodEntry entry;
        entry.mood = mood;
        entry.at = timestamp;
        entry.note = note;
        const auto user = lockUser(m_database, db, userId);
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
        auto sameDay =
            sql::scalar(db, u"SELECT COUNT(*) FROM moods WHERE user_id = ? AND local_day = ?"_s, {userId, dayText});
        if (!sameDay)
            return sameDay.error();
        if (*sameDay >= kMaxPerDay)
            return Error{ErrorKind::Conflict, u"%1 already has two moods: at most two moods per day"_s.arg(dayText)};

        auto days = daysOf(db, userId);
        if (!days)
            return days.error();
        const int currentBefore = computeStreaks(*days, today).current;
        days->append(entry.day);
        const int currentAfter = computeStreaks(*days, today).current;

        auto inserted = sql::exec(db,
                                  u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?) RETURNING id"_s,
                                  {userId, moodName(mood), entry.at, dayText, note, nowSeconds});
        if (!inserted)
            return inserted.error();
        if (!inserted->next())
            return Error{ErrorKind::Storage, u"database error: no id for the new mood"_s};
        entry.id = inserted->value(0).toLongLong();
        inserted->finish();
        if (auto ranked = StreakRanking::refreshLongest(db, userId); !ranked)
            return ranked.error();

        // Written whatever the share level: the feed applies the level when it is read (ActivityStore).
        if (auto a = ActivityStore::addIn(db, userId, verbs::logged, u"mood:"_s + moodName(mood), {}, now); !a)
            return a.error();
        if (Status posted = postMilestones(db, userId, *days, today, currentBefore, currentAfter, now); !posted)
            return posted.error();
        MoodWrite written{entry, {}};
        if (answer) {
            auto summary = summaryIn(db, userId, *answer);
            if (!summary)
                return summary.error();
            written.summary = std::move(summary).value();
        }
        return written;
    });
}

Result<MoodEntry> MoodService::correct(qint64 userId, qint64 entryId, Mood mood, const QString& note)
{
    if (Status ok = validateNote(note); !ok)
        return ok.error();
    const auto written = editToday(userId, entryId, mood, note, nullptr);
    if (!written)
        return written.error();
    return written->entry;
}

Result<MoodWrite> MoodService::correctAndSummarize(qint64 userId, qint64 entryId, Mood mood, const QString& note,
                                                   const HistoryQuery& query)
{
    if (Status ok = validateNote(note); !ok)
        return ok.error();
    return editToday(userId, entryId, mood, note, &query);
}

Status MoodService::remove(qint64 userId, qint64 entryId)
{
    const auto removed = editToday(userId, entryId, std::nullopt, {}, nullptr);
    return removed ? success() : Status(removed.error());
}

Result<MoodWrite> MoodService::editToday(qint64 userId, qint64 entryId, std::optional<Mood> replacement,
                                         const QString& note, const HistoryQuery* answer)
{
    return m_database.write([&](const QSqlDatabase& db) -> Result<MoodWrite> {
        const auto user = lockUser(m_database, db, userId);
        if (!user)
            return user.error();
        auto q = sql::exec(db, u"SELECT "_s + kEntryColumns + u" FROM moods WHERE id = ? AND user_id = ?"_s,
                           {entryId, userId});
        if (!q)
            return q.error();
        if (!q->next())
            return Error{ErrorKind::NotFound, u"no mood entry %1"_s.arg(entryId)};
        MoodEntry entry = entryFromRow(*q);
        q->finish();
        const QDate today = localDate(m_clock.now().toSecsSinceEpoch(), user->zone);
        if (entry.day < today) {
            return Error{
                ErrorKind::Conflict,
                u"%1 is a past day: its moods can no longer be changed"_s.arg(entry.day.toString(Qt::ISODate))};
        }

        if (replacement) {
            entry.mood = *replacement;
            entry.note = note;
            if (auto done = sql::exec(db, u"UPDATE moods SET mood = ?, note = ? WHERE id = ?"_s,
                                      {moodName(entry.mood), entry.note, entryId});
                !done)
                return done.error();
        } else {
            if (auto done = sql::exec(db, u"DELETE FROM moods WHERE id = ?"_s, {entryId}); !done)
                return done.error();
            if (auto ranked = StreakRanking::refreshLongest(db, userId); !ranked)
                return ranked.error();
        }
        MoodWrite written{entry, {}};
        if (answer) {
            auto summary = summaryIn(db, userId, *answer);
            if (!summary)
                return summary.error();
            written.summary = std::move(summary).value();
        }
        return written;
    });
}

Result<QList<MoodEntry>> MoodService::history(qint64 userId, const HistoryQuery& query) const
{
    return m_database.read([&](const QSqlDatabase& db) { return historyIn(db, userId, query); });
}

Result<Streaks> MoodService::streaks(qint64 userId) const
{
    return m_database.snapshot([&](const QSqlDatabase& db) { return streaksIn(db, m_clock, userId); });
}

Result<MoodSummary> MoodService::summary(qint64 userId, const HistoryQuery& query) const
{
    return m_database.snapshot([&](const QSqlDatabase& db) { return summaryIn(db, userId, query); });
}

Result<MoodSummary> MoodService::summaryIn(const QSqlDatabase& db, qint64 userId, const HistoryQuery& query) const
{
    MoodSummary summary;
    const auto streaks = streaksIn(db, m_clock, userId);
    if (!streaks)
        return streaks.error();
    summary.streaks = *streaks;
    const auto percentile = StreakRanking::percentileIn(db, streaks->longest);
    if (!percentile)
        return percentile.error();
    summary.streakPercentile = *percentile;
    auto entries = historyIn(db, userId, query);
    if (!entries)
        return entries.error();
    summary.history = std::move(entries).value();
    return summary;
}

} // namespace mood
