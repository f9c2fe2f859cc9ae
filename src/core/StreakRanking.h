#pragma once

#include "Database.h"
#include "Result.h"

#include <optional>

namespace mood {

// Keeps a histogram "longest streak length -> number of users" next to users.longest_streak, so the
// percentile of CONTRACTS.md costs one pass over distinct lengths (a few hundred rows), never over users.
class StreakRanking final
{
public:
    explicit StreakRanking(const Database& database);

    // round(100 * strictly-below / all users, 2), or nothing when that is under 50 (the API then omits it).
    Result<std::optional<double>> percentile(int longestStreak) const;
    static Result<std::optional<double>> percentileIn(const QSqlDatabase& db, int longestStreak);
    // The same with the statement kept prepared (Database::prepared).
    static Result<std::optional<double>> percentileIn(const Database& database, const QSqlDatabase& db,
                                                      int longestStreak);
    static std::optional<double> percentileFrom(qint64 usersBelow, qint64 totalUsers);

    // Inside the caller's write transaction, with the statements kept prepared (Database::prepared):
    static Status addUser(const Database& database, const QSqlDatabase& db);
    // Recomputes the user's longest streak from their days and moves them in the histogram.
    static Result<int> refreshLongest(const Database& database, const QSqlDatabase& db, qint64 userId);
    // The same for a caller that knows both numbers: users.longest_streak as stored, and as the days now say.
    static Status moveLongest(const Database& database, const QSqlDatabase& db, qint64 userId, int before, int after);

    // Whether the histogram says what users.longest_streak says (empty buckets count as absent), in one statement.
    static Result<bool> histogramMatchesUsers(const QSqlDatabase& db);
    // Rebuilds the histogram from users with one INSERT ... SELECT, inside the caller's write transaction.
    static Status rebuildHistogram(const QSqlDatabase& db);
    // At start-up: a histogram that differs from users is rebuilt, with a warning in the log. True if it was.
    static Result<bool> repairHistogram(const Database& database);

private:
    const Database& m_database;
};

} // namespace mood
