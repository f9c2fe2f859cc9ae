#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace mood::api::json {

// Any JSON value, scalars and null included; nothing when the body is not exactly one JSON value.
std::optional<QJsonValue> parse(const QByteArray& body);

bool isInteger(const QJsonValue& value); // a number without fraction (1 and 1.0, as jsonschema)
bool isBlank(const QString& text);       // empty or only whitespace

// jsonschema's messages; values are given as Python's repr of them.
QString required(const QString& property);                   // 'x' is a required property
QString wrongType(const QString& repr, const QString& type); // 5 is not of type 'string'
QString notOneOf(const QString& repr, const QStringList& allowed);
QString wrongTypeOfDocument(const QByteArray& body, const QString& type); // [1, 2] is not of type 'object'

} // namespace mood::api::json
