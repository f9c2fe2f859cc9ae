#include "ImportReport.h"

#include "JsonFields.h"

#include <QJsonArray>

#include <algorithm>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
QJsonObject rowJson(const ImportReport::Row& row)
{
    QJsonObject out{{u"row"_s, row.row}, {u"status"_s, row.imported ? u"imported"_s : u"skipped"_s}};
    if (!row.day.isEmpty())
        out.insert(u"day"_s, row.day);
    if (!row.mood.isEmpty())
        out.insert(u"mood"_s, row.mood);
    if (!row.reason.isEmpty())
        out.insert(u"reason"_s, row.reason);
    if (!row.warning.isEmpty())
        out.insert(u"warning"_s, row.warning);
    return out;
}

std::optional<import::Format> formatFromName(const QString& name)
{
    for (auto format : {import::Format::MoodboardJson, import::Format::MoodboardCsv, import::Format::DaylioCsv}) {
        if (import::formatName(format) == name)
            return format;
    }
    return std::nullopt;
}

std::optional<ImportReport::Row> rowFromJson(const QJsonObject& object, QString* error)
{
    JsonFields fields(object, u"import row"_s);
    ImportReport::Row row;
    row.row = static_cast<int>(fields.integer("row"_L1));
    const QString status = fields.string("status"_L1);
    if (fields.ok() && status != u"imported"_s && status != u"skipped"_s)
        fields.invalid("status"_L1, u"is neither 'imported' nor 'skipped': "_s + status);
    row.imported = status == u"imported"_s;
    row.day = fields.optionalString("day"_L1).value_or(QString());
    row.mood = fields.optionalString("mood"_L1).value_or(QString());
    row.reason = fields.optionalString("reason"_L1).value_or(QString());
    row.warning = fields.optionalString("warning"_L1).value_or(QString());
    if (!fields.finish(error))
        return std::nullopt;
    return row;
}

bool fail(QString* error, const QString& why)
{
    if (error)
        *error = u"import report: "_s + why;
    return false;
}

bool followsFromJson(const QJsonObject& object, ImportReport& report, QString* error)
{
    JsonFields fields(object, u"import report: follows"_s);
    const QJsonArray added = fields.array("added"_L1);
    const QJsonArray skipped = fields.array("skipped"_L1);
    if (!fields.finish(error))
        return false;
    for (const QJsonValue& name : added) {
        if (!name.isString())
            return fail(error, u"follows.added must hold user names"_s);
        report.followsAdded.append(name.toString());
    }
    for (const QJsonValue& item : skipped) {
        if (!item.isObject())
            return fail(error, u"follows.skipped must hold objects"_s);
        const QJsonObject skippedFollow = item.toObject(); // JsonFields reads it by reference
        JsonFields follow(skippedFollow, u"import report: follows.skipped"_s);
        ImportReport::SkippedFollow entry{follow.string("user"_L1), follow.string("reason"_L1)};
        if (!follow.finish(error))
            return false;
        report.followsSkipped.append(entry);
    }
    return true;
}
} // namespace

int ImportReport::imported() const
{
    return static_cast<int>(std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.imported; }));
}

int ImportReport::skipped() const
{
    return static_cast<int>(rows.size()) - imported();
}

QJsonObject ImportReport::toJson() const
{
    QJsonArray rowArray;
    for (const Row& row : rows)
        rowArray.append(rowJson(row));
    QJsonObject out{{u"format"_s, import::formatName(format)},
                    {u"imported"_s, imported()},
                    {u"skipped"_s, skipped()},
                    {u"rows"_s, rowArray}};
    if (format == import::Format::MoodboardJson) {
        QJsonArray skippedFollows;
        for (const SkippedFollow& follow : followsSkipped)
            skippedFollows.append(QJsonObject{{u"user"_s, follow.user}, {u"reason"_s, follow.reason}});
        out.insert(u"follows"_s,
                   QJsonObject{{u"added"_s, QJsonArray::fromStringList(followsAdded)}, {u"skipped"_s, skippedFollows}});
    }
    return out;
}

std::optional<ImportReport> ImportReport::fromJson(const QJsonObject& object, QString* error)
{
    JsonFields fields(object, u"import report"_s);
    const QString formatText = fields.string("format"_L1);
    const auto format = formatFromName(formatText);
    if (fields.ok() && !format)
        fields.invalid("format"_L1, u"is not an import format: "_s + formatText);
    const qint64 imported = fields.integer("imported"_L1);
    const qint64 skipped = fields.integer("skipped"_L1);
    const QJsonArray rows = fields.array("rows"_L1);
    const bool hasFollows = fields.has("follows"_L1);
    const QJsonObject follows = hasFollows ? fields.object("follows"_L1) : QJsonObject();
    if (!fields.finish(error))
        return std::nullopt;

    ImportReport report;
    report.format = *format;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QString why;
        const auto row = rows.at(i).isObject() ? rowFromJson(rows.at(i).toObject(), &why) : std::nullopt;
        if (!row) {
            fail(error, u"rows[%1]: %2"_s.arg(i).arg(why.isEmpty() ? u"not an object"_s : why));
            return std::nullopt;
        }
        report.rows.append(*row);
    }
    if (hasFollows && !followsFromJson(follows, report, error))
        return std::nullopt;
    if (report.imported() != imported || report.skipped() != skipped) {
        fail(error, u"'imported' and 'skipped' do not match the rows"_s);
        return std::nullopt;
    }
    return report;
}

} // namespace mood
