#include "EventController.h"

#include "ActivityJson.h"
#include "ApiErrors.h"
#include "BodyValidator.h"
#include "JsonWriter.h"
#include "QueryInteger.h"
#include "RequestShapes.h"
#include "TimeUtil.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr Family kFamily = Family::Events;
constexpr int kDefaultLimit = 100;

ApiResponse bad(const QString& message)
{
    return errors::make(kFamily, 400, message);
}

// "MM-DD-YYYY" (leading zeros optional) or "YYYY-MM-DD"; an invalid date gives nothing.
std::optional<QDate> parseDay(const QString& text)
{
    static const QRegularExpression american(u"^(\\d{1,2})-(\\d{1,2})-(\\d{4})\\z"_s);
    static const QRegularExpression iso(u"^(\\d{4})-(\\d{1,2})-(\\d{1,2})\\z"_s);
    QDate date;
    if (const auto m = american.match(text); m.hasMatch())
        date = QDate(m.captured(3).toInt(), m.captured(1).toInt(), m.captured(2).toInt());
    else if (const auto m2 = iso.match(text); m2.hasMatch())
        date = QDate(m2.captured(1).toInt(), m2.captured(2).toInt(), m2.captured(3).toInt());
    if (!date.isValid())
        return std::nullopt;
    return date;
}

qint64 dayStartMicros(const QDate& day)
{
    return QDateTime(day, QTime(0, 0), Qt::UTC).toSecsSinceEpoch() * 1000000;
}

// An empty query value counts as absent, as the original's `if args.get(...)` did.
std::optional<QString> filterValue(const ApiRequest& request, const QString& key)
{
    const QString value = request.queryValue(key);
    if (value.isEmpty())
        return std::nullopt;
    return value;
}

// The filter the query asks for, or the 400 to answer.
std::optional<ApiResponse> filterFrom(const ApiRequest& request, EventFilter* filter)
{
    filter->email = filterValue(request, u"email"_s);
    filter->environment = filterValue(request, u"environment"_s);
    filter->component = filterValue(request, u"component"_s);
    filter->messageContains = filterValue(request, u"message"_s);
    filter->afterId = filterValue(request, u"after"_s);
    const ApiResponse invalidDate = bad(u"Unable to retrieve events - Invalid date specified."_s);
    if (const auto from = filterValue(request, u"from_date"_s)) {
        const auto day = parseDay(*from);
        if (!day)
            return invalidDate;
        filter->fromMicros = dayStartMicros(*day);
    }
    if (const auto to = filterValue(request, u"to_date"_s)) {
        const auto day = parseDay(*to);
        if (!day)
            return invalidDate;
        filter->untilMicros = dayStartMicros(day->addDays(1)); // the whole day is included
    }
    filter->limit = kDefaultLimit;
    const QueryInteger limit = QueryInteger::read(request, u"limit"_s, 1, EventStore::kMaxLimit);
    if (limit.invalid()) {
        return bad(u"Unable to retrieve events - Invalid limit specified (a whole number from 1 to %1)."_s.arg(
            EventStore::kMaxLimit));
    }
    if (!limit.absent())
        filter->limit = static_cast<int>(limit.value);
    return std::nullopt;
}
} // namespace

EventController::EventController(ApiContext context)
    : m_context(context)
{
}

void EventController::addRoutes(Router& router)
{
    for (const QString& path : {u"/health"_s, u"/heath"_s, u"/api/health"_s, u"/api/healthz"_s})
        router.add({"GET", path, kFamily, false, u"Health check"_s, bindTo(this, &EventController::health)});
    for (const QString& path : {u"/events"_s, u"/api/events"_s}) {
        router.add({"POST", path, kFamily, true, u"Record an event"_s, bindTo(this, &EventController::post),
                    &shapes::eventInput()});
        router.add({"GET", path, kFamily, true, u"List events"_s, bindTo(this, &EventController::list)});
    }
}

ApiResponse EventController::health(ApiRequest&)
{
    if (!m_context.services.database.isReachable()) {
        return ApiResponse::json(
            503,
            OrderedObject().add(u"status"_s, u"unhealthy"_s).add(u"reason"_s, u"database unreachable"_s).serialize());
    }
    return ApiResponse::json(200, QJsonObject{{u"status"_s, u"healthy"_s}});
}

ApiResponse EventController::post(ApiRequest& request)
{
    if (auto refused = BodyValidator::admit(request, shapes::eventInput(), kFamily))
        return *refused;
    const QJsonObject object = request.json.toObject();
    const QString component = object.value(u"component"_s).toString();
    const QString email = object.value(u"email"_s).toString();
    const QString environment = object.value(u"environment"_s).toString();
    const QString message = object.value(u"message"_s).toString();
    const auto event = m_context.services.events.add(component, object.value(u"data"_s).toObject(), email, environment,
                                                     message, request.user->id);
    if (!event)
        return errors::fromDomain(kFamily, event.error());
    return ApiResponse::json(201, toJson(*event));
}

ApiResponse EventController::list(ApiRequest& request)
{
    EventFilter filter;
    if (auto invalid = filterFrom(request, &filter))
        return *invalid;
    filter.postedBy = AccessPolicy::eventScope(*request.user);
    const auto events = m_context.services.events.list(filter);
    if (!events)
        return errors::fromDomain(kFamily, events.error());
    JsonWriter writer;
    writer.beginObject().key("events"_L1).beginArray();
    for (const Event& event : *events)
        writeJson(writer, event);
    return ApiResponse::json(200, writer.endArray().endObject().take());
}

} // namespace mood::api
