#include "JsonFields.h"

#include <QJsonDocument>

#include <cmath>

namespace mood {

using namespace Qt::StringLiterals;

JsonFields::JsonFields(const QJsonObject& object, QString what)
    : m_object(object)
    , m_what(std::move(what))
{
}

bool JsonFields::has(QLatin1StringView key) const
{
    return m_object.contains(key);
}

void JsonFields::fail(QLatin1StringView key, const QString& why)
{
    if (m_error.isEmpty())
        m_error = u"%1: '%2' %3"_s.arg(m_what, QString(key), why);
}

void JsonFields::invalid(QLatin1StringView key, const QString& why)
{
    fail(key, why);
}

QJsonValue JsonFields::member(QLatin1StringView key, bool required)
{
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() && required)
        fail(key, u"is missing"_s);
    return value;
}

QString JsonFields::string(QLatin1StringView key)
{
    const QJsonValue value = member(key, true);
    if (!value.isUndefined() && !value.isString())
        fail(key, u"must be a string"_s);
    return value.toString();
}

std::optional<QString> JsonFields::optionalString(QLatin1StringView key)
{
    const QJsonValue value = member(key, false);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isString()) {
        fail(key, u"must be a string"_s);
        return std::nullopt;
    }
    return value.toString();
}

std::optional<QString> JsonFields::nullableString(QLatin1StringView key)
{
    const QJsonValue value = member(key, true);
    if (value.isNull() || value.isUndefined())
        return std::nullopt;
    if (!value.isString()) {
        fail(key, u"must be a string or null"_s);
        return std::nullopt;
    }
    return value.toString();
}

std::optional<qint64> JsonFields::optionalInteger(QLatin1StringView key)
{
    const QJsonValue value = member(key, false);
    if (value.isUndefined())
        return std::nullopt;
    constexpr double kExact = 9007199254740992.0; // 2^53: beyond it a double is no exact integer
    const double number = value.toDouble();
    if (!value.isDouble() || std::trunc(number) != number || std::abs(number) > kExact) {
        fail(key, u"must be an integer"_s);
        return std::nullopt;
    }
    return value.toInteger();
}

qint64 JsonFields::integer(QLatin1StringView key)
{
    if (!has(key)) {
        fail(key, u"is missing"_s);
        return 0;
    }
    return optionalInteger(key).value_or(0);
}

std::optional<double> JsonFields::optionalNumber(QLatin1StringView key)
{
    const QJsonValue value = member(key, false);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isDouble()) {
        fail(key, u"must be a number"_s);
        return std::nullopt;
    }
    return value.toDouble();
}

bool JsonFields::boolean(QLatin1StringView key)
{
    const QJsonValue value = member(key, true);
    if (!value.isUndefined() && !value.isBool())
        fail(key, u"must be true or false"_s);
    return value.toBool();
}

QJsonArray JsonFields::array(QLatin1StringView key)
{
    const QJsonValue value = member(key, true);
    if (!value.isUndefined() && !value.isArray())
        fail(key, u"must be an array"_s);
    return value.toArray();
}

QJsonObject JsonFields::object(QLatin1StringView key)
{
    const QJsonValue value = member(key, true);
    if (!value.isUndefined() && !value.isObject())
        fail(key, u"must be an object"_s);
    return value.toObject();
}

bool JsonFields::finish(QString* error) const
{
    if (error && !m_error.isEmpty())
        *error = m_error;
    return m_error.isEmpty();
}

std::optional<QJsonObject> JsonFields::parseObject(const QByteArray& text, const QString& what, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = u"%1: not JSON (%2 at offset %3)"_s.arg(what, parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        if (error)
            *error = u"%1: not a JSON object"_s.arg(what);
        return std::nullopt;
    }
    return document.object();
}

} // namespace mood
