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

namespace {
QString pythonString(const QString& text)
{
    const QChar quote = text.contains(u'\'') && !text.contains(u'"') ? u'"' : u'\'';
    QString out(quote);
    for (QChar c : text) {
        if (c == quote || c == u'\\')
            out += u'\\' + QString(c);
        else if (c == u'\n')
            out += u"\\n"_s;
        else if (c == u'\r')
            out += u"\\r"_s;
        else if (c == u'\t')
            out += u"\\t"_s;
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += u"\\x%1"_s.arg(c.unicode(), 2, 16, QChar(u'0'));
        else
            out += c;
    }
    return out + quote;
}

QString pythonNumber(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e16)
        return QString::number(static_cast<qint64>(value));
    QString text = QString::number(value, 'g', QLocale::FloatingPointShortest);
    // Python writes 1e+16 and 1.5e-07 like Qt does, but positional from 1e-4 up to 1e16 (0.0001, where Qt's
    // 'g' picks the shorter 1e-04), and always keeps a fraction otherwise.
    const QString scientific = QString::number(value, 'e', QLocale::FloatingPointShortest);
    const int exponent = scientific.section(u'e', 1).toInt();
    if (std::isfinite(value) && exponent >= -4 && exponent < 16)
        text = QString::number(value, 'f', QLocale::FloatingPointShortest);
    if (!text.contains(u'.') && !text.contains(u'e') && !text.contains(u"inf"_s) && !text.contains(u"nan"_s))
        text += u".0"_s;
    return text;
}
} // namespace

QString pythonRepr(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return u"None"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"True"_s : u"False"_s;
    case QJsonValue::Double:
        return pythonNumber(value.toDouble());
    case QJsonValue::String:
        return pythonString(value.toString());
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue& item : value.toArray())
            items.append(pythonRepr(item));
        return u'[' + items.join(u", "_s) + u']';
    }
    case QJsonValue::Object: {
        QStringList items;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            items.append(pythonString(it.key()) + u": "_s + pythonRepr(it.value()));
        return u'{' + items.join(u", "_s) + u'}';
    }
    }
    return {};
}

} // namespace mood::api
