#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mood::api;
using namespace Qt::StringLiterals;

class TestJsonWriter final : public QObject
{
    Q_OBJECT

private slots:
    void orderedObjectKeepsInsertionOrder();
    void orderedObjectNests();
    void orderedObjectEmpty();
    void addFloat_data();
    void addFloat();
    void serialize_data();
    void serialize();
};

void TestJsonWriter::orderedObjectKeepsInsertionOrder()
{
    const QByteArray body = OrderedObject()
                                .add(u"zeta"_s, 1)
                                .add(u"alpha"_s, u"x"_s)
                                .add(u"mid"_s, QJsonValue(QJsonValue::Null))
                                .add(u"bool"_s, true)
                                .serialize();
    QCOMPARE(body, QByteArray(R"({"zeta":1,"alpha":"x","mid":null,"bool":true})"));
}

void TestJsonWriter::orderedObjectNests()
{
    const OrderedObject inner = OrderedObject().add(u"b"_s, 2).add(u"a"_s, 1);
    const QList<OrderedObject> items{OrderedObject().add(u"y"_s, 1).add(u"x"_s, 2), OrderedObject()};
    const QByteArray body = OrderedObject()
                                .add(u"inner"_s, inner)
                                .addArray(u"items"_s, items)
                                .addArray(u"none"_s, {})
                                .add(u"plain"_s, QJsonArray{1, u"two"_s, QJsonObject{{u"k"_s, false}}})
                                .add(u"quote\"key"_s, u"line\nbreak"_s)
                                .serialize();
    QCOMPARE(body,
             QByteArray(R"({"inner":{"b":2,"a":1},"items":[{"y":1,"x":2},{}],"none":[],)"
                        R"("plain":[1,"two",{"k":false}],"quote\"key":"line\nbreak"})"));
    // Whatever the order, it is valid JSON.
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestJsonWriter::orderedObjectEmpty()
{
    QCOMPARE(OrderedObject().serialize(), QByteArray("{}"));
}

void TestJsonWriter::addFloat_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("50") << 50.0 << QByteArray(R"({"p":50.0})");
    QTest::newRow("100") << 100.0 << QByteArray(R"({"p":100.0})");
    QTest::newRow("0") << 0.0 << QByteArray(R"({"p":0.0})");
    QTest::newRow("66.67") << 66.67 << QByteArray(R"({"p":66.67})");
    QTest::newRow("99.99") << 99.99 << QByteArray(R"({"p":99.99})");
    QTest::newRow("50.5") << 50.5 << QByteArray(R"({"p":50.5})");
}

void TestJsonWriter::addFloat()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(OrderedObject().addFloat(u"p"_s, value).serialize(), expected);
}

void TestJsonWriter::serialize_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QByteArray("null");
    QTest::newRow("true") << QJsonValue(true) << QByteArray("true");
    QTest::newRow("false") << QJsonValue(false) << QByteArray("false");
    QTest::newRow("integer") << QJsonValue(5) << QByteArray("5");
    QTest::newRow("negative") << QJsonValue(-3) << QByteArray("-3");
    QTest::newRow("fraction") << QJsonValue(1.5) << QByteArray("1.5");
    QTest::newRow("epoch") << QJsonValue(qint64(1773576000)) << QByteArray("1773576000");
    QTest::newRow("string") << QJsonValue(u"x"_s) << QByteArray(R"("x")");
    QTest::newRow("escaped string") << QJsonValue(u"a\"b\\c\nd"_s) << QByteArray(R"("a\"b\\c\nd")");
    QTest::newRow("empty string") << QJsonValue(QString()) << QByteArray(R"("")");
    QTest::newRow("empty array") << QJsonValue(QJsonArray()) << QByteArray("[]");
    QTest::newRow("array") << QJsonValue(QJsonArray{1, u"a"_s, QJsonValue::Null}) << QByteArray(R"([1,"a",null])");
    QTest::newRow("empty object") << QJsonValue(QJsonObject()) << QByteArray("{}");
    QTest::newRow("object") << QJsonValue(QJsonObject{{u"b"_s, QJsonArray{1, 2}}, {u"a"_s, QJsonObject{}}})
                            << QByteArray(R"({"a":{},"b":[1,2]})");
}

void TestJsonWriter::serialize()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(JsonWriter::serialize(value), expected);
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "TestJsonWriter.moc"
