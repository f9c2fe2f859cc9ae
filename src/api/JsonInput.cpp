#include "JsonInput.h"

#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <cmath>

namespace mood::api::json {

using namespace Qt::StringLiterals;

std::optional<QJsonValue> parse(const QByteArray& body)
{
    // QJsonDocument takes only objects and arrays at the top: wrap to accept "null", "5" and "\"x\"" too.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + body + "\n]", &error);
    if (error.error != QJsonParseError::NoError || !document.isArray() || document.array().size() != 1)
        return std::nullopt;
    return document.array().first();
}

std::optional<QJsonObject> parseObject(const QByteArray& body, QString* error)
{
    const auto parsed = parse(body);
    if (!parsed) {
        *error = u"request body is not valid JSON"_s;
        return std::nullopt;
    }
    if (!parsed->isObject()) {
        *error = wrongType(*parsed, u"object"_s);
        return std::nullopt;
    }
    return parsed->toObject();
}

bool isInteger(const QJsonValue& value)
{
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    return std::isfinite(number) && number == std::floor(number);
}

bool isBlank(const QString& text)
{
    return text.trimmed().isEmpty();
}

QString required(const QString& property)
{
    return u"'%1' is a required property"_s.arg(property);
}

QString wrongType(const QJsonValue& value, const QString& type)
{
    return u"%1 is not of type '%2'"_s.arg(pythonRepr(value), type);
}

QString notOneOf(const QJsonValue& value, const QStringList& allowed)
{
    QStringList quoted;
    for (const QString& name : allowed)
        quoted.append(pythonRepr(QJsonValue(name)));
    return u"%1 is not one of [%2]"_s.arg(pythonRepr(value), quoted.join(u", "_s));
}

} // namespace mood::api::json
