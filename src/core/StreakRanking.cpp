#include "StreakRanking.h"

#include "StreakCalculator.h"

#include <cstdio>
#include <cstdlib>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
Status addToBucket(const QSqlDatabase& db, int length, int delta)
{
    auto done = sql::exec(db,
                          u"INSERT INTO streak_histogram (streak_length, user_count) VALUES (?, ?)"
                          " ON CONFLICT (streak_length) DO UPDATE"
                          " SET user_count = streak_histogram.user_count + excluded.user_count"_s,
                          {length, delta});
    return done ? success() : Status(done.error());
}

// Python's round(x, 2): correctly rounded from the double's exact value, ties to even. printf does the same.
double roundTo2(double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return std::strtod(buffer, nullptr);
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
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    // One statement: one consistent snapshot of both numbers.
    auto query = sql::exec(*db,
                           u"SELECT CAST(COALESCE(SUM(CASE WHEN streak_length < ? THEN user_count ELSE 0 END), 0)"
                           " AS BIGINT), CAST(COALESCE(SUM(user_count), 0) AS BIGINT) FROM streak_histogram"_s,
                           {longestStreak});
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<double>();
    return percentileFrom(query->value(0).toLongLong(), query->value(1).toLongLong());
}

Status StreakRanking::addUser(const QSqlDatabase& db)
{
    return addToBucket(db, 0, 1);
}

Result<int> StreakRanking::refreshLongest(const QSqlDatabase& db, qint64 userId)
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
    if (after == before)
        return after;

    if (auto updated = sql::exec(db, u"UPDATE users SET longest_streak = ? WHERE id = ?"_s, {after, userId}); !updated)
        return updated.error();
    // Lower bucket first: concurrent writers always lock histogram rows in the same order.
    const bool grew = after > before;
    if (Status first = addToBucket(db, grew ? before : after, grew ? -1 : 1); !first)
        return first.error();
    if (Status second = addToBucket(db, grew ? after : before, grew ? 1 : -1); !second)
        return second.error();
    return after;
}

} // namespace mood
