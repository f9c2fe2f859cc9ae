#pragma once

#include "Clock.h"
#include "Database.h"
#include "FollowService.h"
#include "Result.h"
#include "UserService.h"

#include <QByteArray>

namespace mood {

// A user's own data as a file: every mood (with its note, timestamp, recorded day and recording time), the
// profile without secrets (no password hash, no tokens) and the follows, in either direction.
//   JSON: {"format": "moodboard-export", "version": 1, "exportedAt": RFC 3339, "profile": {...},
//          "moods": [{"mood", "timestamp", "day", "note", "recordedAt"}, ...] oldest first,
//          "following": [names], "followers": [names]}
//   CSV:  the moods only, one per line: timestamp,day,time,mood,level,note,recorded_at (time: local, RFC 3339)
// DataImport reads both back.
class DataExport final
{
public:
    static constexpr int kVersion = 1;
    static inline const QString kFormat = QStringLiteral("moodboard-export");
    static inline const QStringList kCsvHeader{
        QStringLiteral("timestamp"), QStringLiteral("day"),  QStringLiteral("time"),       QStringLiteral("mood"),
        QStringLiteral("level"),     QStringLiteral("note"), QStringLiteral("recorded_at")};

    DataExport(const Database& database, const Clock& clock, const UserService& users, const FollowService& follows);

    Result<QByteArray> json(qint64 userId) const;
    Result<QByteArray> csv(qint64 userId) const;

private:
    struct Row {
        QString mood;
        qint64 at = 0;
        QString day;
        QString note;
        qint64 recordedAt = 0;
    };
    Result<QList<Row>> moods(qint64 userId) const;

    const Database& m_database;
    const Clock& m_clock;
    const UserService& m_users;
    const FollowService& m_follows;
};

} // namespace mood
