#pragma once

#include "Activity.h"
#include "EventStore.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace mood {

class JsonWriter;

// An activity of the feed (CONTRACTS.md section 4): exactly {"actor", "datetime", "object", "target", "verb"},
// datetime "YYYY-MM-DDTHH:MM:SS" in UTC. Reading one back leaves the id unset.
void writeJson(JsonWriter& writer, const Activity& activity);
QByteArray toJson(const Activity& activity);
std::optional<Activity> activityFromJson(const QJsonObject& object, QString* error = nullptr);

// An event (CONTRACTS.md section 2), keys in the contract's order: component, data, email, environment,
// message, id, created_at (a string of epoch seconds with a six-digit fraction).
void writeJson(JsonWriter& writer, const Event& event);
QByteArray toJson(const Event& event);
std::optional<Event> eventFromJson(const QJsonObject& object, QString* error = nullptr);

} // namespace mood
