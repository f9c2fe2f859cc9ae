#pragma once

#include "Clock.h"
#include "Database.h"
#include "Mood.h"
#include "MoodHistoryCache.h"
#include "Result.h"
#include "StreakCalculator.h"

#include <QDate>
#include <QMutex>

#include <array>
#include <atomic>
#include <optional>

namespace mood {

struct MoodEntry {
    qint64 id = 0;
    Mood mood = Mood::Reflective;
    qint64 at = 0; // epoch seconds
    QDate day;     // calendar day in the user's time zone
    QString note;
    bool operator==(const MoodEntry& o) const
    {
        return id == o.id && mood == o.mood && at == o.at && day == o.day && note == o.note;
    }
};

struct HistoryQuery {
    std::optional<int> year;        // calendar year in the user's time zone
    int limit = 0;                  // 0: no limit
    std::optional<qint64> before;   // only entries with a timestamp strictly before (epoch seconds)
    std::optional<qint64> beforeId; // with before: also entries at exactly `before` whose id is smaller, so that
                                    // pages split inside one second lose nothing
};

struct MoodSummary {
    Streaks streaks;
    std::optional<double> streakPercentile; // present when >= 50
    QList<MoodEntry> history;               // newest first; equal timestamps: later-recorded first
    bool operator==(const MoodSummary& o) const
    {
        return streaks == o.streaks && streakPercentile == o.streakPercentile && history == o.history;
    }
};

// What a write stored and the summary right after it, both from the write's own transaction: the answer to a
// write never needs a query after COMMIT, so it can never fail once the write has committed.
struct MoodWrite {
    MoodEntry entry;
    MoodSummary summary;
    QByteArray json; // of the *AndRender calls: the summary as GET /mood writes it
};

// The rules of recording moods (CONTRACTS.md section 1), enforced here whatever the client.
class MoodService final
{
public:
    static constexpr int kMaxPerDay = 2;
    static constexpr int kFutureToleranceSeconds = 5 * 60;
    static constexpr int kMaxNoteLength = 280;
    static constexpr int kDefaultBackfillDays = 7;

    MoodService(const Database& database, const Clock& clock, int backfillDays = kDefaultBackfillDays);

    // at defaults to now. Also writes the follower activities the user's share level allows; a streak milestone
    // at most once per streak run. The day of the entry is fixed now, in the user's time zone of now.
    Result<MoodEntry> record(qint64 userId, Mood mood, std::optional<qint64> at = std::nullopt,
                             const QString& note = {});
    Result<MoodWrite> recordAndSummarize(qint64 userId, Mood mood, std::optional<qint64> at, const QString& note,
                                         const HistoryQuery& query = {});
    // Only entries of today (user's time zone) can be corrected or removed.
    Result<MoodEntry> correct(qint64 userId, qint64 entryId, Mood mood, const QString& note);
    Result<MoodWrite> correctAndSummarize(qint64 userId, qint64 entryId, Mood mood, const QString& note,
                                          const HistoryQuery& query = {});
    Status remove(qint64 userId, qint64 entryId);
    // The same writes answered with the whole history as GET /mood writes it (toJson of summary()).
    Result<MoodWrite> recordAndRender(qint64 userId, Mood mood, std::optional<qint64> at, const QString& note,
                                      bool details);
    Result<MoodWrite> correctAndRender(qint64 userId, qint64 entryId, Mood mood, const QString& note, bool details);

    Result<QList<MoodEntry>> history(qint64 userId, const HistoryQuery& query = {}) const;
    Result<Streaks> streaks(qint64 userId) const;
    // Streaks, percentile and history from one snapshot of the database.
    Result<MoodSummary> summary(qint64 userId, const HistoryQuery& query = {}) const;
    // toJson(summary(userId), user's zone, details), from one snapshot; the rendered history is kept per
    // users.mood_version, so a history that did not change costs no query and no rendering per entry.
    // limit > 0: only the newest `limit` entries, as summary() with HistoryQuery::limit.
    Result<QByteArray> summaryJson(qint64 userId, bool details, int limit = 0) const;
    MoodHistoryCache& historyCache() const { return m_cache; }

    int backfillDays() const { return m_backfillDays.load(); }
    // The desktop app's Sharing dialog changes the window while the instance runs; calls in progress keep
    // the value they read.
    void setBackfillDays(int days) { m_backfillDays.store(std::max(0, days)); }

private:
    struct Answer {
        const HistoryQuery* query = nullptr; // a MoodSummary for this query
        bool json = false;                   // MoodWrite::json
        bool details = false;
    };
    // The books a write changes: the one it answers with, and the other variant when it is cached.
    struct Books {
        std::shared_ptr<MoodBook> wanted;
        std::shared_ptr<MoodBook> other;
        bool changed = false; // by the write: from then on they are only right once it commits
    };

    Result<MoodWrite> recordImpl(qint64 userId, Mood mood, std::optional<qint64> at, const QString& note,
                                 const Answer& answer);
    Result<MoodWrite> editToday(qint64 userId, qint64 entryId, std::optional<Mood> replacement, const QString& note,
                                const Answer& answer);
    template <typename Fn>
    Result<MoodWrite> writeKeeping(qint64 userId, bool details, Fn&& fn);
    // A write's book, when the cache has none, read in a snapshot before the write begins: a long history is then
    // read beside other writers, not inside the one write transaction SQLite allows at a time. The write uses it
    // only when mood_version is still the one it was read at (the cache's rule).
    void prefetch(qint64 userId, bool details) const;
    // The cache's book at this version, else one read in db, also set in `read` (kept by the caller once its
    // snapshot is over: only books of committed data are kept).
    Result<std::shared_ptr<const MoodBook>> bookIn(const QSqlDatabase& db, qint64 userId, qint64 version,
                                                   const QByteArray& zoneId, bool details,
                                                   std::shared_ptr<const MoodBook>& read) const;
    Result<Books> booksIn(const QSqlDatabase& db, qint64 userId, qint64 version, const QByteArray& zoneId,
                          bool details) const;
    Result<QByteArray> answerJson(const QSqlDatabase& db, const MoodBook& book, const QDate& today,
                                  int limit = 0) const;
    Result<MoodSummary> summaryIn(const QSqlDatabase& db, qint64 userId, const HistoryQuery& query) const;

    const Database& m_database;
    const Clock& m_clock;
    std::atomic<int> m_backfillDays;
    mutable MoodHistoryCache m_cache;
    // One user's writes in this process, from BEGIN to the books kept after COMMIT: the next write finds them.
    std::array<QMutex, 16> m_writeLocks;
};

} // namespace mood
