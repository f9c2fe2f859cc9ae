#include "MoodRows.h"

#include "ActivityStore.h"
#include "JsonWriter.h"
#include "TimeUtil.h"

#include <array>

namespace mood::moodrows {

using namespace Qt::StringLiterals;

const QString kEntryColumns = u"id, mood, at_epoch, local_day, note"_s;

Result<UserRow> readUser(const Database& database, const QSqlDatabase& db, qint64 userId, const QString& lockSuffix)
{
    auto rows = database.rows(
        db, u"SELECT timezone, share_level, mood_version, longest_streak FROM users WHERE id = ?"_s + lockSuffix,
        {userId});
    if (!rows)
        return rows.error();
    if (Status found = rows->nextOr(Error{ErrorKind::NotFound, u"no such user"_s}); !found)
        return found.error();
    UserRow user;
    user.zoneId = rows->utf8(0).toByteArray();
    user.zone = zoneOrUtc(user.zoneId);
    user.shareLevel = shareLevelFromName(rows->text(1)).value_or(ShareLevel::Milestones);
    user.moodVersion = rows->integer(2);
    user.longestStreak = static_cast<int>(rows->integer(3));
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

namespace {
// local_day as written: "YYYY-MM-DD"; anything else as QDate::fromString reads it.
QDate dayFromText(QByteArrayView text)
{
    const auto digits = [&](qsizetype from, qsizetype count) {
        int value = 0;
        for (qsizetype i = from; i < from + count; ++i) {
            const char c = text[i];
            if (c < '0' || c > '9')
                return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    };
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        const int year = digits(0, 4);
        const int month = digits(5, 2);
        const int day = digits(8, 2);
        if (year > 0 && month >= 0 && day >= 0)
            return QDate(year, month, day);
    }
    return QDate::fromString(QString::fromUtf8(text), Qt::ISODate);
}
} // namespace

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

Result<QList<MoodEntry>> historyIn(const Database& database, const QSqlDatabase& db, qint64 userId,
                                   const HistoryQuery& query)
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
    auto rows = database.rows(db, statement, params);
    if (!rows)
        return rows.error();
    QList<MoodEntry> entries;
    while (rows->next()) {
        MoodEntry& entry = entries.emplace_back();
        entry.id = rows->integer(0);
        entry.mood = moodFromName(QUtf8StringView(rows->utf8(1))).value_or(Mood::Reflective);
        entry.at = rows->integer(2);
        entry.day = dayFromText(rows->utf8(3));
        entry.note = rows->text(4);
    }
    if (const auto failed = rows->error())
        return *failed;
    return entries;
}

namespace {
constexpr std::array<int, 6> kMilestones{3, 7, 14, 30, 100, 365};
} // namespace

// A milestone goes to followers once per streak run: not again when today's mood is removed and recorded
// again, nor when a back-filled day joins the run to an earlier one that already reached it.
Status postMilestones(const Database& database, const QSqlDatabase& db, qint64 userId, bool todayHasMood,
                      const QDate& today, int currentBefore, int currentAfter, const QDateTime& now)
{
    if (currentAfter < kMilestones.front() || currentAfter <= currentBefore)
        return success();
    const QDate runEnd = todayHasMood ? today : today.addDays(-1);
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
        if (Status a =
                ActivityStore::appendIn(database, db, userId, verbs::reached, u"streak:%1"_s.arg(milestone), {}, now);
            !a)
            return a;
    }
    return success();
}

QByteArray summaryJson(const Streaks& streaks, const std::optional<double>& percentile, const QByteArray& elements)
{
    JsonWriter writer(elements.size() + 96);
    writer.beginObject()
        .key("currentStreak"_L1)
        .value(streaks.current)
        .key("longestStreak"_L1)
        .value(streaks.longest)
        .key("moodHistory"_L1)
        .beginArray()
        .raw(elements)
        .endArray();
    if (percentile)
        writer.key("streakPercentile"_L1).floatValue(*percentile);
    return writer.endObject().take();
}

} // namespace mood::moodrows
