#include "MoodJson.h"

#include "DateText.h"
#include "JsonFields.h"
#include "JsonWriter.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
std::optional<Mood> moodIn(JsonFields& fields, QLatin1StringView key, const QString& name)
{
    const auto mood = moodFromName(name);
    if (!mood && fields.ok())
        fields.invalid(key, u"is not a mood: "_s + name);
    return mood;
}

QDate isoDateIn(JsonFields& fields, QLatin1StringView key, const QString& text)
{
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid() && fields.ok())
        fields.invalid(key, u"is not a date (YYYY-MM-DD): "_s + text);
    return date;
}

// Mood names are plain ASCII: no escaping to do, and no QString to make per entry.
const QByteArray& moodNameBytes(Mood mood)
{
    static const QList<QByteArray> names = [] {
        QList<QByteArray> list;
        for (Mood m : allMoods())
            list.append(moodName(m).toLatin1());
        return list;
    }();
    return names.at(static_cast<qsizetype>(mood));
}

void writeMood(JsonWriter& writer, Mood mood)
{
    const QByteArray& name = moodNameBytes(mood);
    writer.plainString(name.constData(), name.size());
}

// {"date":"Sun, Oct 24 at 06:28 PM","mood":"CHEERFUL"} in one append: a history renders thousands of these.
void writeBriefEntry(JsonWriter& writer, const MoodEntry& entry, const DateText& dates)
{
    constexpr std::string_view open = R"({"date":")";
    constexpr std::string_view between = R"(","mood":")";
    constexpr qsizetype kLongestName = 16; // the longest is 10 (MELANCHOLY, REFLECTIVE)
    const QByteArray& name = moodNameBytes(entry.mood);
    if (name.size() > kLongestName) {
        writer.beginObject().key("date"_L1).value(QLatin1StringView(dates.historyDate(entry.at))).key("mood"_L1);
        writeMood(writer, entry.mood);
        writer.endObject();
        return;
    }
    std::array<char, open.size() + 23 + between.size() + kLongestName + 2> text;
    char* at = std::copy(open.begin(), open.end(), text.begin());
    at = dates.writeHistoryDate(at, entry.at);
    at = std::copy(between.begin(), between.end(), at);
    at = std::copy_n(name.constData(), name.size(), at);
    *at++ = '"';
    *at++ = '}';
    writer.raw(text.data(), at - text.data());
}
} // namespace

void writeJson(JsonWriter& writer, const MoodEntry& entry, const DateText& dates, bool details)
{
    if (!details)
        return writeBriefEntry(writer, entry, dates);
    std::array<char, 23> date;
    dates.writeHistoryDate(date.data(), entry.at);
    writer.beginObject().key("date"_L1).plainString(date.data(), date.size()).key("mood"_L1);
    writeMood(writer, entry.mood);
    QByteArray day;
    DateText::appendIsoDate(day, entry.day);
    writer.key("id"_L1)
        .value(entry.id)
        .key("timestamp"_L1)
        .value(entry.at)
        .key("day"_L1)
        .plainString(day.constData(), day.size())
        .key("note"_L1)
        .value(entry.note)
        .endObject();
}

QByteArray toJson(const MoodSummary& summary, const QTimeZone& zone, bool details)
{
    qint64 first = 0;
    qint64 last = -1;
    if (!summary.history.isEmpty()) {
        const auto [low, high] =
            std::minmax_element(summary.history.cbegin(), summary.history.cend(),
                                [](const MoodEntry& a, const MoodEntry& b) { return a.at < b.at; });
        first = low->at;
        last = high->at;
    }
    const DateText dates(zone, first, last);
    JsonWriter writer(64 + summary.history.size() * (details ? 120 : 48));
    writer.beginObject()
        .key("currentStreak"_L1)
        .value(summary.streaks.current)
        .key("longestStreak"_L1)
        .value(summary.streaks.longest)
        .key("moodHistory"_L1)
        .beginArray();
    for (const MoodEntry& entry : summary.history)
        writeJson(writer, entry, dates, details);
    writer.endArray();
    if (summary.streakPercentile)
        writer.key("streakPercentile"_L1).floatValue(*summary.streakPercentile);
    return writer.endObject().take();
}

void writeJson(JsonWriter& writer, const BoardDay& day)
{
    QByteArray date;
    DateText::appendIsoDate(date, day.date);
    writer.beginObject().key("date"_L1).plainString(date.constData(), date.size()).key("level"_L1).value(day.level);
    writer.key("moods"_L1).beginArray();
    for (Mood mood : day.moods)
        writeMood(writer, mood);
    writer.endArray().endObject();
}

QByteArray toJson(const YearBoard& board)
{
    JsonWriter writer(32 + board.days.size() * 64);
    writer.beginObject().key("year"_L1).value(board.year).key("days"_L1).beginArray();
    for (const BoardDay& day : board.days)
        writeJson(writer, day);
    return writer.endArray().endObject().take();
}

std::optional<MoodEntry> moodEntryFromJson(const QJsonObject& object, QString* error)
{
    JsonFields fields(object, u"mood entry"_s);
    MoodEntry entry;
    (void)fields.string("date"_L1);
    const auto mood = moodIn(fields, "mood"_L1, fields.string("mood"_L1));
    entry.id = fields.optionalInteger("id"_L1).value_or(0);
    entry.at = fields.optionalInteger("timestamp"_L1).value_or(0);
    if (const auto day = fields.optionalString("day"_L1))
        entry.day = isoDateIn(fields, "day"_L1, *day);
    entry.note = fields.optionalString("note"_L1).value_or(QString());
    if (!fields.finish(error))
        return std::nullopt;
    entry.mood = *mood;
    return entry;
}

std::optional<MoodSummary> moodSummaryFromJson(const QJsonObject& object, QString* error)
{
    JsonFields fields(object, u"mood summary"_s);
    MoodSummary summary;
    summary.streaks.current = static_cast<int>(fields.integer("currentStreak"_L1));
    summary.streaks.longest = static_cast<int>(fields.integer("longestStreak"_L1));
    summary.streakPercentile = fields.optionalNumber("streakPercentile"_L1);
    const QJsonArray history = fields.array("moodHistory"_L1);
    if (!fields.finish(error))
        return std::nullopt;
    summary.history.reserve(history.size());
    for (qsizetype i = 0; i < history.size(); ++i) {
        QString why;
        const auto entry =
            history.at(i).isObject() ? moodEntryFromJson(history.at(i).toObject(), &why) : std::optional<MoodEntry>();
        if (!entry) {
            if (error)
                *error = u"mood summary: moodHistory[%1]: %2"_s.arg(i).arg(why.isEmpty() ? u"not an object"_s : why);
            return std::nullopt;
        }
        summary.history.append(*entry);
    }
    return summary;
}

std::optional<MoodSummary> moodSummaryFromJson(const QByteArray& json, QString* error)
{
    const auto object = JsonFields::parseObject(json, u"mood summary"_s, error);
    return object ? moodSummaryFromJson(*object, error) : std::nullopt;
}

std::optional<BoardDay> boardDayFromJson(const QJsonObject& object, QString* error)
{
    JsonFields fields(object, u"board day"_s);
    BoardDay day;
    day.date = isoDateIn(fields, "date"_L1, fields.string("date"_L1));
    day.level = static_cast<int>(fields.integer("level"_L1));
    const QJsonArray moods = fields.array("moods"_L1);
    for (const QJsonValue& name : moods) {
        if (!name.isString() && fields.ok())
            fields.invalid("moods"_L1, u"must hold mood names"_s);
        if (const auto mood = moodIn(fields, "moods"_L1, name.toString()))
            day.moods.append(*mood);
    }
    if (!fields.finish(error))
        return std::nullopt;
    return day;
}

std::optional<YearBoard> yearBoardFromJson(const QByteArray& json, QString* error)
{
    const auto object = JsonFields::parseObject(json, u"board"_s, error);
    if (!object)
        return std::nullopt;
    JsonFields fields(*object, u"board"_s);
    YearBoard board;
    board.year = static_cast<int>(fields.integer("year"_L1));
    const QJsonArray days = fields.array("days"_L1);
    if (!fields.finish(error))
        return std::nullopt;
    for (qsizetype i = 0; i < days.size(); ++i) {
        QString why;
        const auto day =
            days.at(i).isObject() ? boardDayFromJson(days.at(i).toObject(), &why) : std::optional<BoardDay>();
        if (!day) {
            if (error)
                *error = u"board: days[%1]: %2"_s.arg(i).arg(why.isEmpty() ? u"not an object"_s : why);
            return std::nullopt;
        }
        board.days.append(*day);
    }
    return board;
}

} // namespace mood
