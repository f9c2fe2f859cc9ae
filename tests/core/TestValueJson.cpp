#include "ActivityJson.h"
#include "JsonWriter.h"
#include "MoodJson.h"
#include "ProfileJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// toJson -> fromJson gives the value back, the writer escapes exactly as QJsonDocument does, and malformed input
// is refused with a message that says what is wrong.
class TestValueJson final : public QObject
{
    Q_OBJECT

private slots:
    void escapingMatchesQJsonDocument();
    void numbersMatchQJsonDocument();
    void nestedValuesMatchQJsonDocument();
    void summaryRoundTrip();
    void summaryBytes();
    void summaryWithoutDetails();
    void boardRoundTrip();
    void profileRoundTrip();
    void activityRoundTrip();
    void eventRoundTrip();
    void malformedInput_data();
    void malformedInput();
};

namespace {
QByteArray qtCompact(const QJsonValue& value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

const QString kTricky = u"quote\" back\\ slash/ \b\f\n\r\t \x01\x1f\x7f é € 😀 \u2028 <script>"_s;

MoodSummary sampleSummary()
{
    MoodSummary summary;
    summary.streaks = {3, 12};
    summary.streakPercentile = 87.5;
    summary.history.append({42, Mood::Cheerful, 1780000000, QDate(2026, 5, 28), kTricky});
    summary.history.append({41, Mood::Gloomy, 1779900000, QDate(2026, 5, 27), QString()});
    summary.history.append({7, Mood::Romantic, 1700000000, QDate(2023, 11, 14), u"ünïcödé"_s});
    return summary;
}
} // namespace

void TestValueJson::escapingMatchesQJsonDocument()
{
    // Every UTF-16 code unit alone (lone surrogates included), then in pairs and mixed with ASCII.
    for (char32_t unit = 0; unit <= 0xffff; ++unit) {
        const QString text = QString(QChar(static_cast<char16_t>(unit))) + u"a"_s;
        QCOMPARE(JsonWriter::serialize(text), qtCompact(text));
    }
    for (const QString& text : {kTricky, QString(), u"\xd83d\xde00\xd83d"_s, u"\xde00\xd83d\xde00x"_s}) {
        QCOMPARE(JsonWriter::serialize(text), qtCompact(text));
        QCOMPARE(JsonWriter().beginObject().key(text).value(text).endObject().take(),
                 QJsonDocument(QJsonObject{{text, text}}).toJson(QJsonDocument::Compact));
    }
    // What is written reads back as the same text.
    const QByteArray json = JsonWriter().beginArray().value(kTricky).endArray().take();
    QCOMPARE(QJsonDocument::fromJson(json).array().at(0).toString(), kTricky);
}

void TestValueJson::numbersMatchQJsonDocument()
{
    for (qint64 n : {qint64(0), qint64(-1), qint64(42), std::numeric_limits<qint64>::max(),
                     std::numeric_limits<qint64>::min(), qint64(1000000000000000)})
        QCOMPARE(JsonWriter().value(n).take(), qtCompact(QJsonValue(n)));
    for (double d : {0.0, 50.0, 87.5, 66.67, 1e15, 1e21, 1.5e-7, -0.1, 1.0 / 3.0})
        QCOMPARE(JsonWriter::serialize(QJsonValue(d)), qtCompact(QJsonValue(d)));
    // Floats as Python writes them.
    QCOMPARE(JsonWriter().floatValue(50.0).take(), QByteArray("50.0"));
    QCOMPARE(JsonWriter().floatValue(66.67).take(), QByteArray("66.67"));
    QCOMPARE(JsonWriter().floatValue(100).take(), QByteArray("100.0"));
    QCOMPARE(JsonWriter().floatValue(1e21).take(), QByteArray("1e+21"));
}

void TestValueJson::nestedValuesMatchQJsonDocument()
{
    const QJsonObject parsed =
        QJsonDocument::fromJson(R"({"z":[1,2.5,"x",null,true,{"b":1e15,"a":1000000000000000}],"a":{},"m":[]})")
            .object();
    QCOMPARE(JsonWriter::serialize(parsed), QJsonDocument(parsed).toJson(QJsonDocument::Compact));
    QCOMPARE(JsonWriter().beginArray().beginObject().endObject().beginArray().endArray().value(1).endArray().take(),
             QByteArray("[{},[],1]"));
}

void TestValueJson::summaryRoundTrip()
{
    const MoodSummary summary = sampleSummary();
    const QByteArray json = toJson(summary, QTimeZone("Europe/Berlin"), true);
    QString error;
    const auto back = moodSummaryFromJson(json, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, summary);
    MoodSummary below = summary;
    below.streakPercentile.reset();
    QCOMPARE(*moodSummaryFromJson(toJson(below, QTimeZone::utc(), true)), below);
    QCOMPARE(*moodSummaryFromJson(toJson(MoodSummary(), QTimeZone::utc(), true)), MoodSummary());
}

void TestValueJson::summaryBytes()
{
    MoodSummary summary;
    summary.streaks = {1, 2};
    summary.streakPercentile = 50.0;
    summary.history.append({5, Mood::Cheerful, 1635100080, QDate(2021, 10, 24), u"a\"b"_s});
    QCOMPARE(toJson(summary, QTimeZone("UTC"), false),
             QByteArray(R"({"currentStreak":1,"longestStreak":2,"moodHistory":[{"date":"Sun, Oct 24 at 06:28 PM",)"
                        R"("mood":"CHEERFUL"}],"streakPercentile":50.0})"));
    QCOMPARE(toJson(summary, QTimeZone("UTC"), true),
             QByteArray(R"({"currentStreak":1,"longestStreak":2,"moodHistory":[{"date":"Sun, Oct 24 at 06:28 PM",)"
                        R"("mood":"CHEERFUL","id":5,"timestamp":1635100080,"day":"2021-10-24","note":"a\"b"}],)"
                        R"("streakPercentile":50.0})"));
}

void TestValueJson::summaryWithoutDetails()
{
    const auto back = moodSummaryFromJson(toJson(sampleSummary(), QTimeZone::utc(), false));
    QVERIFY(back);
    QCOMPARE(back->history.size(), 3);
    QCOMPARE(back->history.at(2).mood, Mood::Romantic);
    QCOMPARE(back->history.at(2).at, qint64(0));
    QCOMPARE(back->streakPercentile.value_or(0), 87.5);
}

void TestValueJson::boardRoundTrip()
{
    YearBoard board{
        2026, {{QDate(2026, 1, 1), 5, {Mood::Cheerful}}, {QDate(2026, 12, 31), 1, {Mood::Whimsical, Mood::Gloomy}}}};
    const QByteArray json = toJson(board);
    QCOMPARE(json,
             QByteArray(R"({"year":2026,"days":[{"date":"2026-01-01","level":5,"moods":["CHEERFUL"]},)"
                        R"({"date":"2026-12-31","level":1,"moods":["WHIMSICAL","GLOOMY"]}]})"));
    QString error;
    const auto back = yearBoardFromJson(json, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, board);
}

void TestValueJson::profileRoundTrip()
{
    User user;
    user.username = u"al.ice"_s;
    user.email = kTricky;
    user.timeZone = "America/Argentina/Buenos_Aires";
    user.shareLevel = ShareLevel::Moods;
    user.isAdmin = true;
    QString error;
    const auto back = profileFromJson(profileToJson(user), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->username, user.username);
    QCOMPARE(back->email, user.email);
    QCOMPARE(back->timeZone, user.timeZone);
    QCOMPARE(back->shareLevel, user.shareLevel);
    QCOMPARE(back->isAdmin, user.isAdmin);
}

void TestValueJson::activityRoundTrip()
{
    for (const std::optional<QString>& object :
         {std::optional<QString>(u"mood:CHEERFUL"_s), std::optional<QString>()}) {
        Activity activity;
        activity.actor = u"alice"_s;
        activity.verb = kTricky;
        activity.object = object;
        activity.target = u"bob"_s;
        activity.datetime = QDateTime(QDate(2026, 3, 29), QTime(1, 2, 3), Qt::UTC);
        const QByteArray json = toJson(activity);
        // The same bytes QJsonObject gave the feed before: sorted keys.
        QCOMPARE(json,
                 QJsonDocument(QJsonObject{{u"actor"_s, activity.actor},
                                           {u"datetime"_s, u"2026-03-29T01:02:03"_s},
                                           {u"object"_s, object ? QJsonValue(*object) : QJsonValue()},
                                           {u"target"_s, activity.target},
                                           {u"verb"_s, activity.verb}})
                     .toJson(QJsonDocument::Compact));
        QString error;
        const auto back = activityFromJson(QJsonDocument::fromJson(json).object(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, activity);
    }
}

void TestValueJson::eventRoundTrip()
{
    Event event;
    event.id = u"0f8fad5b-d9cb-469f-a165-70867728950e"_s;
    event.component = u"moodboard"_s;
    event.data = QJsonDocument::fromJson(R"({"b":[1,2.5,null],"a":{"x":"y\n"}})").object();
    event.email = u"a@b.c"_s;
    event.environment = u"prod"_s;
    event.message = kTricky;
    event.createdMicros = 1618585123456789;
    const QByteArray json = toJson(event);
    QVERIFY(json.startsWith(R"({"component":"moodboard","data":{"a":{"x":"y\n"},"b":[1,2.5,null]},"email")"));
    QVERIFY(json.endsWith(R"("id":"0f8fad5b-d9cb-469f-a165-70867728950e","created_at":"1618585123.456789"})"));
    QString error;
    const auto back = eventFromJson(QJsonDocument::fromJson(json).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(*back, event);
}

void TestValueJson::malformedInput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("not json") << QByteArray("{\"currentStreak\":") << u"mood summary: not JSON"_s;
    QTest::newRow("array") << QByteArray("[]") << u"mood summary: not a JSON object"_s;
    QTest::newRow("missing") << QByteArray(R"({"currentStreak":1,"moodHistory":[]})")
                             << u"mood summary: 'longestStreak' is missing"_s;
    QTest::newRow("wrong type") << QByteArray(R"({"currentStreak":"1","longestStreak":1,"moodHistory":[]})")
                                << u"mood summary: 'currentStreak' must be an integer"_s;
    QTest::newRow("fraction") << QByteArray(R"({"currentStreak":1.5,"longestStreak":1,"moodHistory":[]})")
                              << u"mood summary: 'currentStreak' must be an integer"_s;
    QTest::newRow("history not array") << QByteArray(R"({"currentStreak":1,"longestStreak":1,"moodHistory":{}})")
                                       << u"mood summary: 'moodHistory' must be an array"_s;
    QTest::newRow("entry not object") << QByteArray(R"({"currentStreak":1,"longestStreak":1,"moodHistory":[1]})")
                                      << u"mood summary: moodHistory[0]: not an object"_s;
    QTest::newRow("unknown mood") << QByteArray(
        R"({"currentStreak":1,"longestStreak":1,"moodHistory":[{"date":"x","mood":"HAPPY"}]})")
                                  << u"mood summary: moodHistory[0]: mood entry: 'mood' is not a mood: HAPPY"_s;
    QTest::newRow("bad day")
        << QByteArray(R"({"currentStreak":1,"longestStreak":1,"moodHistory":)"
                      R"([{"date":"x","mood":"GLOOMY","day":"2026-13-01"}]})")
        << u"mood summary: moodHistory[0]: mood entry: 'day' is not a date (YYYY-MM-DD): 2026-13-01"_s;
}

void TestValueJson::malformedInput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!moodSummaryFromJson(json, &why));
    QVERIFY2(why.startsWith(error), qPrintable(why));

    QVERIFY(!profileFromJson(QByteArray(R"({"username":"a","email":"","timezone":"UTC","shareLevel":"all",)"
                                        R"("isAdmin":false})"),
                             &why));
    QCOMPARE(why, u"profile: 'shareLevel' is not one of none, milestones, moods: all"_s);
    QVERIFY(!yearBoardFromJson(R"({"year":2026,"days":[{"date":"2026-01-01","level":5,"moods":[3]}]})", &why));
    QCOMPARE(why, u"board: days[0]: board day: 'moods' must hold mood names"_s);
    QVERIFY(!activityFromJson(QJsonObject{{u"actor"_s, 1}}, &why));
    QCOMPARE(why, u"activity: 'actor' must be a string"_s);
    QVERIFY(!eventFromJson(QJsonObject{{u"component"_s, u"x"_s}}, &why));
    QCOMPARE(why, u"event: 'data' is missing"_s);
}

QTEST_GUILESS_MAIN(TestValueJson)
#include "TestValueJson.moc"
