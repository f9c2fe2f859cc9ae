#include "BodyValidator.h"

#include "ApiErrors.h"
#include "JsonInput.h"
#include "PythonRepr.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
bool hasType(const QJsonValue& value, JsonType type)
{
    switch (type) {
    case JsonType::Any:
        return true;
    case JsonType::Object:
        return value.isObject();
    case JsonType::Array:
        return value.isArray();
    case JsonType::String:
        return value.isString();
    case JsonType::Integer:
        return json::isInteger(value);
    case JsonType::Number:
        return value.isDouble();
    case JsonType::Boolean:
        return value.isBool();
    }
    return false;
}

void checkObject(const BodyShape& shape, const QJsonObject& object, QList<Violation>& out)
{
    using Kind = Violation::Kind;
    if (!shape.atLeastOne.isEmpty()) {
        const bool any = std::any_of(shape.atLeastOne.cbegin(), shape.atLeastOne.cend(),
                                     [&](const QString& name) { return object.contains(name); });
        if (!any)
            out.append({Kind::Required, shape.atLeastOne.first()});
    }
    for (const FieldShape& field : shape.fields) {
        if (field.required && !object.contains(field.name))
            out.append({Kind::Required, field.name});
    }
    if (shape.closed) {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!shape.field(it.key()))
                out.append({Kind::Unknown, it.key()});
        }
    }
    for (const FieldShape& field : shape.fields) {
        const QJsonValue value = object.value(field.name);
        if (value.isUndefined() || (value.isNull() && field.nullable))
            continue;
        if (!hasType(value, field.type))
            out.append({Kind::WrongType, field.name});
        else if (!field.allowed.isEmpty() && !field.allowed.contains(value.toString()))
            out.append({Kind::NotAllowed, field.name});
    }
    for (const FieldShape& field : shape.fields) {
        const QJsonValue value = object.value(field.name);
        if ((!field.nonBlank && !field.accepts) || !value.isString())
            continue;
        const QString text = value.toString();
        if ((field.nonBlank && json::isBlank(text)) || (field.accepts && !field.accepts(text)))
            out.append({Kind::Refused, field.name});
    }
}

bool isStructural(const Violation& violation)
{
    return violation.kind != Violation::Kind::Refused;
}

// flask-restx's answer to a body that breaks the schema: every error at once, keyed by field.
ApiResponse schemaErrors(const QJsonObject& fieldErrors)
{
    return ApiResponse::json(
        400, QJsonObject{{u"errors"_s, fieldErrors}, {u"message"_s, u"Input payload validation failed"_s}});
}
} // namespace

BodyCheck BodyValidator::check(const BodyShape& shape, const QByteArray& body)
{
    using Kind = Violation::Kind;
    BodyCheck result;
    result.value = json::parse(body);
    if (!result.value) {
        result.violations.append({Kind::NotJson, {}});
        return result;
    }
    if (!hasType(*result.value, shape.type)) {
        result.violations.append({Kind::DocumentType, {}});
        return result;
    }
    if (shape.type == JsonType::Array && result.value->toArray().size() < shape.minItems)
        result.violations.append({Kind::TooFewItems, {}});
    if (shape.type == JsonType::Object)
        checkObject(shape, result.value->toObject(), result.violations);
    return result;
}

QString BodyValidator::message(const BodyShape& shape, const Violation& violation, const QByteArray& body)
{
    using Kind = Violation::Kind;
    const auto repr = [&] { return python::reprOfMember(body, violation.field).value_or(QString()); };
    const FieldShape* field = shape.field(violation.field);
    switch (violation.kind) {
    case Kind::NotJson:
        return u"request body is not valid JSON"_s;
    case Kind::DocumentType:
        return json::wrongTypeOfDocument(body, jsonTypeName(shape.type));
    case Kind::TooFewItems:
        return u"%1 should be non-empty"_s.arg(python::reprOfJson(body).value_or(QString()));
    case Kind::Required:
        return json::required(violation.field);
    case Kind::Unknown:
        return shape.unknownMessage.arg(violation.field);
    case Kind::WrongType:
        return json::wrongType(repr(), field ? jsonTypeName(field->type) : QString());
    case Kind::NotAllowed:
        return json::notOneOf(repr(), field ? field->allowed : QStringList());
    case Kind::Refused:
        return field ? field->refusal : QString();
    }
    return {};
}

ApiResponse BodyValidator::refusal(Family family, const BodyShape& shape, const BodyCheck& check,
                                   const QByteArray& body)
{
    using Kind = Violation::Kind;
    const Violation& first = check.violations.first();
    switch (family) {
    case Family::Users:
        return errors::make(family, 400, message(shape, first, body));
    case Family::Feed:
        if (isStructural(first))
            return errors::make(family, 400, u"something wrong with JSON request"_s);
        return errors::make(family, 400, message(shape, first, body));
    case Family::Logs:
        return errors::make(family, 400, u"NO_LOGS_PROVIDED"_s);
    case Family::Events: {
        if (first.kind == Kind::NotJson)
            return errors::make(family, 400, u"Failed to decode JSON object: the request body is not valid JSON"_s);
        if (first.kind == Kind::DocumentType) // jsonschema reports a top-level error under the empty path
            return schemaErrors(QJsonObject{{QString(), message(shape, first, body)}});
        QJsonObject fieldErrors;
        for (const Violation& violation : check.violations) {
            if (isStructural(violation) && !fieldErrors.contains(violation.field))
                fieldErrors.insert(violation.field, message(shape, violation, body));
        }
        if (!fieldErrors.isEmpty())
            return schemaErrors(fieldErrors);
        return errors::make(family, 400, message(shape, first, body));
    }
    }
    return errors::make(family, 400, message(shape, first, body));
}

std::optional<ApiResponse> BodyValidator::admit(ApiRequest& request, const BodyShape& shape, Family family)
{
    BodyCheck checked = check(shape, request.body);
    if (!checked.ok())
        return refusal(family, shape, checked, request.body);
    request.json = std::move(*checked.value);
    return std::nullopt;
}

} // namespace mood::api
