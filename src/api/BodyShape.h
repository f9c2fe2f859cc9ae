#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace mood::api {

enum class JsonType { Any, Object, Array, String, Integer, Number, Boolean };
QString jsonTypeName(JsonType type); // jsonschema's: "object", "array", "string", "integer", ...

// One member of a body, as the contract declares it. What the validator checks: presence, type, null, the
// allowed values, not blank, and a value test of the route's own. `documented` adds schema keywords the core
// checks in its own words (lengths, patterns, formats, ranges), so /openapi.json says them too.
struct FieldShape {
    QString name;
    JsonType type = JsonType::String;
    bool required = false;
    bool nullable = false; // null is accepted and reads as no value
    QStringList allowed;   // an enum, in the contract's order
    QString allowedRef;    // the component that holds the enum, when it has one (MoodName)
    // A string that must hold something other than whitespace and pass `accepts` when set; else `refusal`.
    bool nonBlank = false;
    std::function<bool(const QString&)> accepts;
    QString refusal;
    QJsonObject documented;
    QString description;
};

// The shape of a request body, declared once beside its route: the validator reads it (BodyValidator), and so
// does the generated /openapi.json (OpenApiDocument), so the document is exactly as strict as the server.
struct BodyShape {
    QString name; // the component in /openapi.json
    QString description;
    JsonType type = JsonType::Object;
    QList<FieldShape> fields; // checked in this order
    QStringList atLeastOne;   // one of these must be present; else "'<first>' is a required property"
    bool closed = false;      // other members are refused with `unknownMessage` ("%1": the member's name)
    QString unknownMessage;
    QList<QStringList> alternatives; // documented as oneOf: each alternative requires its members
    int minItems = 0;                // arrays
    QString itemsRef;                // arrays: the component of an item (its rules are the route's own)
    QJsonObject example;

    const FieldShape* field(const QString& name) const;
    QJsonObject schema() const; // an OpenAPI 3.0 Schema Object
};

} // namespace mood::api
