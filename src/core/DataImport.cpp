#include "DataImport.h"

#include "MoodService.h"
#include "Retention.h"
#include "StreakRanking.h"
#include "TimeUtil.h"

#include <QJsonArray>
#include <QSet>
#include <QTimeZone>

#include <algorithm>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
// A recorded day must be the timestamp's calendar day somewhere on Earth (UTC-12 .. UTC+14).
bool dayFits(const QDate& day, qint64 at)
{
    const QDate earliest = QDateTime::fromSecsSinceEpoch(at - 12 * 3600, QTimeZone::utc()).date();
    const QDate latest = QDateTime::fromSecsSinceEpoch(at + 14 * 3600, QTimeZone::utc()).date();
    return day >= earliest && day <= latest;
}
} // namespace

DataImport::DataImport(const Database& database, const Clock& clock, const InstanceSettings& settings)
    : m_database(database)
    , m_clock(clock)
    , m_settings(settings)
{
}

QString DataImport::shortened(const QString& note)
{
    if (note.size() <= MoodService::kMaxNoteLength)
        return note;
    qsizetype keep = MoodService::kMaxNoteLength - 1;
    if (note.at(keep - 1).isHighSurrogate())
        --keep; // never half a character
    return note.left(keep) + QChar(0x2026);
}

Result<ImportReport> DataImport::importJson(qint64 userId, const QByteArray& data)
{
    const auto parsed = import::parseJson(data);
    if (!parsed)
        return parsed.error();
    return importParsed(userId, *parsed);
}

Result<ImportReport> DataImport::importCsv(qint64 userId, const QByteArray& data)
{
    const auto parsed = import::parseCsv(data);
    if (!parsed)
        return parsed.error();
    return importParsed(userId, *parsed);
}

Result<ImportReport> DataImport::importParsed(qint64 userId, const import::Parsed& parsed)
{
    const auto policy = m_settings.retention();
    if (!policy)
        return policy.error();
    const qint64 now = m_clock.now().toSecsSinceEpoch();

    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun.error();
    // The user's row lock serialises the import with the user's other writes (see MoodService).
    auto user =
        sql::exec(tx.db(), u"SELECT timezone, username FROM users WHERE id = ?"_s + m_database.forUpdate(), {userId});
    if (!user)
        return user.error();
    if (!user->next())
        return Error{ErrorKind::NotFound, u"no such user"_s};
    const QTimeZone zone = zoneOrUtc(user->value(0).toString().toUtf8());
    const QString username = user->value(1).toString();
    user->finish();
    const QDate today = localDate(now, zone);

    QSet<QPair<qint64, QString>> known; // (timestamp, mood)
    QHash<QString, int> perDay;
    {
        auto existing =
            sql::exec(tx.db(), u"SELECT at_epoch, mood, local_day FROM moods WHERE user_id = ?"_s, {userId});
        if (!existing)
            return existing.error();
        while (existing->next()) {
            known.insert({existing->value(0).toLongLong(), existing->value(1).toString()});
            ++perDay[existing->value(2).toString()];
        }
    }

    // Resolve every usable row to an instant and a day, then go through them in time order.
    struct Pending {
        qsizetype index;
        qint64 at;
        QDate day;
    };
    ImportReport report;
    report.format = parsed.format;
    QList<Pending> pending;
    for (qsizetype i = 0; i < parsed.candidates.size(); ++i) {
        const import::Candidate& candidate = parsed.candidates.at(i);
        ImportReport::Row row;
        row.row = candidate.row;
        row.reason = candidate.reason;
        if (row.reason.isEmpty())
            row.mood = moodName(candidate.mood);
        qint64 at = 0;
        QDate day;
        if (row.reason.isEmpty()) {
            if (candidate.localTime) {
                QDateTime local(*candidate.day, *candidate.localTime, zone);
                if (!local.isValid()) // a time the clocks skipped (summer time began): an hour later
                    local = QDateTime(*candidate.day, candidate.localTime->addSecs(3600), zone);
                at = local.toSecsSinceEpoch();
                day = *candidate.day;
            } else {
                at = *candidate.at;
                day = candidate.day.value_or(localDate(at, zone));
                if (!day.isValid() || day.year() < 1 || !dayFits(day, at))
                    row.reason = u"the day %1 does not fit the timestamp %2"_s.arg(day.toString(Qt::ISODate)).arg(at);
            }
            row.day = day.toString(Qt::ISODate);
        }
        if (row.reason.isEmpty())
            pending.append({i, at, day});
        report.rows.append(row);
    }
    std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) { return a.at < b.at; });

    bool insertedAny = false;
    for (const Pending& item : std::as_const(pending)) {
        const import::Candidate& candidate = parsed.candidates.at(item.index);
        ImportReport::Row& row = report.rows[item.index];
        const QString dayText = item.day.toString(Qt::ISODate);
        const QPair<qint64, QString> key{item.at, row.mood};
        if (item.at > now + MoodService::kFutureToleranceSeconds) {
            row.reason = u"the time is in the future"_s;
        } else if (!Retention::keeps(*policy, item.day, today)) {
            row.reason = u"this instance keeps only the current year"_s;
        } else if (known.contains(key)) {
            row.reason = u"already recorded (same time and mood)"_s;
        } else if (perDay.value(dayText) >= MoodService::kMaxPerDay) {
            row.reason = u"%1 already has two moods: at most two moods per day"_s.arg(dayText);
        }
        if (!row.reason.isEmpty())
            continue;
        const QString note = shortened(candidate.note);
        if (note.size() != candidate.note.size()) {
            row.warning = u"note shortened from %1 to %2 characters"_s.arg(candidate.note.size()).arg(note.size());
        }
        auto inserted = sql::exec(tx.db(),
                                  u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                                  " VALUES (?, ?, ?, ?, ?, ?)"_s,
                                  {userId, row.mood, item.at, dayText, note, candidate.recordedAt.value_or(now)});
        if (!inserted)
            return inserted.error();
        row.imported = true;
        insertedAny = true;
        known.insert(key);
        ++perDay[dayText];
    }
    if (insertedAny) {
        if (auto ranked = StreakRanking::refreshLongest(m_database, tx.db(), userId); !ranked)
            return ranked.error();
    }

    for (const QString& name : parsed.following) {
        if (name == username) {
            report.followsSkipped.append({name, u"user cannot follow himself"_s});
            continue;
        }
        auto followee = sql::exec(tx.db(), u"SELECT id FROM users WHERE username = ?"_s, {name});
        if (!followee)
            return followee.error();
        if (!followee->next()) {
            report.followsSkipped.append({name, u"no user named "_s + name});
            continue;
        }
        const qint64 followeeId = followee->value(0).toLongLong();
        followee->finish();
        // No "followed" activity: this is history, not news.
        auto added = sql::exec(tx.db(),
                               u"INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)"
                               " ON CONFLICT (follower_id, followee_id) DO NOTHING"_s,
                               {userId, followeeId, now});
        if (!added)
            return added.error();
        if (added->numRowsAffected() == 1)
            report.followsAdded.append(name);
        else
            report.followsSkipped.append({name, u"already followed"_s});
    }
    if (Status committed = tx.commit(); !committed)
        return committed.error();
    return report;
}

} // namespace mood
