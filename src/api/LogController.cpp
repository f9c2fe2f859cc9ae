#include "LogController.h"

#include "ApiErrors.h"
#include "BodyValidator.h"
#include "RequestShapes.h"
#include "TimeUtil.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr Family kFamily = Family::Logs;

ApiResponse fail(const QString& code)
{
    return errors::make(kFamily, 400, code);
}

bool isMissing(const QJsonValue& value)
{
    return value.isUndefined() || value.isNull();
}

// A required string: missing, null, of another type and "" all count as missing.
bool isMissingText(const QJsonValue& value)
{
    return !value.isString() || value.toString().isEmpty();
}

// The properties each action type must carry, in the order they are checked.
QList<QPair<QString, QString>> requiredProperties(const QString& type)
{
    if (type == u"CLICK"_s)
        return {{u"locationX"_s, u"MISSING_LOCATION_X_VALUE"_s}, {u"locationY"_s, u"MISSING_LOCATION_Y_VALUE"_s}};
    if (type == u"VIEW"_s)
        return {{u"viewedId"_s, u"MISSING_VIEWEDID_VALUE"_s}};
    return {{u"pageFrom"_s, u"MISSING_PAGEFROM_VALUE"_s}, {u"pageTo"_s, u"MISSING_PAGETO_VALUE"_s}};
}

// Checks one action; fills *out when it is valid, else names the first failure.
std::optional<QString> actionFrom(const QJsonValue& value, UiAction* out)
{
    if (!value.isObject() || value.toObject().isEmpty())
        return u"EMPTY_ACTION"_s;
    const QJsonObject action = value.toObject();
    const QJsonValue type = action.value(u"type"_s);
    if (isMissingText(type))
        return u"MISSING_TYPE_VALUE"_s;
    const QJsonValue properties = action.value(u"properties"_s);
    if (!properties.isObject())
        return u"MISSING_PROPERTIES_VALUE"_s;
    const QJsonValue time = action.value(u"time"_s);
    if (isMissingText(time))
        return u"MISSING_TIME_VALUE"_s;
    const auto micros = parseRfc3339(time.toString());
    if (!micros)
        return u"INVALID_TIME_FORMAT"_s;
    static const QStringList types{u"CLICK"_s, u"VIEW"_s, u"NAVIGATE"_s};
    if (!types.contains(type.toString()))
        return u"INVALID_ACTION_TYPE"_s;
    const QJsonObject props = properties.toObject();
    const QString typeName = type.toString();
    for (const auto& [key, code] : requiredProperties(typeName)) {
        const QJsonValue property = props.value(key);
        // Coordinates are numbers where 0 is a value; ids and pages are strings where "" is nothing.
        const bool missing =
            typeName == u"CLICK"_s ? isMissing(property) : isMissing(property) || property == QJsonValue(QString());
        if (missing)
            return code;
    }
    *out = UiAction{time.toString(), *micros, typeName, props};
    return std::nullopt;
}

// Checks one log; fills *out when it is valid, else names the first failure.
std::optional<QString> logFrom(const QJsonValue& value, UiLog* out)
{
    const QJsonObject log = value.toObject(); // a non-object reads as {}: its userId is missing
    if (isMissingText(log.value(u"userId"_s)))
        return u"MISSING_USERID"_s;
    if (isMissingText(log.value(u"sessionId"_s)))
        return u"MISSING_SESSIONID"_s;
    const QJsonValue actions = log.value(u"actions"_s);
    if (!actions.isArray() || actions.toArray().isEmpty())
        return u"MISSING_ACTIONS"_s;
    out->userId = log.value(u"userId"_s).toString();
    out->sessionId = log.value(u"sessionId"_s).toString();
    for (const QJsonValue& item : actions.toArray()) {
        UiAction action;
        if (auto failure = actionFrom(item, &action))
            return failure;
        out->actions.append(action);
    }
    return std::nullopt;
}

// An optional RFC 3339 instant from the query; false when present but unparsable.
bool instantQuery(const ApiRequest& request, const QString& key, std::optional<qint64>* out)
{
    if (!request.hasQuery(key))
        return true;
    *out = parseRfc3339(request.queryValue(key));
    return out->has_value();
}

QJsonObject logJson(const UiLog& log)
{
    QJsonArray actions;
    for (const UiAction& action : log.actions) {
        actions.append(
            QJsonObject{{u"properties"_s, action.properties}, {u"time"_s, action.time}, {u"type"_s, action.type}});
    }
    return QJsonObject{{u"actions"_s, actions}, {u"sessionId"_s, log.sessionId}, {u"userId"_s, log.userId}};
}
} // namespace

LogController::LogController(ApiContext context)
    : m_context(context)
{
}

void LogController::addRoutes(Router& router)
{
    router.add({"POST", u"/logs"_s, kFamily, true, u"Store UI logs (all or nothing)"_s,
                bindTo(this, &LogController::post), &shapes::uiLogs()});
    router.add({"GET", u"/logs"_s, kFamily, true, u"List UI logs"_s, bindTo(this, &LogController::list)});
}

ApiResponse LogController::post(ApiRequest& request)
{
    if (auto refused = BodyValidator::admit(request, shapes::uiLogs(), kFamily))
        return *refused;
    // Everything is validated before anything is written.
    QList<UiLog> logs;
    for (const QJsonValue& item : request.json.toArray()) {
        UiLog log;
        if (auto failure = logFrom(item, &log))
            return fail(*failure);
        logs.append(log);
    }
    for (const UiLog& log : std::as_const(logs)) {
        if (!AccessPolicy::mayWriteUiLogOf(*request.user, log.userId))
            return errors::forbidden(kFamily);
    }
    if (Status stored = m_context.services.uiLogs.append(logs); !stored)
        return errors::fromDomain(kFamily, stored.error());
    return ApiResponse::json(200, QJsonObject{{u"success"_s, true}});
}

ApiResponse LogController::list(ApiRequest& request)
{
    UiLogFilter filter;
    if (!instantQuery(request, u"from"_s, &filter.fromMicros) || !instantQuery(request, u"to"_s, &filter.toMicros))
        return fail(u"INVALID_TIME_FORMAT"_s);
    if (const QString user = request.queryValue(u"userId"_s); !user.isEmpty())
        filter.userId = user;
    if (const QString types = request.queryValue(u"types"_s); !types.isEmpty()) {
        QStringList names;
        for (const QString& name : types.split(u',', Qt::SkipEmptyParts))
            names.append(name.trimmed());
        filter.types = names;
    }
    filter.onlyUser = AccessPolicy::uiLogScope(*request.user);
    const auto logs = m_context.services.uiLogs.list(filter);
    if (!logs)
        return errors::fromDomain(kFamily, logs.error());
    QJsonArray body;
    for (const UiLog& log : *logs)
        body.append(logJson(log));
    return ApiResponse::json(200, body);
}

} // namespace mood::api
