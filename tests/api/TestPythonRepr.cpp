#include "PythonRepr.h"

#include <QTest>

using namespace mood::api;
using namespace Qt::StringLiterals;

// Expected values are what CPython 3.11 prints for repr(json.loads(text)).
class TestPythonRepr final : public QObject
{
    Q_OBJECT

private slots:
    void scalars_data();
    void scalars();
    void numbers_data();
    void numbers();
    void strings_data();
    void strings();
    void containers_data();
    void containers();
    void rejectsInvalidJson_data();
    void rejectsInvalidJson();
    void rejectsNestingBeyondLimit();
    void member_data();
    void member();
    void memberOfNonObject();
    void reprOfFloat_data();
    void reprOfFloat();

private:
    static void addRows();
    static void check();
};

void TestPythonRepr::addRows()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
}

void TestPythonRepr::check()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QVERIFY2(python::isJson(json), json.constData());
    const auto repr = python::reprOfJson(json);
    QVERIFY2(repr.has_value(), json.constData());
    QCOMPARE(*repr, expected);
}

void TestPythonRepr::scalars_data()
{
    addRows();
    QTest::newRow("null") << QByteArray("null") << u"None"_s;
    QTest::newRow("true") << QByteArray("true") << u"True"_s;
    QTest::newRow("false") << QByteArray("false") << u"False"_s;
    QTest::newRow("surrounding whitespace") << QByteArray(" \r\n\tnull\n ") << u"None"_s;
}

void TestPythonRepr::scalars()
{
    check();
}

void TestPythonRepr::numbers_data()
{
    addRows();
    const auto row = [](const char* json, const QString& expected) {
        QTest::newRow(json) << QByteArray(json) << expected;
    };
    row("5", u"5"_s);
    row("-3", u"-3"_s);
    row("0", u"0"_s);
    row("-0", u"0"_s);
    row("1773576000", u"1773576000"_s);
    row("9007199254740993", u"9007199254740993"_s);         // 2^53 + 1: a double would say ...992
    row("12345678901234567890", u"12345678901234567890"_s); // beyond qint64
    row("5.0", u"5.0"_s);                                   // a float, though QJsonValue calls it 5
    row("-0.0", u"-0.0"_s);
    row("1e2", u"100.0"_s);
    row("1E400", u"inf"_s);
    row("-1E400", u"-inf"_s);
    row("1000e306", u"inf"_s);   // 1e309: too large by its digits, not by its exponent
    row("0.001e-322", u"0.0"_s); // too small: a zero, as Python's float() says
    row("-1e-400", u"-0.0"_s);
    row("0.00e999", u"0.0"_s);
    row("1.5", u"1.5"_s);
    row("-0.25", u"-0.25"_s);
    row("0.1", u"0.1"_s);
    row("66.67", u"66.67"_s);
    row("1e16", u"1e+16"_s);
    row("1.5e17", u"1.5e+17"_s);
    row("123456789012345678.0", u"1.2345678901234568e+17"_s);
    row("-1.5e-7", u"-1.5e-07"_s);
    row("0.0001", u"0.0001"_s);
    row("0.00012", u"0.00012"_s);
    row("0.00001", u"1e-05"_s);
    row("123456789012345.6", u"123456789012345.6"_s);
}

void TestPythonRepr::numbers()
{
    check();
}

void TestPythonRepr::strings_data()
{
    addRows();
    const auto row = [](const char* name, const QByteArray& json, const QString& expected) {
        QTest::newRow(name) << json << expected;
    };
    row("plain", R"("x")", u"'x'"_s);
    row("empty", R"("")", u"''"_s);
    row("apostrophe: double quotes", R"("it\u0027s")", uR"("it's")"_s);
    row("double quotes inside single", R"("say \"hi\"")", uR"('say "hi"')"_s);
    row("both quotes: escaped apostrophe", R"("it's \"x\"")", uR"('it\'s "x"')"_s);
    row("newline, tab, return", R"("a\nb\tc\rd")", uR"('a\nb\tc\rd')"_s);
    row("backslash", R"("a\\b")", uR"('a\\b')"_s);
    row("solidus", R"("\/")", u"'/'"_s);
    row("backspace and form feed", R"("\b\f")", uR"('\x08\x0c')"_s);
    row("C0 controls and delete", R"("\u0001\u001b\u007f")", uR"('\x01\x1b\x7f')"_s);
    row("C1 controls, no-break space, soft hyphen", R"("\u0080\u009f\u00a0\u00ad\u00e9")",
        uR"('\x80\x9f\xa0\xad)"_s + u"\u00e9'"_s);
    row("invisible BMP characters", R"("\u200b\u2028\u2029\u3000\ue000")", uR"('\u200b\u2028\u2029\u3000\ue000')"_s);
    row("surrogate pair", R"("\ud83d\ude00")", u"'\U0001F600'"_s);
    row("lone surrogate", R"("\ud800")", uR"('\ud800')"_s);
    row("private use plane", R"("\udbff\udfff")", uR"('\U0010ffff')"_s);
    row("tag character", R"("\udb40\udc01")", uR"('\U000e0001')"_s);
    row("raw UTF-8", "\"caf\xc3\xa9 \xe2\x98\xba\"", u"'caf\u00e9 \u263a'"_s);
}

void TestPythonRepr::strings()
{
    check();
}

void TestPythonRepr::containers_data()
{
    addRows();
    const auto row = [](const char* name, const QByteArray& json, const QString& expected) {
        QTest::newRow(name) << json << expected;
    };
    row("empty list", "[]", u"[]"_s);
    row("list", "[1, 2]", u"[1, 2]"_s);
    row("mixed list", R"([null, true, "x", 1.5, 5.0])", u"[None, True, 'x', 1.5, 5.0]"_s);
    row("nested lists", "[[1],[[]]]", u"[[1], [[]]]"_s);
    row("empty dict", "{}", u"{}"_s);
    row("keys in document order", R"({"b": 1, "a": 2})", u"{'b': 1, 'a': 2}"_s);
    row("repeated key: last value", R"({"a": 1, "a": 2})", u"{'a': 2}"_s);
    row("repeated key: first position", R"({"a": 1, "b": 2, "a": 3})", u"{'a': 3, 'b': 2}"_s);
    row("nested dict", R"({"a": {"z": null, "y": [5.0]}, "c": "it's"})",
        uR"({'a': {'z': None, 'y': [5.0]}, 'c': "it's"})"_s);
    row("quoted key", R"({"it's": false})", uR"({"it's": False})"_s);
    row("whitespace everywhere", " \r\n\t{\"k\" : [ ] , \"l\":{ }}\n ", u"{'k': [], 'l': {}}"_s);
}

void TestPythonRepr::containers()
{
    check();
}

void TestPythonRepr::rejectsInvalidJson_data()
{
    QTest::addColumn<QByteArray>("json");
    const auto row = [](const char* name, const QByteArray& json) { QTest::newRow(name) << json; };
    row("empty", "");
    row("only whitespace", " \n");
    row("two values", "1 2");
    row("trailing garbage", "{} x");
    row("trailing comma in list", "[1,]");
    row("trailing comma in dict", R"({"a": 1,})");
    row("missing colon", R"({"a" 1})");
    row("unquoted key", "{a: 1}");
    row("unterminated string", R"("abc)");
    row("unterminated list", "[1, 2");
    row("raw control character in string", "\"a\tb\"");
    row("bad escape", R"("\x41")");
    row("short unicode escape", R"("\u12")");
    row("sign in unicode escape", R"("\u+123")");
    row("space in unicode escape", R"("\u 123")");
    row("capital U escape", R"("\U0001")");
    row("leading zero", "01");
    row("lone minus", "-");
    row("bare fraction", ".5");
    row("empty fraction", "1.");
    row("empty exponent", "1e");
    row("capitalised literal", "True");
    row("truncated literal", "nul");
    row("single quotes", "'x'");
}

void TestPythonRepr::rejectsInvalidJson()
{
    QFETCH(QByteArray, json);
    QVERIFY(!python::isJson(json));
    QCOMPARE(python::reprOfJson(json), std::nullopt);
}

void TestPythonRepr::rejectsNestingBeyondLimit()
{
    const QByteArray deepest = QByteArray(1024, '[') + QByteArray(1024, ']');
    QCOMPARE(python::reprOfJson(deepest), QString::fromLatin1(deepest));
    const QByteArray tooDeep = QByteArray(100000, '[') + QByteArray(100000, ']');
    QCOMPARE(python::reprOfJson(tooDeep), std::nullopt);
    QVERIFY(python::isJson(deepest));
    QVERIFY(!python::isJson(tooDeep));
}

void TestPythonRepr::member_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("key");
    QTest::addColumn<std::optional<QString>>("expected");
    const auto row = [](const char* name, const QByteArray& json, const QString& key,
                        const std::optional<QString>& expected) { QTest::newRow(name) << json << key << expected; };
    row("scalar", R"({"mood": 5.0, "timestamp": "x"})", u"mood"_s, u"5.0"_s);
    row("second member", R"({"mood": 5.0, "timestamp": "x"})", u"timestamp"_s, u"'x'"_s);
    row("object value keeps order", R"({"data": {"b": [1, 2], "a": null}})", u"data"_s, u"{'b': [1, 2], 'a': None}"_s);
    row("repeated key: last value", R"({"mood": 1, "mood": "x"})", u"mood"_s, u"'x'"_s);
    row("escaped key", R"({"m\u006fod": true})", u"mood"_s, u"True"_s);
    row("nested key is not a member", R"({"a": {"mood": 1}})", u"mood"_s, std::nullopt);
    row("missing", R"({"a": 1})", u"mood"_s, std::nullopt);
    row("empty object", "{}", u"mood"_s, std::nullopt);
    row("invalid after the member", R"({"mood": 1,)", u"mood"_s, std::nullopt);
}

void TestPythonRepr::member()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, key);
    QFETCH(std::optional<QString>, expected);
    QCOMPARE(python::reprOfMember(json, key), expected);
}

void TestPythonRepr::memberOfNonObject()
{
    QCOMPARE(python::reprOfMember("[1, 2]", u"0"), std::nullopt);
    QCOMPARE(python::reprOfMember("null", u"mood"), std::nullopt);
    QCOMPARE(python::reprOfMember(R"("mood")", u"mood"), std::nullopt);
}

void TestPythonRepr::reprOfFloat_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("integral") << 50.0 << u"50.0"_s;
    QTest::newRow("negative zero") << -0.0 << u"-0.0"_s;
    QTest::newRow("largest") << 1.7976931348623157e308 << u"1.7976931348623157e+308"_s;
    QTest::newRow("smallest subnormal") << 5e-324 << u"5e-324"_s;
    QTest::newRow("not a number") << std::nan("") << u"nan"_s;
    QTest::newRow("minus infinity") << -HUGE_VAL << u"-inf"_s;
}

void TestPythonRepr::reprOfFloat()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(python::reprOfFloat(value), expected);
}

QTEST_GUILESS_MAIN(TestPythonRepr)
#include "TestPythonRepr.moc"
