#include "BoardService.h"

namespace mood {

using namespace Qt::StringLiterals;

BoardService::BoardService(const Database& database)
    : m_database(database)
{
}

Result<QList<BoardDay>> BoardService::board(qint64 userId, int year) const
{
    return m_database.read(
        [&](const QSqlDatabase& db) -> Result<QList<BoardDay>> { return boardIn(db, userId, year); });
}

Result<QList<BoardDay>> BoardService::boardIn(const QSqlDatabase& db, qint64 userId, int year)
{
    auto q = sql::exec(db,
                       u"SELECT local_day, mood FROM moods WHERE user_id = ? AND local_day >= ? AND local_day <= ?"
                       " ORDER BY local_day, at_epoch, id"_s,
                       {userId, QDate(year, 1, 1).toString(Qt::ISODate), QDate(year, 12, 31).toString(Qt::ISODate)});
    if (!q)
        return q.error();
    QList<BoardDay> days;
    while (q->next()) {
        const QDate date = QDate::fromString(q->value(0).toString(), Qt::ISODate);
        const auto mood = moodFromName(q->value(1).toString());
        if (!mood)
            continue;
        if (days.isEmpty() || days.last().date != date)
            days.append(BoardDay{date, 0, {}});
        days.last().moods.append(*mood);
        days.last().level = moodLevel(*mood); // rows come in time order: the last one is the later mood
    }
    return days;
}

Result<QList<int>> BoardService::yearsWithData(qint64 userId) const
{
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    // local_day is ISO text ("2026-03-15"): its first four characters are the year on both dialects.
    auto q = sql::exec(*db, u"SELECT DISTINCT substr(local_day, 1, 4) AS y FROM moods WHERE user_id = ? ORDER BY y"_s,
                       {userId});
    if (!q)
        return q.error();
    QList<int> years;
    while (q->next())
        years.append(q->value(0).toString().toInt());
    return years;
}

} // namespace mood
