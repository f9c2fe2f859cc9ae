#include "DataExport.h"

#include "Csv.h"
#include "Mood.h"
#include "TimeUtil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
QString rfc3339(qint64 epochSeconds, const QTimeZone& zone)
{
    return QDateTime::fromSecsSinceEpoch(epochSeconds, zone).toString(Qt::ISODate);
}

Result<User> userOf(const UserService& users, qint64 userId)
{
    const auto user = users.findById(userId);
    if (!user)
        return user.error();
    if (!user->has_value())
        return Error{ErrorKind::NotFound, u"no such user"_s};
    return **user;
}
} // namespace

DataExport::DataExport(const Database& database, const Clock& clock, const UserService& users,
                       const FollowService& follows)
    : m_database(database)
    , m_clock(clock)
    , m_users(users)
    , m_follows(follows)
{
}

Result<QList<DataExport::Row>> DataExport::moods(qint64 userId) const
{
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = sql::exec(*db,
                       u"SELECT mood, at_epoch, local_day, note, recorded_at FROM moods WHERE user_id = ?"
                       " ORDER BY at_epoch, id"_s,
                       {userId});
    if (!q)
        return q.error();
    QList<Row> rows;
    while (q->next()) {
        rows.append(Row{q->value(0).toString(), q->value(1).toLongLong(), q->value(2).toString(),
                        q->value(3).toString(), q->value(4).toLongLong()});
    }
    return rows;
}

Result<QByteArray> DataExport::json(qint64 userId) const
{
    const auto user = userOf(m_users, userId);
    if (!user)
        return user.error();
    const auto rows = moods(userId);
    if (!rows)
        return rows.error();
    const auto following = m_follows.followees(user->username);
    if (!following)
        return following.error();
    const auto followers = m_follows.followers(user->username);
    if (!followers)
        return followers.error();

    QJsonArray moodArray;
    for (const Row& row : *rows) {
        moodArray.append(QJsonObject{{u"mood"_s, row.mood},
                                     {u"timestamp"_s, row.at},
                                     {u"day"_s, row.day},
                                     {u"note"_s, row.note},
                                     {u"recordedAt"_s, row.recordedAt}});
    }
    const QJsonObject profile{{u"username"_s, user->username},
                              {u"email"_s, user->email},
                              {u"timezone"_s, QString::fromUtf8(user->timeZone)},
                              {u"shareLevel"_s, shareLevelName(user->shareLevel)},
                              {u"createdAt"_s, user->createdAt}};
    const QJsonObject document{{u"format"_s, kFormat},
                               {u"version"_s, kVersion},
                               {u"exportedAt"_s, m_clock.now().toUTC().toString(Qt::ISODate)},
                               {u"profile"_s, profile},
                               {u"moods"_s, moodArray},
                               {u"following"_s, QJsonArray::fromStringList(*following)},
                               {u"followers"_s, QJsonArray::fromStringList(*followers)}};
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

Result<QByteArray> DataExport::csv(qint64 userId) const
{
    const auto user = userOf(m_users, userId);
    if (!user)
        return user.error();
    const auto rows = moods(userId);
    if (!rows)
        return rows.error();
    const QTimeZone zone = zoneOrUtc(user->timeZone);
    QString text = csv::line(kCsvHeader);
    for (const Row& row : *rows) {
        const auto mood = moodFromName(row.mood);
        text += csv::line({QString::number(row.at), row.day, rfc3339(row.at, zone), row.mood,
                           mood ? QString::number(moodLevel(*mood)) : QString(), row.note,
                           QString::number(row.recordedAt)});
    }
    return text.toUtf8();
}

} // namespace mood
