#pragma once

#include "Database.h"
#include "MoodBook.h"
#include "MoodService.h"
#include "User.h"

#include <optional>

namespace mood::moodrows {

// The columns of users that mood reads and writes need, read in the caller's transaction.
struct UserRow {
    QByteArray zoneId;
    QTimeZone zone;
    ShareLevel shareLevel = ShareLevel::Milestones;
    qint64 moodVersion = 0;
    int longestStreak = 0; // as stored
};
// lockSuffix: Database::forUpdate() inside writes (one user's writes are serialised), empty in reads.
Result<UserRow> readUser(const Database& database, const QSqlDatabase& db, qint64 userId,
                         const QString& lockSuffix = {});

Result<QList<QDate>> daysOf(const QSqlDatabase& db, qint64 userId);
extern const QString kEntryColumns; // "id, mood, at_epoch, local_day, note", as entryFromRow reads them
MoodEntry entryFromRow(const QSqlQuery& q);
Result<QList<MoodEntry>> historyIn(const Database& database, const QSqlDatabase& db, qint64 userId,
                                   const HistoryQuery& query);

// A milestone goes to followers once per streak run: not again when today's mood is removed and recorded again,
// nor when a back-filled day joins the run to an earlier one that already reached it.
Status postMilestones(const Database& database, const QSqlDatabase& db, qint64 userId, bool todayHasMood,
                      const QDate& today, int currentBefore, int currentAfter, const QDateTime& now);

// The answer of GET and POST /mood around a book's "moodHistory", byte for byte what toJson(MoodSummary) writes.
QByteArray summaryJson(const Streaks& streaks, const std::optional<double>& percentile, const QByteArray& elements);

} // namespace mood::moodrows
