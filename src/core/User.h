#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace mood {

// What followers see of a user's activity.
enum class ShareLevel { None, Milestones, Moods };
QString shareLevelName(ShareLevel level); // "none" | "milestones" | "moods"
std::optional<ShareLevel> shareLevelFromName(const QString& name);

struct User {
    qint64 id = 0;
    QString username;
    QString email;
    QByteArray timeZone; // IANA id
    ShareLevel shareLevel = ShareLevel::Milestones;
    bool isAdmin = false;
    int longestStreak = 0;
    qint64 createdAt = 0; // epoch seconds
};

} // namespace mood
