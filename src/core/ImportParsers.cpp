#include "ImportParsers.h"

#include "Csv.h"
#include "DataExport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace mood::import {

using namespace Qt::StringLiterals;

namespace {
Error invalid(const QString& message)
{
    return Error{ErrorKind::Invalid, message};
}

std::optional<qint64> wholeNumber(const QJsonValue& value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!std::isfinite(number) || number != std::floor(number) || std::abs(number) > 9007199254740992.0)
        return std::nullopt;
    return static_cast<qint64>(number);
}

std::optional<QDate> isoDay(const QString& text)
{
    static const QRegularExpression pattern(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    if (!pattern.match(text).hasMatch())
        return std::nullopt;
    const QDate day = QDate::fromString(text, Qt::ISODate);
    return day.isValid() ? std::optional(day) : std::nullopt;
}

std::optional<qint64> integerText(const QString& text)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

Candidate moodboardCandidate(int row, const QString& moodName, std::optional<qint64> at, const QString& dayText,
                             const QString& note, std::optional<qint64> recordedAt)
{
    Candidate candidate;
    candidate.row = row;
    candidate.note = note;
    candidate.recordedAt = recordedAt;
    const auto mood = moodFromName(moodName);
    if (!mood) {
        candidate.reason = u"'%1' is not a mood (%2)"_s.arg(moodName, allMoodNames().join(u", "_s));
        return candidate;
    }
    candidate.mood = *mood;
    if (!at) {
        candidate.reason = u"no timestamp (whole epoch seconds)"_s;
        return candidate;
    }
    candidate.at = at;
    if (!dayText.isEmpty()) {
        candidate.day = isoDay(dayText);
        if (!candidate.day)
            candidate.reason = u"'%1' is not a day (YYYY-MM-DD)"_s.arg(dayText);
    }
    return candidate;
}

// Column positions by name; nullopt when a required column is missing.
std::optional<QHash<QString, int>> columns(const QStringList& header, const QStringList& required)
{
    QHash<QString, int> out;
    for (int i = 0; i < header.size(); ++i)
        out.insert(header.at(i).trimmed().toLower(), i);
    for (const QString& name : required) {
        if (!out.contains(name))
            return std::nullopt;
    }
    return out;
}

QString cell(const csv::Record& record, const QHash<QString, int>& columns, const QString& name)
{
    const int index = columns.value(name, -1);
    return index >= 0 && index < record.fields.size() ? record.fields.at(index) : QString();
}

Parsed daylio(const QList<csv::Record>& records, const QHash<QString, int>& cols)
{
    Parsed parsed;
    parsed.format = Format::DaylioCsv;
    for (qsizetype i = 1; i < records.size(); ++i) {
        const csv::Record& record = records.at(i);
        Candidate candidate;
        candidate.row = record.line;
        const QString title = cell(record, cols, u"note_title"_s).trimmed();
        const QString note = cell(record, cols, u"note"_s).trimmed();
        candidate.note = title.isEmpty() ? note : note.isEmpty() ? title : title + u'\n' + note;
        const QString moodText = cell(record, cols, u"mood"_s);
        const QString dayText = cell(record, cols, u"full_date"_s).trimmed();
        const QString timeText = cell(record, cols, u"time"_s);
        const auto mood = daylioMood(moodText);
        candidate.day = isoDay(dayText);
        candidate.localTime = parseDaylioTime(timeText);
        if (mood)
            candidate.mood = *mood;
        if (!mood)
            candidate.reason = u"'%1' is not one of Daylio's moods (rad, good, meh, bad, awful)"_s.arg(moodText);
        else if (!candidate.day)
            candidate.reason = u"'%1' is not a date (YYYY-MM-DD)"_s.arg(dayText);
        else if (!candidate.localTime)
            candidate.reason = u"'%1' is not a time of day (20:15 or 8:15 pm)"_s.arg(timeText);
        parsed.candidates.append(candidate);
    }
    return parsed;
}

Parsed moodboardCsv(const QList<csv::Record>& records, const QHash<QString, int>& cols)
{
    Parsed parsed;
    parsed.format = Format::MoodboardCsv;
    for (qsizetype i = 1; i < records.size(); ++i) {
        const csv::Record& record = records.at(i);
        const QString recorded = cell(record, cols, u"recorded_at"_s);
        parsed.candidates.append(moodboardCandidate(
            record.line, cell(record, cols, u"mood"_s).trimmed(), integerText(cell(record, cols, u"timestamp"_s)),
            cell(record, cols, u"day"_s).trimmed(), cell(record, cols, u"note"_s),
            recorded.isEmpty() ? std::nullopt : integerText(recorded)));
    }
    return parsed;
}
} // namespace

QString formatName(Format format)
{
    switch (format) {
    case Format::MoodboardJson:
        return u"moodboard-json"_s;
    case Format::MoodboardCsv:
        return u"moodboard-csv"_s;
    case Format::DaylioCsv:
        return u"daylio-csv"_s;
    }
    return {};
}

std::optional<Mood> daylioMood(const QString& name)
{
    static const QHash<QString, Mood> moods{{u"rad"_s, Mood::Cheerful},
                                            {u"good"_s, Mood::Whimsical},
                                            {u"meh"_s, Mood::Reflective},
                                            {u"bad"_s, Mood::Melancholy},
                                            {u"awful"_s, Mood::Gloomy}};
    const auto it = moods.constFind(name.trimmed().toLower());
    return it == moods.constEnd() ? std::nullopt : std::optional(*it);
}

std::optional<QTime> parseDaylioTime(const QString& text)
{
    static const QRegularExpression pattern(
        u"^\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(?:([AaPp])\\.?\\s*[Mm]\\.?)?\\s*$"_s);
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    int hour = match.captured(1).toInt();
    const int minute = match.captured(2).toInt();
    const int second = match.captured(3).toInt();
    const QString half = match.captured(4).toLower();
    if (!half.isEmpty()) {
        if (hour < 1 || hour > 12)
            return std::nullopt;
        hour = hour % 12 + (half == u"p"_s ? 12 : 0);
    }
    const QTime time(hour, minute, second);
    return time.isValid() ? std::optional(time) : std::nullopt;
}

Result<Parsed> parseJson(const QByteArray& data)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(u"the file is not JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        return invalid(u"the file is not a Moodboard export: its top level is not an object"_s);
    const QJsonObject root = document.object();
    if (root.contains(u"format"_s) && root.value(u"format"_s) != QJsonValue(DataExport::kFormat))
        return invalid(u"the file is not a Moodboard export: 'format' is not '%1'"_s.arg(DataExport::kFormat));
    if (const QJsonValue version = root.value(u"version"_s); !version.isUndefined()) {
        const auto number = wholeNumber(version);
        if (!number || *number < 1)
            return invalid(u"'version' must be a whole number from 1"_s);
        if (*number > DataExport::kVersion)
            return invalid(
                u"the file was written by a newer Moodboard (export version %1; this one reads up to %2)"_s.arg(*number)
                    .arg(DataExport::kVersion));
    }
    if (!root.value(u"moods"_s).isArray())
        return invalid(root.contains(u"moods"_s) ? u"'moods' must be an array"_s : u"'moods' is a required property"_s);
    const QJsonValue following = root.value(u"following"_s);
    if (!following.isUndefined() && !following.isArray())
        return invalid(u"'following' must be an array of user names"_s);

    Parsed parsed;
    parsed.format = Format::MoodboardJson;
    const QJsonArray moods = root.value(u"moods"_s).toArray();
    for (qsizetype i = 0; i < moods.size(); ++i) {
        const int row = static_cast<int>(i + 1);
        if (!moods.at(i).isObject()) {
            Candidate broken;
            broken.row = row;
            broken.reason = u"not an object"_s;
            parsed.candidates.append(broken);
            continue;
        }
        const QJsonObject item = moods.at(i).toObject();
        const QJsonValue note = item.value(u"note"_s);
        const QJsonValue day = item.value(u"day"_s);
        Candidate candidate =
            moodboardCandidate(row, item.value(u"mood"_s).toString(), wholeNumber(item.value(u"timestamp"_s)),
                               day.isString() ? day.toString() : QString(),
                               note.isString() ? note.toString() : QString(), wholeNumber(item.value(u"recordedAt"_s)));
        if (candidate.reason.isEmpty() && !note.isUndefined() && !note.isNull() && !note.isString())
            candidate.reason = u"'note' must be text"_s;
        if (candidate.reason.isEmpty() && !day.isUndefined() && !day.isString())
            candidate.reason = u"'day' must be text (YYYY-MM-DD)"_s;
        parsed.candidates.append(candidate);
    }
    for (const QJsonValue& name : following.toArray()) {
        if (name.isString())
            parsed.following.append(name.toString());
    }
    return parsed;
}

Result<Parsed> parseCsv(const QByteArray& data)
{
    const auto records = csv::parse(data);
    if (!records)
        return invalid(u"the file is not CSV: "_s + records.error().message);
    if (records->isEmpty())
        return invalid(u"the file is empty"_s);
    const QStringList& header = records->first().fields;
    if (const auto cols = columns(header, {u"full_date"_s, u"time"_s, u"mood"_s}))
        return daylio(*records, *cols);
    if (const auto cols = columns(header, {u"timestamp"_s, u"mood"_s}))
        return moodboardCsv(*records, *cols);
    return invalid(
        u"unknown CSV: the first line must be a Moodboard export header (%1) or Daylio's "
        "(full_date,date,weekday,time,mood,activities,note_title,note)"_s.arg(DataExport::kCsvHeader.join(u',')));
}

} // namespace mood::import
