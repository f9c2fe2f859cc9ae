#pragma once

#include "Activity.h"
#include "BoardService.h"
#include "MoodService.h"
#include "User.h"

#include <QJsonObject>

#include <optional>

// The JSON of CONTRACTS.md back into the core's value types, one function per type. Each forwards to the core's
// fromJson() beside the type, so the server encodes and this client decodes with the same code. nullopt and
// *error set when the JSON is not what the contract says.
namespace mood::client::remote {

// A moodHistory item with details (?details=true): id, timestamp, day, note, mood.
std::optional<MoodEntry> entryFromJson(const QJsonObject& json, QString* error);
// The body of GET|POST /mood?details=true.
std::optional<MoodSummary> summaryFromJson(const QJsonObject& json, QString* error);
// GET /user/me.
std::optional<User> profileFromJson(const QJsonObject& json, QString* error);
// One activity of a feed.
std::optional<mood::Activity> activityFromJson(const QJsonObject& json, QString* error);
// One day of GET /board.
std::optional<mood::BoardDay> boardDayFromJson(const QJsonObject& json, QString* error);

} // namespace mood::client::remote
