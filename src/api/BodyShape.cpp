#include "BodyShape.h"

#include <QJsonArray>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
QJsonObject fieldSchema(const FieldShape& field)
{
    QJsonObject schema = field.documented;
    if (!field.allowedRef.isEmpty()) {
        if (!field.nullable && field.description.isEmpty())
            return QJsonObject{{u"$ref"_s, QString(u"#/components/schemas/"_s + field.allowedRef)}};
        // OpenAPI 3.0 ignores siblings of $ref: wrap it.
        schema.insert(u"allOf"_s,
                      QJsonArray{QJsonObject{{u"$ref"_s, QString(u"#/components/schemas/"_s + field.allowedRef)}}});
    } else if (field.type != JsonType::Any) {
        schema.insert(u"type"_s, jsonTypeName(field.type));
    }
    if (field.type == JsonType::Object && !schema.contains(u"additionalProperties"_s))
        schema.insert(u"additionalProperties"_s, true);
    if (!field.allowed.isEmpty() && field.allowedRef.isEmpty())
        schema.insert(u"enum"_s, QJsonArray::fromStringList(field.allowed));
    if (field.nullable)
        schema.insert(u"nullable"_s, true);
    if (field.nonBlank) {
        schema.insert(u"minLength"_s, std::max(1, schema.value(u"minLength"_s).toInt()));
        if (!schema.contains(u"pattern"_s) && !schema.contains(u"format"_s))
            schema.insert(u"pattern"_s, u"\\S"_s);
    }
    if (!field.description.isEmpty())
        schema.insert(u"description"_s, field.description);
    return schema;
}
} // namespace

QString jsonTypeName(JsonType type)
{
    switch (type) {
    case JsonType::Object:
        return u"object"_s;
    case JsonType::Array:
        return u"array"_s;
    case JsonType::String:
        return u"string"_s;
    case JsonType::Integer:
        return u"integer"_s;
    case JsonType::Number:
        return u"number"_s;
    case JsonType::Boolean:
        return u"boolean"_s;
    case JsonType::Any:
        break;
    }
    return {};
}

const FieldShape* BodyShape::field(const QString& fieldName) const
{
    for (const FieldShape& f : fields) {
        if (f.name == fieldName)
            return &f;
    }
    return nullptr;
}

QJsonObject BodyShape::schema() const
{
    QJsonObject out;
    if (type != JsonType::Any)
        out.insert(u"type"_s, jsonTypeName(type));
    if (!description.isEmpty())
        out.insert(u"description"_s, description);
    if (type == JsonType::Array) {
        if (minItems > 0)
            out.insert(u"minItems"_s, minItems);
        if (!itemsRef.isEmpty())
            out.insert(u"items"_s, QJsonObject{{u"$ref"_s, QString(u"#/components/schemas/"_s + itemsRef)}});
    }
    QJsonObject properties;
    QJsonArray required;
    for (const FieldShape& f : fields) {
        properties.insert(f.name, fieldSchema(f));
        if (f.required)
            required.append(f.name);
    }
    if (!properties.isEmpty() && alternatives.isEmpty())
        out.insert(u"properties"_s, properties);
    if (!required.isEmpty())
        out.insert(u"required"_s, required);
    if (!atLeastOne.isEmpty())
        out.insert(u"minProperties"_s, 1);
    if (closed)
        out.insert(u"additionalProperties"_s, false);
    if (!alternatives.isEmpty()) {
        QJsonArray oneOf;
        for (const QStringList& members : alternatives) {
            QJsonObject branchProperties;
            for (const QString& member : members) {
                if (const FieldShape* f = field(member)) {
                    FieldShape strict = *f;
                    strict.nullable = false; // the alternative that is taken names a user
                    strict.nonBlank = true;
                    QJsonObject memberSchema = fieldSchema(strict);
                    memberSchema.remove(u"pattern"_s);
                    branchProperties.insert(member, memberSchema);
                }
            }
            oneOf.append(QJsonObject{{u"title"_s, members.join(u" + "_s)},
                                     {u"required"_s, QJsonArray::fromStringList(members)},
                                     {u"properties"_s, branchProperties}});
        }
        out.insert(u"oneOf"_s, oneOf);
    }
    if (!example.isEmpty())
        out.insert(u"example"_s, example);
    return out;
}

} // namespace mood::api
