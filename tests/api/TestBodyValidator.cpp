#include "BodyValidator.h"
#include "RequestShapes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mood::api;
using namespace Qt::StringLiterals;

namespace {
QString firstMessage(const BodyShape& shape, const QByteArray& body)
{
    const BodyCheck check = BodyValidator::check(shape, body);
    return check.ok() ? QString() : BodyValidator::message(shape, check.violations.first(), body);
}

QJsonObject answer(Family family, const BodyShape& shape, const QByteArray& body)
{
    const BodyCheck check = BodyValidator::check(shape, body);
    if (check.ok())
        return {};
    return QJsonDocument::fromJson(BodyValidator::refusal(family, shape, check, body).body).object();
}
} // namespace

// The one validator of request bodies: the first violation in the contract's order, in the contract's words, for
// each route family; and the declarations that /openapi.json is generated from.
class TestBodyValidator final : public QObject
{
    Q_OBJECT

private slots:
    void usersFamilyMessages_data();
    void usersFamilyMessages();
    void parsesOnce();
    void eventsCollectEveryFieldError();
    void feedAnswersInItsWords();
    void logsNeedANonEmptyArray();
    void everyExampleFits_data();
    void everyExampleFits();
    void schemaSaysWhatTheValidatorChecks();
};

void TestBodyValidator::usersFamilyMessages_data()
{
    QTest::addColumn<QString>("shape");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << u"mood"_s << QByteArray("{") << u"request body is not valid JSON"_s;
    QTest::newRow("python rejects 1.") << u"mood"_s << QByteArray(R"({"mood": 1.})")
                                       << u"request body is not valid JSON"_s;
    QTest::newRow("null") << u"mood"_s << QByteArray("null") << u"None is not of type 'object'"_s;
    QTest::newRow("float") << u"mood"_s << QByteArray("5.0") << u"5.0 is not of type 'object'"_s;
    QTest::newRow("quoted from the text") << u"mood"_s << QByteArray(R"({"mood": {"z": 1, "a": [true]}})")
                                          << u"{'z': 1, 'a': [True]} is not of type 'string'"_s;
    QTest::newRow("beyond 2^63") << u"credentials"_s
                                 << QByteArray(R"({"username": 12345678901234567890, "password": "x"})")
                                 << u"12345678901234567890 is not of type 'string'"_s;
    QTest::newRow("array") << u"mood"_s << QByteArray("[1, 2]") << u"[1, 2] is not of type 'object'"_s;
    QTest::newRow("missing mood") << u"mood"_s << QByteArray(R"({"note": 5})") << u"'mood' is a required property"_s;
    QTest::newRow("mood type") << u"mood"_s << QByteArray(R"({"mood": 5.0, "note": 5})")
                               << u"5.0 is not of type 'string'"_s;
    QTest::newRow("mood enum before the note")
        << u"mood"_s << QByteArray(R"({"note": 5, "mood": "happy"})")
        << u"'happy' is not one of ['CHEERFUL', 'REFLECTIVE', 'GLOOMY', 'HUMOROUS', 'MELANCHOLY', 'IDYLLIC', "
           "'WHIMSICAL', 'ROMANTIC']"_s;
    QTest::newRow("timestamp") << u"mood"_s << QByteArray(R"({"mood": "GLOOMY", "timestamp": "now", "note": 5})")
                               << u"'now' is not of type 'integer'"_s;
    QTest::newRow("timestamp null") << u"mood"_s << QByteArray(R"({"mood": "GLOOMY", "timestamp": null})")
                                    << u"None is not of type 'integer'"_s;
    QTest::newRow("note") << u"mood"_s << QByteArray(R"({"mood": "GLOOMY", "note": ["x"]})")
                          << u"['x'] is not of type 'string'"_s;
    QTest::newRow("note null is none") << u"mood"_s << QByteArray(R"({"mood": "GLOOMY", "note": null})") << QString();
    QTest::newRow("whole float timestamp")
        << u"mood"_s << QByteArray(R"({"mood": "GLOOMY", "timestamp": 17.0})") << QString();
    QTest::newRow("credentials: required first")
        << u"credentials"_s << QByteArray(R"({"username": 5})") << u"'password' is a required property"_s;
    QTest::newRow("credentials: then types")
        << u"credentials"_s << QByteArray(R"({"password": true, "username": 5})") << u"5 is not of type 'string'"_s;
    QTest::newRow("profile: unknown")
        << u"profile"_s << QByteArray(R"({"email": 5, "isAdmin": true})")
        << u"'isAdmin' cannot be changed (allowed: email, timezone, shareLevel, password)"_s;
    QTest::newRow("profile: type") << u"profile"_s << QByteArray(R"({"timezone": 5})")
                                   << u"5 is not of type 'string'"_s;
    QTest::newRow("profile: level") << u"profile"_s << QByteArray(R"({"shareLevel": "all"})")
                                    << u"'all' is not one of ['none', 'milestones', 'moods']"_s;
    QTest::newRow("instance: nothing") << u"instance"_s << QByteArray("{}")
                                       << u"'registrationOpen' is a required property"_s;
    QTest::newRow("instance: one is enough") << u"instance"_s << QByteArray(R"({"retention": "all"})") << QString();
    QTest::newRow("instance: boolean") << u"instance"_s << QByteArray(R"({"registrationOpen": "yes"})")
                                       << u"'yes' is not of type 'boolean'"_s;
}

void TestBodyValidator::usersFamilyMessages()
{
    QFETCH(QString, shape);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const BodyShape& declared = shape == u"mood"_s ? shapes::moodInput()
        : shape == u"credentials"_s                ? shapes::credentials()
        : shape == u"profile"_s                    ? shapes::profileChange()
                                                   : shapes::instanceChange();
    QCOMPARE(firstMessage(declared, body), message);
    if (!message.isEmpty())
        QCOMPARE(answer(Family::Users, declared, body), (QJsonObject{{u"error"_s, message}}));
}

void TestBodyValidator::parsesOnce()
{
    ApiRequest request;
    request.body = R"({"mood": "IDYLLIC", "timestamp": 12, "note": "sun"})";
    QVERIFY(!BodyValidator::admit(request, shapes::moodInput(), Family::Users));
    QCOMPARE(request.json.toObject().value(u"note"_s).toString(), u"sun"_s);
    QCOMPARE(request.json.toObject().value(u"timestamp"_s).toInteger(), 12);
    request.body = R"({"mood": "IDYLLIC", "note": 1})";
    request.json = QJsonValue();
    const auto refused = BodyValidator::admit(request, shapes::moodInput(), Family::Users);
    QVERIFY(refused);
    QCOMPARE(refused->status, 400);
    QVERIFY(request.json.isUndefined() || request.json.isNull()); // nothing admitted
}

void TestBodyValidator::eventsCollectEveryFieldError()
{
    const QJsonObject all = answer(Family::Events, shapes::eventInput(), R"({"component": 5, "data": []})");
    QCOMPARE(all.value(u"message"_s).toString(), u"Input payload validation failed"_s);
    QCOMPARE(all.value(u"errors"_s).toObject(),
             (QJsonObject{{u"component"_s, u"5 is not of type 'string'"_s},
                          {u"data"_s, u"[] is not of type 'object'"_s},
                          {u"email"_s, u"'email' is a required property"_s},
                          {u"environment"_s, u"'environment' is a required property"_s},
                          {u"message"_s, u"'message' is a required property"_s}}));
    QCOMPARE(answer(Family::Events, shapes::eventInput(), "[]").value(u"errors"_s).toObject(),
             (QJsonObject{{QString(), u"[] is not of type 'object'"_s}}));
    QCOMPARE(answer(Family::Events, shapes::eventInput(), "{,}").value(u"message"_s).toString(),
             u"Failed to decode JSON object: the request body is not valid JSON"_s);
    // The blank and address tests follow, email first.
    const QByteArray blanks =
        R"({"component": " ", "data": {}, "email": "not an address", "environment": "", "message": "m"})";
    QCOMPARE(answer(Family::Events, shapes::eventInput(), blanks).value(u"message"_s).toString(),
             u"Failed with Invalid email address."_s);
    const QByteArray component =
        R"({"component": " ", "data": {}, "email": "a@example.org", "environment": "", "message": "m"})";
    QCOMPARE(answer(Family::Events, shapes::eventInput(), component).value(u"message"_s).toString(),
             u"Failed with Component can not be empty."_s);
}

void TestBodyValidator::feedAnswersInItsWords()
{
    const QString badJson = u"something wrong with JSON request"_s;
    QCOMPARE(answer(Family::Feed, shapes::activityInput(), R"({"actor": "a", "verb": "v", "target": "t"})")
                 .value(u"error"_s)
                 .toString(),
             badJson); // object missing: null is fine, absent is not
    QVERIFY(
        answer(Family::Feed, shapes::activityInput(), R"({"actor": "a", "verb": "v", "object": null, "target": "t"})")
            .isEmpty());
    QCOMPARE(
        answer(Family::Feed, shapes::activityInput(), R"({"actor": "a", "verb": "\t", "object": null, "target": "t"})")
            .value(u"error"_s)
            .toString(),
        u"empty verb"_s);
    QCOMPARE(answer(Family::Feed, shapes::followChange(), R"({"follow": 5})").value(u"error"_s).toString(), badJson);
    QVERIFY(answer(Family::Feed, shapes::followChange(), R"({"follow": null})").isEmpty()); // the route says why not
    QCOMPARE(answer(Family::Feed, shapes::followChange(), "3").value(u"error"_s).toString(), badJson);
}

void TestBodyValidator::logsNeedANonEmptyArray()
{
    for (const QByteArray& body : {QByteArray("[]"), QByteArray("{}"), QByteArray("nope")}) {
        QCOMPARE(answer(Family::Logs, shapes::uiLogs(), body),
                 (QJsonObject{{u"code"_s, u"NO_LOGS_PROVIDED"_s}, {u"success"_s, false}}));
    }
    QVERIFY(BodyValidator::check(shapes::uiLogs(), "[{}]").ok()); // each log's rules are the route's own codes
}

void TestBodyValidator::everyExampleFits_data()
{
    QTest::addColumn<const BodyShape*>("shape");
    for (const BodyShape* shape :
         {&shapes::credentials(), &shapes::profileChange(), &shapes::instanceChange(), &shapes::moodInput(),
          &shapes::moodCorrection(), &shapes::eventInput(), &shapes::activityInput(), &shapes::followChange()})
        QTest::newRow(qPrintable(shape->name)) << shape;
}

void TestBodyValidator::everyExampleFits()
{
    QFETCH(const BodyShape*, shape);
    QVERIFY(!shape->example.isEmpty());
    const QByteArray example = QJsonDocument(shape->example).toJson(QJsonDocument::Compact);
    const BodyCheck check = BodyValidator::check(*shape, example);
    QVERIFY2(check.ok(), qPrintable(BodyValidator::message(*shape, check.violations.value(0), example)));
}

void TestBodyValidator::schemaSaysWhatTheValidatorChecks()
{
    const QJsonObject mood = shapes::moodInput().schema();
    QCOMPARE(mood.value(u"required"_s).toArray(), QJsonArray{u"mood"_s});
    QCOMPARE(mood[u"properties"_s][u"timestamp"_s][u"type"_s].toString(), u"integer"_s);
    QVERIFY(mood[u"properties"_s][u"note"_s][u"nullable"_s].toBool());
    QCOMPARE(mood[u"properties"_s][u"mood"_s][u"$ref"_s].toString(), u"#/components/schemas/MoodName"_s);
    const QJsonObject profile = shapes::profileChange().schema();
    QCOMPARE(profile.value(u"additionalProperties"_s), QJsonValue(false));
    QCOMPARE(profile[u"properties"_s][u"shareLevel"_s][u"enum"_s].toArray().size(), 3);
    const QJsonObject event = shapes::eventInput().schema();
    QCOMPARE(event.value(u"required"_s).toArray().size(), 5);
    QCOMPARE(event[u"properties"_s][u"message"_s][u"pattern"_s].toString(), u"\\S"_s);
    QCOMPARE(shapes::instanceChange().schema().value(u"minProperties"_s).toInt(), 1);
    const QJsonObject logs = shapes::uiLogs().schema();
    QCOMPARE(logs.value(u"type"_s).toString(), u"array"_s);
    QCOMPARE(logs.value(u"minItems"_s).toInt(), 1);
}

QTEST_MAIN(TestBodyValidator)
#include "TestBodyValidator.moc"
