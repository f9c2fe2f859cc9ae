#include "StreakRanking.h"

#include "StreakCalculator.h"

#include <QLoggingCategory>

#include <charconv>

Q_LOGGING_CATEGORY(lcRanking, "mood.ranking")

namespace mood {

using namespace Qt::StringLiterals;

namespace {
Status addToBucket(const Database& database, const QSqlDatabase& db, int length, int delta)
{
    return database.run(db,
                        u"INSERT INTO streak_histogram (streak_length, user_count) VALUES (?, ?)"
                        " ON CONFLICT (streak_length) DO UPDATE"
                        " SET user_count = streak_histogram.user_count + excluded.user_count"_s,
                        {length, delta});
}

// Python's round(x, 2): correctly rounded from the double's exact value, ties to even, as printf("%.2f") in the
// C locale; to_chars/from_chars never look at the process locale (printf and strtod do: "66,67" in de_DE).
double roundTo2(double value)
{
    char buffer[64];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 2);
    double rounded = value;
    std::from_chars(buffer, written.ptr, rounded);
    return rounded;
}
} // namespace

StreakRanking::StreakRanking(const Database& database)
    : m_database(database)
{
}

std::optional<double> StreakRanking::percentileFrom(qint64 usersBelow, qint64 totalUsers)
{
    if (totalUsers <= 0)
        return std::nullopt;
    const double value = roundTo2(static_cast<double>(100 * usersBelow) / static_cast<double>(totalUsers));
    if (value < 50.0)
        return std::nullopt;
    return value;
}

Result<std::optional<double>> StreakRanking::percentile(int longestStreak) const
{
    return m_database.read([&](const QSqlDatabase& db) { return percentileIn(db, longestStreak); });
}

namespace {
// One statement: one consistent snapshot of both numbers.
const QString kPercentileSql = u"SELECT CAST(COALESCE(SUM(CASE WHEN streak_length < ? THEN user_count ELSE 0 END), 0)"
                               " AS BIGINT), CAST(COALESCE(SUM(user_count), 0) AS BIGINT) FROM streak_histogram"_s;

Result<std::optional<double>> percentileFromRow(QSqlQuery& query)
{
    if (!query.next())
        return std::optional<double>();
    return StreakRanking::percentileFrom(query.value(0).toLongLong(), query.value(1).toLongLong());
}
} // namespace

Result<std::optional<double>> StreakRanking::percentileIn(const QSqlDatabase& db, int longestStreak)
{
    auto query = sql::exec(db, kPercentileSql, {longestStreak});
    if (!query)
        return query.error();
    return percentileFromRow(query.value());
}

Result<std::optional<double>> StreakRanking::percentileIn(const Database& database, const QSqlDatabase& db,
                                                          int longestStreak)
{
    auto query = database.prepared(db, kPercentileSql, {longestStreak});
    if (!query)
        return query.error();
    return percentileFromRow(**query);
}

Status StreakRanking::addUser(const Database& database, const QSqlDatabase& db)
{
    return addToBucket(database, db, 0, 1);
}

Result<int> StreakRanking::refreshLongest(const Database& database, const QSqlDatabase& db, qint64 userId)
{
    auto stored = sql::exec(db, u"SELECT longest_streak FROM users WHERE id = ?"_s, {userId});
    if (!stored)
        return stored.error();
    if (!stored->next())
        return Error{ErrorKind::NotFound, u"no such user"_s};
    const int before = stored->value(0).toInt();
    stored->finish();

    auto dayRows = sql::exec(db, u"SELECT DISTINCT local_day FROM moods WHERE user_id = ?"_s, {userId});
    if (!dayRows)
        return dayRows.error();
    QList<QDate> days;
    while (dayRows->next())
        days.append(QDate::fromString(dayRows->value(0).toString(), Qt::ISODate));
    dayRows->finish();
    const int after = computeStreaks(days, QDate()).longest;
    if (Status moved = moveLongest(database, db, userId, before, after); !moved)
        return moved.error();
    return after;
}

Status StreakRanking::moveLongest(const Database& database, const QSqlDatabase& db, qint64 userId, int before,
                                  int after)
{
    if (after == before)
        return success();
    if (Status updated = database.run(db, u"UPDATE users SET longest_streak = ? WHERE id = ?"_s, {after, userId});
        !updated)
        return updated;
    // Lower bucket first: concurrent writers always lock histogram rows in the same order.
    const bool grew = after > before;
    if (Status first = addToBucket(database, db, grew ? before : after, grew ? -1 : 1); !first)
        return first.error();
    return addToBucket(database, db, grew ? after : before, grew ? 1 : -1);
}

Result<bool> StreakRanking::histogramMatchesUsers(const QSqlDatabase& db)
{
    auto differing =
        sql::scalar(db,
                    u"SELECT COUNT(*) FROM (SELECT longest_streak AS streak_length, COUNT(*) AS user_count"
                    " FROM users GROUP BY longest_streak) u FULL OUTER JOIN (SELECT streak_length,"
                    " user_count FROM streak_histogram WHERE user_count <> 0) h"
                    " ON h.streak_length = u.streak_length"
                    " WHERE u.user_count IS NULL OR h.user_count IS NULL OR u.user_count <> h.user_count"_s);
    if (!differing)
        return differing.error();
    return *differing == 0;
}

Status StreakRanking::rebuildHistogram(const QSqlDatabase& db)
{
    if (auto cleared = sql::exec(db, u"DELETE FROM streak_histogram"_s); !cleared)
        return cleared.error();
    auto rebuilt = sql::exec(db,
                             u"INSERT INTO streak_histogram (streak_length, user_count)"
                             " SELECT longest_streak, COUNT(*) FROM users GROUP BY longest_streak"_s);
    return rebuilt ? success() : Status(rebuilt.error());
}

Result<bool> StreakRanking::repairHistogram(const Database& database)
{
    const auto matches = database.read([](const QSqlDatabase& db) { return histogramMatchesUsers(db); });
    if (!matches)
        return matches.error();
    if (*matches)
        return false;
    const auto repaired = database.write([&](const QSqlDatabase& db) -> Result<bool> {
        if (database.dialect() == Dialect::Postgres) {
            // Other servers may be running on this database: no streak changes while the histogram is rebuilt.
            if (auto locked = sql::exec(db, u"LOCK TABLE users IN SHARE MODE"_s); !locked)
                return locked.error();
        }
        const auto stillDiffers = histogramMatchesUsers(db);
        if (!stillDiffers)
            return stillDiffers.error();
        if (*stillDiffers)
            return false; // another server repaired it meanwhile
        if (Status rebuilt = rebuildHistogram(db); !rebuilt)
            return rebuilt.error();
        return true;
    });
    if (repaired && *repaired)
        qCWarning(lcRanking) << "the streak histogram did not match the users' longest streaks: rebuilt from users";
    return repaired;
}

} // namespace mood
