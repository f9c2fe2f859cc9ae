#pragma once

#include "BoardService.h"
#include "MoodService.h"

#include <QByteArray>
#include <QJsonObject>
#include <QTimeZone>

#include <optional>

namespace mood {

class DateText;
class JsonWriter;

// The JSON of CONTRACTS.md section 1 for moods, summaries and the board, written by the server and read by the
// desktop app's HTTP client with the same code.

// {"date", "mood"} and, with details, "id", "timestamp", "day", "note". `dates` writes "date" in the user's zone.
void writeJson(JsonWriter& writer, const MoodEntry& entry, const DateText& dates, bool details);
// The answer of GET and POST /mood: {"currentStreak", "longestStreak", "moodHistory", "streakPercentile"?}.
QByteArray toJson(const MoodSummary& summary, const QTimeZone& zone, bool details);
// {"year", "days": [{"date", "level", "moods"}]}
void writeJson(JsonWriter& writer, const BoardDay& day);
QByteArray toJson(const YearBoard& board);

// Read back what the functions above write. An entry without details has only its mood (id, at and day stay
// unset: "date" shows neither year nor seconds). Anything malformed gives nothing and says why in *error.
std::optional<MoodEntry> moodEntryFromJson(const QJsonObject& object, QString* error = nullptr);
std::optional<MoodSummary> moodSummaryFromJson(const QJsonObject& object, QString* error = nullptr);
std::optional<MoodSummary> moodSummaryFromJson(const QByteArray& json, QString* error = nullptr);
std::optional<BoardDay> boardDayFromJson(const QJsonObject& object, QString* error = nullptr);
std::optional<YearBoard> yearBoardFromJson(const QByteArray& json, QString* error = nullptr);

} // namespace mood
