#include "BoardService.h"

#include "MoodJson.h"

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

Result<QByteArray> BoardService::boardJson(qint64 userId, int year) const
{
    const auto versionIn = [this, userId](const QSqlDatabase& db) -> Result<std::optional<qint64>> {
        auto q = m_database.prepared(db, u"SELECT mood_version FROM users WHERE id = ?"_s, {userId});
        if (!q)
            return q.error();
        return (*q)->next() ? std::optional<qint64>((*q)->value(0).toLongLong()) : std::nullopt;
    };
    const quint64 key = (static_cast<quint64>(userId) << 14) | static_cast<quint64>(year & 0x3fff);
    const auto version = m_database.read(versionIn);
    if (!version)
        return version.error();
    if (const auto kept = m_answers.find(key); kept && *version && kept->version == **version)
        return kept->json;
    std::optional<qint64> readAt;
    auto json = m_database.snapshot([&](const QSqlDatabase& db) -> Result<QByteArray> {
        const auto current = versionIn(db);
        if (!current)
            return current.error();
        readAt = *current;
        const auto days = boardIn(db, userId, year);
        if (!days)
            return days.error();
        return toJson(YearBoard{year, *days});
    });
    if (json && readAt) {
        const qsizetype cost = json->size() + 64;
        m_answers.store(key, std::make_shared<const Answer>(Answer{*readAt, *json}), cost);
    }
    return json;
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
