#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

namespace mood::api {

// QJsonObject sorts its keys; some contracts fix another order (events: component, data, ..., id, created_at).
// An OrderedObject keeps the order it was built in.
class OrderedObject
{
public:
    OrderedObject& add(const QString& key, const QJsonValue& value);
    OrderedObject& add(const QString& key, const OrderedObject& nested);
    OrderedObject& addArray(const QString& key, const QList<OrderedObject>& items);
    // A number that reads back as a float, as Python's json writes it: 50.0, not 50.
    OrderedObject& addFloat(const QString& key, double value);
    QByteArray serialize() const;

private:
    QList<QPair<QString, QByteArray>> m_members; // key, serialized value
};

namespace JsonWriter {
QByteArray serialize(const QJsonValue& value); // compact
}

} // namespace mood::api
