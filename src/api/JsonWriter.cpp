#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace mood::api {

using namespace Qt::StringLiterals;

QByteArray JsonWriter::serialize(const QJsonValue& value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // Scalars: wrap in an array and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

OrderedObject& OrderedObject::add(const QString& key, const QJsonValue& value)
{
    m_members.append({key, JsonWriter::serialize(value)});
    return *this;
}

OrderedObject& OrderedObject::add(const QString& key, const OrderedObject& nested)
{
    m_members.append({key, nested.serialize()});
    return *this;
}

OrderedObject& OrderedObject::addArray(const QString& key, const QList<OrderedObject>& items)
{
    QByteArray array = "[";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            array += ',';
        array += items.at(i).serialize();
    }
    array += ']';
    m_members.append({key, array});
    return *this;
}

OrderedObject& OrderedObject::addFloat(const QString& key, double value)
{
    QByteArray number = JsonWriter::serialize(QJsonValue(value));
    if (std::isfinite(value) && !number.contains('.') && !number.contains('e'))
        number += ".0";
    m_members.append({key, number});
    return *this;
}

QByteArray OrderedObject::serialize() const
{
    QByteArray out = "{";
    for (qsizetype i = 0; i < m_members.size(); ++i) {
        if (i > 0)
            out += ',';
        out += JsonWriter::serialize(QJsonValue(m_members.at(i).first));
        out += ':';
        out += m_members.at(i).second;
    }
    out += '}';
    return out;
}

} // namespace mood::api
