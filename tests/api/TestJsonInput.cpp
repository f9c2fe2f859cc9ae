#include "JsonInput.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace mood::api;
using namespace Qt::StringLiterals;

class TestJsonInput final : public QObject
{
    Q_OBJECT

private slots:
    void parseAcceptsOneValue_data();
    void parseAcceptsOneValue();
    void parseRejects_data();
    void parseRejects();
    void isInteger_data();
    void isInteger();
    void isBlank_data();
    void isBlank();
    void required();
    void wrongTypeOfDocument_data();
    void wrongTypeOfDocument();
    void notOneOf_data();
    void notOneOf();
};

void TestJsonInput::parseAcceptsOneValue_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonValue>("expected");
    QTest::newRow("object") << QByteArray(R"({"a": 1, "b": [true]})")
                            << QJsonValue(QJsonObject{{u"a"_s, 1}, {u"b"_s, QJsonArray{true}}});
    QTest::newRow("empty object") << QByteArray("{}") << QJsonValue(QJsonObject());
    QTest::newRow("array") << QByteArray("[1, 2]") << QJsonValue(QJsonArray{1, 2});
    QTest::newRow("empty array") << QByteArray("[]") << QJsonValue(QJsonArray());
    QTest::newRow("null") << QByteArray("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("number") << QByteArray("5") << QJsonValue(5);
    QTest::newRow("negative fraction") << QByteArray("-1.5") << QJsonValue(-1.5);
    QTest::newRow("string") << QByteArray(R"("x")") << QJsonValue(u"x"_s);
    QTest::newRow("true") << QByteArray("true") << QJsonValue(true);
    QTest::newRow("false") << QByteArray("false") << QJsonValue(false);
    QTest::newRow("surrounding whitespace") << QByteArray(" \r\n\t{}\n ") << QJsonValue(QJsonObject());
    QTest::newRow("utf-8 string") << QByteArray("\"caf\xc3\xa9\"") << QJsonValue(u"caf\u00e9"_s);
}

void TestJsonInput::parseAcceptsOneValue()
{
    QFETCH(QByteArray, body);
    QFETCH(QJsonValue, expected);
    const auto parsed = json::parse(body);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->type(), expected.type());
    QCOMPARE(*parsed, expected);
}

void TestJsonInput::parseRejects_data()
{
    QTest::addColumn<QByteArray>("body");
    const auto row = [](const char* name, const QByteArray& body) { QTest::newRow(name) << body; };
    row("empty", QByteArray());
    row("whitespace only", " \n ");
    row("two numbers", "1 2");
    row("two objects", "{} {}");
    row("two values with a comma", "1, 2");
    row("object then garbage", "{} x");
    row("closing bracket smuggled", "1] [2");
    row("garbage", "not json");
    row("truncated object", R"({"a": 1)");
    row("truncated string", R"("abc)");
    row("trailing comma in object", R"({"a": 1,})");
    row("trailing comma in array", "[1, 2,]");
    row("trailing comma at top", "1,");
    row("single quotes", "{'a': 1}");
    row("bare word", "True");
    row("NaN", "NaN");
    // QJsonDocument takes these; json.loads(), and so the original services, did not.
    row("nothing after the point", R"({"timestamp": 1.})");
    row("nothing before the point", R"({"timestamp": .5})");
    row("raw tab in a string", "{\"mood\": \"a\tb\"}");
    row("capital U escape", R"({"mood": "\U0001"})");
}

void TestJsonInput::parseRejects()
{
    QFETCH(QByteArray, body);
    const auto parsed = json::parse(body);
    QVERIFY2(!parsed.has_value(), parsed ? qPrintable(u"accepted as type %1"_s.arg(parsed->type())) : "");
}

void TestJsonInput::isInteger_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("expected");
    QTest::newRow("1") << QByteArray("1") << true;
    QTest::newRow("1.0") << QByteArray("1.0") << true;
    QTest::newRow("-0") << QByteArray("-0") << true;
    QTest::newRow("1e3") << QByteArray("1e3") << true;
    QTest::newRow("-42") << QByteArray("-42") << true;
    QTest::newRow("1.5") << QByteArray("1.5") << false;
    QTest::newRow("-0.25") << QByteArray("-0.25") << false;
    QTest::newRow("\"1\"") << QByteArray(R"("1")") << false;
    QTest::newRow("true") << QByteArray("true") << false;
    QTest::newRow("null") << QByteArray("null") << false;
    QTest::newRow("[1]") << QByteArray("[1]") << false;
    QTest::newRow("{}") << QByteArray("{}") << false;
}

void TestJsonInput::isInteger()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, expected);
    const auto parsed = json::parse(body);
    QVERIFY(parsed.has_value());
    QCOMPARE(json::isInteger(*parsed), expected);
}

void TestJsonInput::isBlank_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("empty") << QString() << true;
    QTest::newRow("spaces") << u"   "_s << true;
    QTest::newRow("tabs and newlines") << u"\t\r\n "_s << true;
    QTest::newRow("word") << u"x"_s << false;
    QTest::newRow("padded word") << u"  x \n"_s << false;
}

void TestJsonInput::isBlank()
{
    QFETCH(QString, text);
    QFETCH(bool, expected);
    QCOMPARE(json::isBlank(text), expected);
}

void TestJsonInput::required()
{
    QCOMPARE(json::required(u"username"_s), u"'username' is a required property"_s);
    QCOMPARE(json::required(u"mood"_s), u"'mood' is a required property"_s);
}

void TestJsonInput::wrongTypeOfDocument_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, const QByteArray& body, const QString& type, const QString& expected) {
        QTest::newRow(name) << body << type << expected;
    };
    row("number for string", "5", u"string"_s, u"5 is not of type 'string'"_s);
    row("null for object", "null", u"object"_s, u"None is not of type 'object'"_s);
    row("list for object", "[1, 2]", u"object"_s, u"[1, 2] is not of type 'object'"_s);
    row("empty list for object", "[]", u"object"_s, u"[] is not of type 'object'"_s);
    row("string for integer", R"("x")", u"integer"_s, u"'x' is not of type 'integer'"_s);
    row("true for integer", "true", u"integer"_s, u"True is not of type 'integer'"_s);
    row("false for string", "false", u"string"_s, u"False is not of type 'string'"_s);
    row("fraction for integer", "1.5", u"integer"_s, u"1.5 is not of type 'integer'"_s);
    row("object for string", R"({"a": 1})", u"string"_s, u"{'a': 1} is not of type 'string'"_s);
    row("string for object", R"("it's")", u"object"_s, uR"("it's" is not of type 'object')"_s);
    row("integral float for string", "5.0", u"string"_s, u"5.0 is not of type 'string'"_s);
    row("list of objects keeps key order", R"([{"b": 1, "a": 2}])", u"object"_s,
        u"[{'b': 1, 'a': 2}] is not of type 'object'"_s);
}

void TestJsonInput::wrongTypeOfDocument()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, type);
    QFETCH(QString, expected);
    QCOMPARE(json::wrongTypeOfDocument(body, type), expected);
}

void TestJsonInput::notOneOf_data()
{
    QTest::addColumn<QString>("repr");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QString>("expected");
    const QStringList moods{u"CHEERFUL"_s,   u"REFLECTIVE"_s, u"GLOOMY"_s,    u"HUMOROUS"_s,
                            u"MELANCHOLY"_s, u"IDYLLIC"_s,    u"WHIMSICAL"_s, u"ROMANTIC"_s};
    QTest::newRow("mood") << u"'HAPPY'"_s << moods
                          << u"'HAPPY' is not one of ['CHEERFUL', 'REFLECTIVE', 'GLOOMY', 'HUMOROUS', 'MELANCHOLY', "
                             "'IDYLLIC', 'WHIMSICAL', 'ROMANTIC']"_s;
    QTest::newRow("lower case") << u"'cheerful'"_s << QStringList{u"CHEERFUL"_s}
                                << u"'cheerful' is not one of ['CHEERFUL']"_s;
    QTest::newRow("number") << u"3"_s << QStringList{u"none"_s, u"moods"_s} << u"3 is not one of ['none', 'moods']"_s;
    QTest::newRow("quote inside allowed value")
        << u"'a'"_s << QStringList{u"it's"_s} << uR"('a' is not one of ["it's"])"_s;
}

void TestJsonInput::notOneOf()
{
    QFETCH(QString, repr);
    QFETCH(QStringList, allowed);
    QFETCH(QString, expected);
    QCOMPARE(json::notOneOf(repr, allowed), expected);
}

QTEST_GUILESS_MAIN(TestJsonInput)
#include "TestJsonInput.moc"
