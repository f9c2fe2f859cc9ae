#pragma once

#include "Mood.h"
#include "Result.h"

#include <QDate>
#include <QList>
#include <QStringList>
#include <QTime>

#include <optional>

namespace mood::import {

enum class Format { MoodboardJson, MoodboardCsv, DaylioCsv };
QString formatName(Format format); // "moodboard-json" | "moodboard-csv" | "daylio-csv"

// One entry of a file, as read; DataImport decides whether it goes in.
struct Candidate {
    int row = 0;    // JSON: 1-based index in "moods"; CSV: the line the record starts on
    QString reason; // not empty: unusable, skipped with this reason
    Mood mood = Mood::Reflective;
    std::optional<qint64> at;       // epoch seconds (Moodboard files)
    std::optional<QDate> day;       // the recorded day (Moodboard files: optional; Daylio: its date)
    std::optional<QTime> localTime; // Daylio: the time of day, in the user's time zone
    QString note;
    std::optional<qint64> recordedAt;
};

struct Parsed {
    Format format = Format::MoodboardJson;
    QList<Candidate> candidates;
    QStringList following; // Moodboard JSON only
};

// File-level problems (not JSON, not CSV, an unknown header, a newer format) are errors: nothing is imported.
// Row-level problems become candidates with a reason.
Result<Parsed> parseJson(const QByteArray& data);
Result<Parsed> parseCsv(const QByteArray& data); // Daylio by its header, otherwise our own CSV export

// Daylio's five moods onto the panel's five: rad, good, meh, bad, awful.
std::optional<Mood> daylioMood(const QString& name);
// "20:15", "20:15:30", "8:15 pm", "8:15PM", "12:05 a.m."
std::optional<QTime> parseDaylioTime(const QString& text);

} // namespace mood::import
