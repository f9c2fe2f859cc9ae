#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace mood::api::json {

// Any JSON value, scalars and null included; nothing when the body is not exactly one JSON value.
std::optional<QJsonValue> parse(const QByteArray& body);
// The body as a JSON object; otherwise nothing, with *error saying why in jsonschema's words.
std::optional<QJsonObject> parseObject(const QByteArray& body, QString* error);

bool isInteger(const QJsonValue& value); // a number without fraction (1 and 1.0, as jsonschema)
bool isBlank(const QString& text);       // empty or only whitespace

// jsonschema's messages, with values written as Python's repr.
QString required(const QString& property);                       // 'x' is a required property
QString wrongType(const QJsonValue& value, const QString& type); // 5 is not of type 'string'
QString notOneOf(const QJsonValue& value, const QStringList& allowed);

} // namespace mood::api::json
