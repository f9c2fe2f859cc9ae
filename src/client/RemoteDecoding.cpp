#include "RemoteDecoding.h"

#include <QJsonArray>

namespace mood::client::remote {

using namespace Qt::StringLiterals;

namespace {
template <typename T>
std::optional<T> fail(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

bool isWhole(const QJsonValue& value)
{
    return value.isDouble() && value.toDouble() == static_cast<double>(value.toInteger());
}
} // namespace

std::optional<MoodEntry> entryFromJson(const QJsonObject& json, QString* error)
{
    const auto mood = moodFromName(json.value(u"mood"_s).toString());
    if (!mood)
        return fail<MoodEntry>(error, u"an entry without a known 'mood'"_s);
    if (!isWhole(json.value(u"id"_s)) || !isWhole(json.value(u"timestamp"_s)))
        return fail<MoodEntry>(error, u"an entry without 'id' and 'timestamp' (details)"_s);
    const QDate day = QDate::fromString(json.value(u"day"_s).toString(), Qt::ISODate);
    if (!day.isValid())
        return fail<MoodEntry>(error, u"an entry without a 'day'"_s);
    MoodEntry entry;
    entry.id = json.value(u"id"_s).toInteger();
    entry.mood = *mood;
    entry.at = json.value(u"timestamp"_s).toInteger();
    entry.day = day;
    entry.note = json.value(u"note"_s).toString();
    return entry;
}

std::optional<MoodSummary> summaryFromJson(const QJsonObject& json, QString* error)
{
    if (!isWhole(json.value(u"currentStreak"_s)) || !isWhole(json.value(u"longestStreak"_s))
        || !json.value(u"moodHistory"_s).isArray())
        return fail<MoodSummary>(error, u"'currentStreak', 'longestStreak' and 'moodHistory' are required"_s);
    MoodSummary summary;
    summary.streaks.current = json.value(u"currentStreak"_s).toInt();
    summary.streaks.longest = json.value(u"longestStreak"_s).toInt();
    if (json.value(u"streakPercentile"_s).isDouble())
        summary.streakPercentile = json.value(u"streakPercentile"_s).toDouble();
    const QJsonArray history = json.value(u"moodHistory"_s).toArray();
    summary.history.reserve(history.size());
    for (const QJsonValue& item : history) {
        auto entry = entryFromJson(item.toObject(), error);
        if (!entry)
            return std::nullopt;
        summary.history.append(*entry);
    }
    return summary;
}

std::optional<User> profileFromJson(const QJsonObject& json, QString* error)
{
    const QString username = json.value(u"username"_s).toString();
    if (username.isEmpty())
        return fail<User>(error, u"a profile without 'username'"_s);
    User user;
    user.username = username;
    user.email = json.value(u"email"_s).toString();
    user.timeZone = json.value(u"timezone"_s).toString().toUtf8();
    user.shareLevel = shareLevelFromName(json.value(u"shareLevel"_s).toString()).value_or(ShareLevel::Milestones);
    user.isAdmin = json.value(u"isAdmin"_s).toBool();
    return user;
}

std::optional<mood::Activity> activityFromJson(const QJsonObject& json, QString* error)
{
    QDateTime at = QDateTime::fromString(json.value(u"datetime"_s).toString(), u"yyyy-MM-dd'T'HH:mm:ss"_s);
    if (!at.isValid() || !json.value(u"actor"_s).isString() || !json.value(u"verb"_s).isString())
        return fail<mood::Activity>(error, u"an activity without 'actor', 'verb' and 'datetime'"_s);
    at.setTimeSpec(Qt::UTC);
    mood::Activity activity;
    activity.actor = json.value(u"actor"_s).toString();
    activity.verb = json.value(u"verb"_s).toString();
    if (json.value(u"object"_s).isString())
        activity.object = json.value(u"object"_s).toString();
    activity.target = json.value(u"target"_s).toString();
    activity.datetime = at;
    return activity;
}

std::optional<mood::BoardDay> boardDayFromJson(const QJsonObject& json, QString* error)
{
    mood::BoardDay day;
    day.date = QDate::fromString(json.value(u"date"_s).toString(), Qt::ISODate);
    day.level = json.value(u"level"_s).toInt();
    if (!day.date.isValid() || day.level < 1 || day.level > 5)
        return fail<mood::BoardDay>(error, u"a board day without 'date' and 'level'"_s);
    for (const QJsonValue& name : json.value(u"moods"_s).toArray()) {
        const auto mood = moodFromName(name.toString());
        if (!mood)
            return fail<mood::BoardDay>(error, u"a board day with an unknown mood"_s);
        day.moods.append(*mood);
    }
    return day;
}

} // namespace mood::client::remote
