#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QVariant>

#include <charconv>
#include <cmath>

namespace mood {

namespace {
constexpr char kHex[] = "0123456789abcdef";

void appendUnicodeEscape(QByteArray& out, char16_t unit)
{
    const char escape[6] = {
        '\\', 'u', kHex[(unit >> 12) & 0xf], kHex[(unit >> 8) & 0xf], kHex[(unit >> 4) & 0xf], kHex[unit & 0xf]};
    out.append(escape, 6);
}

void appendDouble(QByteArray& out, double number)
{
    if (std::isfinite(number))
        out += QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
    else
        out += "null"; // as QJsonDocument writes infinities and NaN
}
} // namespace

void JsonWriter::appendString(QByteArray& out, QStringView text)
{
    out += '"';
    const char16_t* it = text.utf16();
    const char16_t* const end = it + text.size();
    while (it != end) {
        // The common case first: a run of ASCII that needs no escaping.
        const char16_t* run = it;
        while (run != end && *run < 0x80 && *run >= 0x20 && *run != u'"' && *run != u'\\')
            ++run;
        if (run != it) {
            const qsizetype start = out.size();
            out.resize(start + (run - it));
            char* dst = out.data() + start;
            for (const char16_t* c = it; c != run; ++c)
                *dst++ = static_cast<char>(*c);
            it = run;
            continue;
        }
        const char16_t unit = *it++;
        if (unit < 0x80) {
            switch (unit) {
            case u'"':
                out += "\\\"";
                break;
            case u'\\':
                out += "\\\\";
                break;
            case u'\b':
                out += "\\b";
                break;
            case u'\f':
                out += "\\f";
                break;
            case u'\n':
                out += "\\n";
                break;
            case u'\r':
                out += "\\r";
                break;
            case u'\t':
                out += "\\t";
                break;
            default:
                appendUnicodeEscape(out, unit);
                break; // other control characters
            }
        } else if (unit < 0x800) {
            out += static_cast<char>(0xc0 | (unit >> 6));
            out += static_cast<char>(0x80 | (unit & 0x3f));
        } else if (QChar::isHighSurrogate(unit) && it != end && QChar::isLowSurrogate(*it)) {
            const char32_t code = QChar::surrogateToUcs4(unit, *it++);
            out += static_cast<char>(0xf0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (code & 0x3f));
        } else if (QChar::isSurrogate(unit)) {
            appendUnicodeEscape(out, unit); // a lone surrogate has no UTF-8 form
        } else {
            out += static_cast<char>(0xe0 | (unit >> 12));
            out += static_cast<char>(0x80 | ((unit >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (unit & 0x3f));
        }
    }
    out += '"';
}

void JsonWriter::separate()
{
    if (m_afterKey)
        m_afterKey = false;
    else if (m_needComma)
        m_out += ',';
}

JsonWriter& JsonWriter::beginObject()
{
    separate();
    m_out += '{';
    m_needComma = false;
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    m_out += '}';
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::beginArray()
{
    separate();
    m_out += '[';
    m_needComma = false;
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    m_out += ']';
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::key(QStringView name)
{
    separate();
    appendString(m_out, name);
    m_out += ':';
    m_afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::key(QLatin1StringView name)
{
    separate();
    const char* const begin = name.data();
    const char* const end = begin + name.size();
    bool plain = true;
    for (const char* c = begin; c != end && plain; ++c)
        plain = static_cast<uchar>(*c) >= 0x20 && static_cast<uchar>(*c) < 0x80 && *c != '"' && *c != '\\';
    if (plain) {
        m_out += '"';
        m_out.append(begin, name.size());
        m_out += '"';
    } else {
        appendString(m_out, QString(name));
    }
    m_out += ':';
    m_afterKey = true;
    return *this;
}

JsonWriter& JsonWriter::value(QStringView text)
{
    separate();
    appendString(m_out, text);
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::value(QLatin1StringView text)
{
    return value(QString(text));
}

JsonWriter& JsonWriter::value(qint64 number)
{
    separate();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    m_out.append(buffer, result.ptr - buffer);
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
    separate();
    m_out += flag ? "true" : "false";
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::null()
{
    separate();
    m_out += "null";
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::floatValue(double number)
{
    separate();
    const qsizetype start = m_out.size();
    appendDouble(m_out, number);
    const QByteArrayView written(m_out.constData() + start, m_out.size() - start);
    if (std::isfinite(number) && !written.contains('.') && !written.contains('e'))
        m_out += ".0";
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::plainString(const char* text, qsizetype size)
{
    separate();
    m_out += '"';
    m_out.append(text, size);
    m_out += '"';
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::raw(const char* json, qsizetype size)
{
    separate();
    m_out.append(json, size);
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::raw(const QByteArray& json)
{
    separate();
    m_out += json;
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::value(const QJsonValue& any)
{
    switch (any.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: // QJsonDocument writes a missing value in an array as null too
        return null();
    case QJsonValue::Bool:
        return value(any.toBool());
    case QJsonValue::String:
        return value(any.toString());
    case QJsonValue::Double: {
        // Integers stay integers (1000000000000000, not 1e+15), as QJsonDocument keeps them.
        const QVariant number = any.toVariant();
        if (number.typeId() == QMetaType::LongLong)
            return value(number.toLongLong());
        separate();
        appendDouble(m_out, any.toDouble());
        m_needComma = true;
        return *this;
    }
    case QJsonValue::Array: {
        beginArray();
        const QJsonArray array = any.toArray();
        for (const QJsonValue& item : array)
            value(item);
        return endArray();
    }
    case QJsonValue::Object: {
        beginObject();
        const QJsonObject object = any.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            key(it.key()).value(it.value());
        return endObject();
    }
    }
    return null();
}

QByteArray JsonWriter::serialize(const QJsonValue& value)
{
    JsonWriter writer;
    writer.value(value);
    return writer.take();
}

OrderedObject& OrderedObject::add(const QString& key, const QJsonValue& value)
{
    m_writer.key(key).value(value);
    return *this;
}

OrderedObject& OrderedObject::add(const QString& key, const OrderedObject& nested)
{
    m_writer.key(key).raw(nested.serialize());
    return *this;
}

OrderedObject& OrderedObject::addArray(const QString& key, const QList<OrderedObject>& items)
{
    m_writer.key(key).beginArray();
    for (const OrderedObject& item : items)
        m_writer.raw(item.serialize());
    m_writer.endArray();
    return *this;
}

OrderedObject& OrderedObject::addFloat(const QString& key, double value)
{
    m_writer.key(key).floatValue(value);
    return *this;
}

QByteArray OrderedObject::serialize() const
{
    return m_writer.data() + '}';
}

} // namespace mood
