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
    void pythonReprScalars_data();
    void pythonReprScalars();
    void pythonReprStrings_data();
    void pythonReprStrings();
    void pythonReprNumbers_data();
    void pythonReprNumbers();
    void pythonReprContainers_data();
    void pythonReprContainers();
    void orderedObjectKeepsInsertionOrder();
    void orderedObjectNests();
    void orderedObjectEmpty();
    void addFloat_data();
    void addFloat();
    void serialize_data();
    void serialize();
};

void TestJsonWriter::pythonReprScalars_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << u"None"_s;
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << u"None"_s;
    QTest::newRow("true") << QJsonValue(true) << u"True"_s;
    QTest::newRow("false") << QJsonValue(false) << u"False"_s;
}

void TestJsonWriter::pythonReprScalars()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, expected);
    QCOMPARE(pythonRepr(value), expected);
}

void TestJsonWriter::pythonReprStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, const QString& text, const QString& expected) {
        QTest::newRow(name) << text << expected;
    };
    row("plain", u"x"_s, u"'x'"_s);
    row("empty", QString(), u"''"_s);
    row("apostrophe: double quotes", u"it's"_s, uR"("it's")"_s);
    row("double quotes inside single", u"say \"hi\""_s, uR"('say "hi"')"_s);
    row("both quotes: escaped apostrophe", u"it's \"x\""_s, uR"('it\'s "x"')"_s);
    row("newline", u"a\nb"_s, uR"('a\nb')"_s);
    row("tab", u"a\tb"_s, uR"('a\tb')"_s);
    row("carriage return", u"a\rb"_s, uR"('a\rb')"_s);
    row("backslash", u"a\\b"_s, uR"('a\\b')"_s);
    row("control char", u"a\u0001b"_s, uR"('a\x01b')"_s);
    row("escape char", u"\u001b"_s, uR"('\x1b')"_s);
    row("delete", u"\u007f"_s, uR"('\x7f')"_s);
    row("non-ascii kept", u"caf\u00e9 \u263a"_s, u"'caf\u00e9 \u263a'"_s);
}

void TestJsonWriter::pythonReprStrings()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(pythonRepr(QJsonValue(text)), expected);
}

void TestJsonWriter::pythonReprNumbers_data()
{
    QTest::addColumn<double>("number");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, double number, const QString& expected) {
        QTest::newRow(name) << number << expected;
    };
    row("integer", 5, u"5"_s);
    row("negative", -3, u"-3"_s);
    row("zero", 0, u"0"_s);
    row("negative zero", -0.0, u"0"_s);
    row("epoch", 1773576000, u"1773576000"_s);
    row("fraction", 1.5, u"1.5"_s);
    row("negative fraction", -0.25, u"-0.25"_s);
    row("shortest round trip", 0.1, u"0.1"_s);
    row("two decimals", 66.67, u"66.67"_s);
    row("large integral", 1e16, u"1e+16"_s);
    row("larger integral", 1.5e17, u"1.5e+17"_s);
    row("negative large integral", -1e16, u"-1e+16"_s);
    row("tiny", 1.5e-7, u"1.5e-07"_s);
    row("small", 0.0001, u"0.0001"_s);
    row("small negative", -0.0001, u"-0.0001"_s);
    row("small with digits", 0.00012, u"0.00012"_s);
    row("thousandth", 0.001, u"0.001"_s);
    row("smaller", 0.00001, u"1e-05"_s);
    row("large fraction", 123456789012345.6, u"123456789012345.6"_s);
    row("long fraction", 123456.789, u"123456.789"_s);
}

void TestJsonWriter::pythonReprNumbers()
{
    QFETCH(double, number);
    QFETCH(QString, expected);
    QCOMPARE(pythonRepr(QJsonValue(number)), expected);
}

void TestJsonWriter::pythonReprContainers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, const QByteArray& json, const QString& expected) {
        QTest::newRow(name) << json << expected;
    };
    row("empty list", "[]", u"[]"_s);
    row("list", "[1, 2]", u"[1, 2]"_s);
    row("mixed list", R"([null, true, "x", 1.5])", u"[None, True, 'x', 1.5]"_s);
    row("nested lists", "[[1], [[]]]", u"[[1], [[]]]"_s);
    row("empty dict", "{}", u"{}"_s);
    row("dict", R"({"a": 1, "b": [1, 2]})", u"{'a': 1, 'b': [1, 2]}"_s);
    row("nested dict", R"({"a": {"b": null}, "c": "it's"})", uR"({'a': {'b': None}, 'c': "it's"})"_s);
    row("quoted key", R"({"it's": false})", uR"({"it's": False})"_s);
}

void TestJsonWriter::pythonReprContainers()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonValue value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    QCOMPARE(pythonRepr(value), expected);
}

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
