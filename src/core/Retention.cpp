#include "Retention.h"

#include "Activity.h"
#include "StreakRanking.h"
#include "TimeUtil.h"

#include <QTimeZone>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
// The earliest time zone (UTC+14) is the first to start a year: no user's current year is later than its.
int latestCurrentYear(const QDateTime& now)
{
    return now.toUTC().addSecs(14 * 3600).date().year();
}

qint64 startOfYear(int year, const QTimeZone& zone)
{
    return QDateTime(QDate(year, 1, 1), QTime(0, 0), zone).toSecsSinceEpoch();
}
} // namespace

Retention::Retention(const Database& database, const Clock& clock, const InstanceSettings& settings,
                     const YearEndLedger& ledger)
    : m_database(database)
    , m_clock(clock)
    , m_settings(settings)
    , m_ledger(ledger)
{
}

bool Retention::keeps(RetentionPolicy policy, const QDate& day, const QDate& today)
{
    return policy == RetentionPolicy::KeepAll || day.year() >= today.year();
}

Result<RetentionOutcome> Retention::apply()
{
    RetentionOutcome outcome;
    const auto policy = m_settings.retention();
    if (!policy)
        return policy.error();
    if (*policy == RetentionPolicy::KeepAll)
        return outcome;

    QList<int> years;
    {
        const auto db = m_database.connection();
        if (!db)
            return db.error();
        auto q = sql::exec(*db, u"SELECT DISTINCT substr(local_day, 1, 4) FROM moods WHERE local_day < ?"_s,
                           {QDate(latestCurrentYear(m_clock.now()), 1, 1).toString(Qt::ISODate)});
        if (!q)
            return q.error();
        while (q->next())
            years.append(q->value(0).toString().toInt());
    }
    std::sort(years.begin(), years.end());
    for (int year : std::as_const(years)) {
        const auto waiting = m_ledger.usersAwaitingMail(year);
        if (!waiting)
            return waiting.error();
        if (!waiting->isEmpty()) {
            outcome.waitingYears.append(year);
            continue;
        }
        QList<qint64> users;
        {
            const auto db = m_database.connection();
            if (!db)
                return db.error();
            auto q = sql::exec(*db, u"SELECT DISTINCT user_id FROM moods WHERE local_day >= ? AND local_day <= ?"_s,
                               {QDate(year, 1, 1).toString(Qt::ISODate), QDate(year, 12, 31).toString(Qt::ISODate)});
            if (!q)
                return q.error();
            while (q->next())
                users.append(q->value(0).toLongLong());
        }
        qint64 removed = 0;
        for (qint64 userId : std::as_const(users)) {
            const auto count = removeYearOf(userId, year);
            if (!count)
                return count.error();
            removed += *count;
        }
        if (removed > 0) {
            outcome.removedYears.append(year);
            outcome.removedMoods += removed;
        }
    }
    return outcome;
}

Result<qint64> Retention::removeYearOf(qint64 userId, int year)
{
    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun.error();
    // The user's row lock serialises this with their own writes (recording, imports).
    auto user = sql::exec(tx.db(), u"SELECT timezone FROM users WHERE id = ?"_s + m_database.forUpdate(), {userId});
    if (!user)
        return user.error();
    if (!user->next())
        return qint64(0);
    const QTimeZone zone = zoneOrUtc(user->value(0).toString().toUtf8());
    user->finish();
    if (localDate(m_clock.now().toSecsSinceEpoch(), zone).year() <= year)
        return qint64(0); // still their current year

    auto deleted =
        sql::exec(tx.db(), u"DELETE FROM moods WHERE user_id = ? AND local_day >= ? AND local_day <= ?"_s,
                  {userId, QDate(year, 1, 1).toString(Qt::ISODate), QDate(year, 12, 31).toString(Qt::ISODate)});
    if (!deleted)
        return deleted.error();
    const qint64 count = deleted->numRowsAffected();
    deleted->finish();
    auto activities =
        sql::exec(tx.db(),
                  u"DELETE FROM activities WHERE actor_id = ? AND verb IN (?, ?)"
                  " AND created_at >= ? AND created_at < ?"_s,
                  {userId, verbs::logged, verbs::reached, startOfYear(year, zone), startOfYear(year + 1, zone)});
    if (!activities)
        return activities.error();
    activities->finish();
    if (auto ranked = StreakRanking::refreshLongest(m_database, tx.db(), userId); !ranked)
        return ranked.error();
    if (Status committed = tx.commit(); !committed)
        return committed.error();
    return count;
}

} // namespace mood
