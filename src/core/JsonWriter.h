#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringView>

namespace mood {

// The one writer of JSON text: appends compact JSON straight to a QByteArray, byte for byte what
// QJsonDocument::Compact writes for the same values (same escaping, same numbers), but in the order the caller
// writes the keys and without building a document. Commas and colons are placed by the writer.
class JsonWriter final
{
public:
    JsonWriter() = default;
    explicit JsonWriter(qsizetype reserve) { m_out.reserve(reserve); }

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(QStringView name);
    JsonWriter& key(QLatin1StringView name); // ASCII keys of the contracts

    JsonWriter& value(QStringView text);
    JsonWriter& value(const QString& text) { return value(QStringView(text)); }
    JsonWriter& value(QLatin1StringView text);
    JsonWriter& value(const char16_t* text) { return value(QStringView(text)); }
    JsonWriter& value(qint64 number);
    JsonWriter& value(int number) { return value(static_cast<qint64>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(const QJsonValue& any); // objects with their keys sorted, as QJsonObject keeps them
    JsonWriter& null();
    // A number that reads back as a float, as Python's json writes it: 50.0, not 50.
    JsonWriter& floatValue(double number);
    // Text the caller guarantees needs no escaping (digits, ASCII letters, punctuation other than " and \).
    JsonWriter& plainString(const char* text, qsizetype size);
    // Already serialized JSON, placed as one value.
    JsonWriter& raw(const QByteArray& json);
    JsonWriter& raw(const char* json, qsizetype size);

    const QByteArray& data() const { return m_out; }
    QByteArray take() { return std::move(m_out); }

    static QByteArray serialize(const QJsonValue& value); // compact
    static void appendString(QByteArray& out, QStringView text);

private:
    void separate();

    QByteArray m_out;
    bool m_needComma = false;
    bool m_afterKey = false;
};

// An object whose members are kept in the order they were added (QJsonObject sorts its keys; some contracts fix
// another order). Members are serialized as they are added.
class OrderedObject final
{
public:
    OrderedObject& add(const QString& key, const QJsonValue& value);
    OrderedObject& add(const QString& key, const OrderedObject& nested);
    OrderedObject& addArray(const QString& key, const QList<OrderedObject>& items);
    OrderedObject& addFloat(const QString& key, double value);
    QByteArray serialize() const;

private:
    JsonWriter m_writer = JsonWriter().beginObject();
};

} // namespace mood

// The API layer used these names before they moved to the core.
namespace mood::api {
using mood::JsonWriter;
using mood::OrderedObject;
} // namespace mood::api
