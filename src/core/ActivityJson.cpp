#include "ActivityJson.h"

#include "DateText.h"
#include "JsonFields.h"
#include "JsonWriter.h"
#include "TimeUtil.h"

#include <QRegularExpression>

namespace mood {

using namespace Qt::StringLiterals;

void writeJson(JsonWriter& writer, const Activity& activity)
{
    QByteArray datetime;
    if (activity.datetime.isValid())
        DateText::appendUtcDateTime(datetime, activity.datetime.toSecsSinceEpoch());
    writer.beginObject().key("actor"_L1).value(activity.actor);
    writer.key("datetime"_L1).plainString(datetime.constData(), datetime.size());
    writer.key("object"_L1);
    if (activity.object)
        writer.value(*activity.object);
    else
        writer.null();
    writer.key("target"_L1).value(activity.target).key("verb"_L1).value(activity.verb).endObject();
}

QByteArray toJson(const Activity& activity)
{
    JsonWriter writer(128);
    writeJson(writer, activity);
    return writer.take();
}

std::optional<Activity> activityFromJson(const QJsonObject& object, QString* error)
{
    JsonFields fields(object, u"activity"_s);
    Activity activity;
    activity.actor = fields.string("actor"_L1);
    const QString datetime = fields.string("datetime"_L1);
    activity.object = fields.nullableString("object"_L1);
    activity.target = fields.string("target"_L1);
    activity.verb = fields.string("verb"_L1);
    activity.datetime = QDateTime::fromString(datetime, u"yyyy-MM-dd'T'HH:mm:ss"_s);
    activity.datetime.setTimeSpec(Qt::UTC);
    if (!activity.datetime.isValid() && fields.ok())
        fields.invalid("datetime"_L1, u"is not YYYY-MM-DDTHH:MM:SS: "_s + datetime);
    if (!fields.finish(error))
        return std::nullopt;
    return activity;
}

void writeJson(JsonWriter& writer, const Event& event)
{
    writer.beginObject()
        .key("component"_L1)
        .value(event.component)
        .key("data"_L1)
        .value(QJsonValue(event.data))
        .key("email"_L1)
        .value(event.email)
        .key("environment"_L1)
        .value(event.environment)
        .key("message"_L1)
        .value(event.message)
        .key("id"_L1)
        .value(event.id)
        .key("created_at"_L1)
        .value(formatEpochMicros(event.createdMicros))
        .endObject();
}

QByteArray toJson(const Event& event)
{
    JsonWriter writer(256);
    writeJson(writer, event);
    return writer.take();
}

std::optional<Event> eventFromJson(const QJsonObject& object, QString* error)
{
    JsonFields fields(object, u"event"_s);
    Event event;
    event.component = fields.string("component"_L1);
    event.data = fields.object("data"_L1);
    event.email = fields.string("email"_L1);
    event.environment = fields.string("environment"_L1);
    event.message = fields.string("message"_L1);
    event.id = fields.string("id"_L1);
    const QString created = fields.string("created_at"_L1);
    static const QRegularExpression epoch(u"^(-?\\d{1,12})\\.(\\d{6})\\z"_s);
    const QRegularExpressionMatch m = epoch.match(created);
    if (m.hasMatch()) {
        const qint64 seconds = m.captured(1).toLongLong();
        const qint64 fraction = m.captured(2).toLongLong();
        event.createdMicros = seconds * 1000000 + (seconds < 0 ? -fraction : fraction);
    } else if (fields.ok()) {
        fields.invalid("created_at"_L1, u"is not epoch seconds with a six-digit fraction: "_s + created);
    }
    if (!fields.finish(error))
        return std::nullopt;
    return event;
}

} // namespace mood
