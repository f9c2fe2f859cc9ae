#include "RemoteDecoding.h"

#include "ActivityJson.h"
#include "MoodJson.h"
#include "ProfileJson.h"

// The server encodes with the same functions: one mapping per type, beside the type, in the core.
namespace mood::client::remote {

std::optional<MoodEntry> entryFromJson(const QJsonObject& json, QString* error)
{
    return moodEntryFromJson(json, error);
}

std::optional<MoodSummary> summaryFromJson(const QJsonObject& json, QString* error)
{
    return moodSummaryFromJson(json, error);
}

std::optional<User> profileFromJson(const QJsonObject& json, QString* error)
{
    return mood::profileFromJson(json, error);
}

std::optional<mood::Activity> activityFromJson(const QJsonObject& json, QString* error)
{
    return mood::activityFromJson(json, error);
}

std::optional<mood::BoardDay> boardDayFromJson(const QJsonObject& json, QString* error)
{
    return mood::boardDayFromJson(json, error);
}

} // namespace mood::client::remote
