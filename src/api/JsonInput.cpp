#include "JsonInput.h"

#include "PythonRepr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <cmath>

namespace mood::api::json {

using namespace Qt::StringLiterals;

std::optional<QJsonValue> parse(const QByteArray& body)
{
    if (!python::isJson(body)) // what the original services refused as not JSON
        return std::nullopt;
    // QJsonDocument takes only objects and arrays at the top: wrap to accept "null", "5" and "\"x\"" too.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + body + "\n]", &error);
    if (error.error != QJsonParseError::NoError || !document.isArray() || document.array().size() != 1)
        return std::nullopt;
    return document.array().first();
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

QString wrongType(const QString& repr, const QString& type)
{
    return u"%1 is not of type '%2'"_s.arg(repr, type);
}

QString notOneOf(const QString& repr, const QStringList& allowed)
{
    QStringList quoted;
    for (const QString& name : allowed)
        quoted.append(python::reprOfString(name));
    return u"%1 is not one of [%2]"_s.arg(repr, quoted.join(u", "_s));
}

QString wrongTypeOfDocument(const QByteArray& body, const QString& type)
{
    return wrongType(python::reprOfJson(body).value_or(QString()), type);
}

} // namespace mood::api::json
