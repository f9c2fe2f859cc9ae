#include "ApiHarness.h"

#include <QLocale>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QByteArray errorBody(const QString& text)
{
    return test::ApiHarness::compact({{u"error"_s, text}});
}

QByteArray moodBody(const QString& mood, std::optional<qint64> timestamp = std::nullopt)
{
    QJsonObject body{{u"mood"_s, mood}};
    if (timestamp)
        body.insert(u"timestamp"_s, *timestamp);
    return test::ApiHarness::compact(body);
}

// 2026-03-15 12:00 UTC, a Sunday: the harness clock's start.
const QDateTime kNoon(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC);
constexpr qint64 kDay = 24 * 3600;
const QString kMoodList =
    u"['CHEERFUL', 'REFLECTIVE', 'GLOOMY', 'HUMOROUS', 'MELANCHOLY', 'IDYLLIC', 'WHIMSICAL', 'ROMANTIC']"_s;
} // namespace

class TestMoodController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();
    void cleanupTestCase();

    void getWithoutMoods();
    void postReturnsTheSummary();
    void historyNewestFirstInTheUsersZone();
    void streakPercentile();
    void board();
    void postErrors_data();
    void postErrors();
    void thirdMoodOfADayIs409();
    void futureTimestamps();
    void backfillWindow();
    void correctAndRemoveToday();
    void pastDaysAreReadOnly();
    void otherUsersEntriesAreNotFound_data();
    void otherUsersEntriesAreNotFound();
    void needsCredentials_data();
    void needsCredentials();
    void historyDate_data();
    void historyDate();

private:
    QList<qint64> entryIds(const QString& user); // newest first
    test::ApiHarness m_h;
    QString m_openFor; // backend and test function the database was opened for: rows share it
};

void TestMoodController::initTestCase_data()
{
    test::addBackendRows();
}

void TestMoodController::init()
{
    if (QByteArray(QTest::currentTestFunction()) == "historyDate")
        return; // pure
    MOOD_FETCH_BACKEND(backend);
    const QString key = backend + u'/' + QLatin1String(QTest::currentTestFunction());
    if (key == m_openFor) {
        m_h.clock->setNow(kNoon);
        return; // the next row of the same test function
    }
    m_h.close();
    m_openFor.clear();
    QString error;
    QVERIFY2(m_h.open(backend, &error), qPrintable(error));
    QVERIFY(m_h.addUser(u"root"_s)); // the admin
    QVERIFY(m_h.addUser(u"alice"_s));
    m_h.clock->setNow(kNoon);
    m_openFor = key;
}

void TestMoodController::cleanup()
{
    if (QTest::currentTestFailed()) { // a failed row leaves nothing behind for the next
        m_h.close();
        m_openFor.clear();
    }
}

void TestMoodController::cleanupTestCase()
{
    m_h.close();
}

QList<qint64> TestMoodController::entryIds(const QString& user)
{
    QList<qint64> ids;
    const auto r = m_h.call("GET", u"/mood?details=true"_s, {}, user);
    for (const QJsonValue& entry : test::ApiHarness::json(r)[u"moodHistory"_s].toArray())
        ids.append(entry[u"id"_s].toInteger());
    return ids;
}

void TestMoodController::getWithoutMoods()
{
    const auto r = m_h.call("GET", u"/mood"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"currentStreak":0,"longestStreak":0,"moodHistory":[]})"));
}

void TestMoodController::postReturnsTheSummary()
{
    auto r = m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s), u"alice"_s);
    EXPECT_JSON(r, 200);
    // alice's longest streak (1) beats root's (0): 1 of 2 users below her.
    const QByteArray expected = R"({"currentStreak":1,"longestStreak":1,"moodHistory":)"
                                R"([{"date":"Sun, Mar 15 at 12:00 PM","mood":"CHEERFUL"}],"streakPercentile":50.0})";
    QCOMPARE(r.body, expected);
    r = m_h.call("GET", u"/mood/"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body, expected);
}

void TestMoodController::historyNewestFirstInTheUsersZone()
{
    const qint64 noon = kNoon.toSecsSinceEpoch();
    QCOMPARE(m_h.call("PATCH", u"/user/me"_s, R"({"timezone": "America/New_York"})", u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"GLOOMY"_s, noon - kDay), u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"IDYLLIC"_s, noon - 3600), u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"ROMANTIC"_s, noon - 3600 * 3), u"alice"_s).status, 200);
    // Equal timestamps (on the day before): the later-recorded first.
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"HUMOROUS"_s, noon - kDay), u"alice"_s).status, 200);
    const auto r = m_h.call("GET", u"/mood"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"currentStreak":2,"longestStreak":2,"moodHistory":[)"
                        R"({"date":"Sun, Mar 15 at 07:00 AM","mood":"IDYLLIC"},)"
                        R"({"date":"Sun, Mar 15 at 05:00 AM","mood":"ROMANTIC"},)"
                        R"({"date":"Sat, Mar 14 at 08:00 AM","mood":"HUMOROUS"},)"
                        R"({"date":"Sat, Mar 14 at 08:00 AM","mood":"GLOOMY"}],"streakPercentile":50.0})"));
}

void TestMoodController::streakPercentile()
{
    QVERIFY(m_h.addUser(u"bob"_s));
    const qint64 noon = kNoon.toSecsSinceEpoch();
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s, noon - kDay), u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s), u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"WHIMSICAL"_s), u"bob"_s).status, 200);
    // Longest streaks: root 0, alice 2, bob 1.
    auto r = m_h.call("GET", u"/mood"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    QVERIFY2(r.body.endsWith(R"(],"streakPercentile":66.67})"), r.body.constData());
    r = m_h.call("GET", u"/mood"_s, {}, u"bob"_s); // 33.33: under 50, no key
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"currentStreak":1,"longestStreak":1,"moodHistory":)"
                        R"([{"date":"Sun, Mar 15 at 12:00 PM","mood":"WHIMSICAL"}]})"));
    // Always current: a fourth user with no moods moves bob to 2 of 4.
    QVERIFY(m_h.addUser(u"carol"_s));
    r = m_h.call("GET", u"/mood"_s, {}, u"bob"_s);
    QVERIFY2(r.body.endsWith(R"(],"streakPercentile":50.0})"), r.body.constData());
    r = m_h.call("GET", u"/mood"_s, {}, u"alice"_s);
    QVERIFY2(r.body.endsWith(R"(],"streakPercentile":75.0})"), r.body.constData());
}

void TestMoodController::board()
{
    const qint64 noon = kNoon.toSecsSinceEpoch();
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"WHIMSICAL"_s, noon - kDay), u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s, noon - 60), u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"MELANCHOLY"_s, noon - 120), u"alice"_s).status, 200);
    auto r = m_h.call("GET", u"/board"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    // The later mood of a day gives its level.
    const QByteArray expected = R"({"year":2026,"days":[{"date":"2026-03-14","level":4,"moods":["WHIMSICAL"]},)"
                                R"({"date":"2026-03-15","level":5,"moods":["MELANCHOLY","CHEERFUL"]}]})";
    QCOMPARE(r.body, expected);
    QCOMPARE(m_h.call("GET", u"/board?year=2026"_s, {}, u"alice"_s).body, expected);
    r = m_h.call("GET", u"/board?year=2025"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 200);
    QCOMPARE(r.body, QByteArray(R"({"year":2025,"days":[]})"));
    QCOMPARE(m_h.call("GET", u"/board"_s, {}, u"root"_s).body, QByteArray(R"({"year":2026,"days":[]})"));
    r = m_h.call("GET", u"/board?year=twenty"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"'year' must be a whole number from 1970 to 9999"_s));
}

void TestMoodController::postErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    const auto row = [](const char* name, const QByteArray& body, const QString& error) {
        QTest::newRow(name) << body << error;
    };
    row("no mood", R"({"timestamp": 1773576000})", u"'mood' is a required property"_s);
    row("empty object", "{}", u"'mood' is a required property"_s);
    row("unknown mood", R"({"mood": "HAPPY"})",
        u"'HAPPY' is not one of ['CHEERFUL', 'REFLECTIVE', 'GLOOMY', 'HUMOROUS', 'MELANCHOLY', 'IDYLLIC', "
        "'WHIMSICAL', 'ROMANTIC']"_s);
    row("lower-case mood", R"({"mood": "cheerful"})", u"'cheerful' is not one of "_s + kMoodList);
    row("mood number", R"({"mood": 5})", u"5 is not of type 'string'"_s);
    row("mood null", R"({"mood": null})", u"None is not of type 'string'"_s);
    row("mood integral float", R"({"mood": 5.0})", u"5.0 is not of type 'string'"_s);
    row("mood object keeps key order", R"({"mood": {"z": 1, "a": 2}})", u"{'z': 1, 'a': 2} is not of type 'string'"_s);
    row("mood huge integer", R"({"mood": 123456789012345678901})", u"123456789012345678901 is not of type 'string'"_s);
    row("timestamp string", R"({"mood": "CHEERFUL", "timestamp": "x"})", u"'x' is not of type 'integer'"_s);
    row("timestamp bool", R"({"mood": "CHEERFUL", "timestamp": true})", u"True is not of type 'integer'"_s);
    row("timestamp fraction", R"({"mood": "CHEERFUL", "timestamp": 1.5})", u"1.5 is not of type 'integer'"_s);
    row("timestamp tiny fraction", R"({"mood": "CHEERFUL", "timestamp": 0.0001})",
        u"0.0001 is not of type 'integer'"_s);
    row("timestamp null", R"({"mood": "CHEERFUL", "timestamp": null})", u"None is not of type 'integer'"_s);
    row("null body", "null", u"None is not of type 'object'"_s);
    row("list body", "[1, 2]", u"[1, 2] is not of type 'object'"_s);
    row("string body", R"("CHEERFUL")", u"'CHEERFUL' is not of type 'object'"_s);
    row("empty body", "", u"request body is not valid JSON"_s);
    row("broken JSON", R"({"mood": "CHEERFUL",})", u"request body is not valid JSON"_s);
    row("future", moodBody(u"CHEERFUL"_s, kNoon.toSecsSinceEpoch() + 301),
        u"timestamp 1773576301 is more than 5 minutes in the future"_s);
}

void TestMoodController::postErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    const auto r = m_h.call("POST", u"/mood"_s, body, u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(error));
    QCOMPARE(entryIds(u"alice"_s), QList<qint64>()); // nothing recorded
}

void TestMoodController::thirdMoodOfADayIs409()
{
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s), u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"GLOOMY"_s), u"alice"_s).status, 200);
    const auto r = m_h.call("POST", u"/mood"_s, moodBody(u"IDYLLIC"_s), u"alice"_s);
    EXPECT_JSON(r, 409);
    QCOMPARE(r.body, errorBody(u"2026-03-15 already has two moods: at most two moods per day"_s));
    QCOMPARE(entryIds(u"alice"_s).size(), 2);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"IDYLLIC"_s), u"root"_s).status, 200); // per user
}

void TestMoodController::futureTimestamps()
{
    const qint64 noon = kNoon.toSecsSinceEpoch();
    m_h.clock->setNow(QDateTime(QDate(2026, 3, 15), QTime(23, 57), Qt::UTC));
    // Up to 5 minutes ahead counts for the day it falls on: tomorrow here.
    auto r = m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s, noon + 12 * 3600 + 60), u"alice"_s);
    EXPECT_JSON(r, 200);
    QVERIFY2(r.body.contains(R"({"date":"Mon, Mar 16 at 12:01 AM","mood":"CHEERFUL"})"), r.body.constData());
    r = m_h.call("POST", u"/mood"_s, moodBody(u"GLOOMY"_s, noon + 12 * 3600 + 121), u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"timestamp 1773619321 is more than 5 minutes in the future"_s));
}

void TestMoodController::backfillWindow()
{
    const qint64 noon = kNoon.toSecsSinceEpoch();
    auto r = m_h.call("POST", u"/mood"_s, moodBody(u"REFLECTIVE"_s, noon - 7 * kDay), u"alice"_s);
    EXPECT_JSON(r, 200);
    QVERIFY2(r.body.contains(R"({"date":"Sun, Mar 08 at 12:00 PM","mood":"REFLECTIVE"})"), r.body.constData());
    r = m_h.call("POST", u"/mood"_s, moodBody(u"REFLECTIVE"_s, noon - 8 * kDay), u"alice"_s);
    EXPECT_JSON(r, 409);
    QCOMPARE(r.body, errorBody(u"2026-03-07 is past the back-fill window: missed days can be filled for 7 days"_s));
}

void TestMoodController::correctAndRemoveToday()
{
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s), u"alice"_s).status, 200);
    const QList<qint64> ids = entryIds(u"alice"_s);
    QCOMPARE(ids.size(), 1);
    const QString path = u"/mood/%1"_s.arg(ids.first());
    auto r = m_h.call("PATCH", path, R"({"mood": "GLOOMY", "note": "rain"})", u"alice"_s);
    EXPECT_JSON(r, 200);
    QVERIFY2(r.body.contains(R"("mood":"GLOOMY","id":)"), r.body.constData());
    QVERIFY2(r.body.contains(R"("day":"2026-03-15","note":"rain"})"), r.body.constData());
    r = m_h.call("PATCH", path, R"({"mood": "SAD"})", u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"'SAD' is not one of "_s + kMoodList));
    r = m_h.call("DELETE", path + u'/', {}, u"alice"_s);
    QCOMPARE(r.status, 204);
    QVERIFY(r.body.isEmpty());
    QCOMPARE(entryIds(u"alice"_s), QList<qint64>());
    r = m_h.call("DELETE", path, {}, u"alice"_s);
    EXPECT_JSON(r, 404);
    QCOMPARE(r.body, errorBody(u"no mood entry %1"_s.arg(ids.first())));
}

void TestMoodController::pastDaysAreReadOnly()
{
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s), u"alice"_s).status, 200);
    const QList<qint64> ids = entryIds(u"alice"_s);
    QCOMPARE(ids.size(), 1);
    const QString path = u"/mood/%1"_s.arg(ids.first());
    m_h.clock->advance(12 * 3600); // midnight: 2026-03-15 is yesterday now
    const QByteArray error = errorBody(u"2026-03-15 is a past day: its moods can no longer be changed"_s);
    auto r = m_h.call("PATCH", path, R"({"mood": "GLOOMY"})", u"alice"_s);
    EXPECT_JSON(r, 409);
    QCOMPARE(r.body, error);
    r = m_h.call("DELETE", path, {}, u"alice"_s);
    EXPECT_JSON(r, 409);
    QCOMPARE(r.body, error);
    QVERIFY(m_h.call("GET", u"/mood"_s, {}, u"alice"_s).body.contains(R"("mood":"CHEERFUL")"));
}

void TestMoodController::otherUsersEntriesAreNotFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("PATCH") << QByteArray("PATCH");
    QTest::newRow("DELETE") << QByteArray("DELETE");
}

void TestMoodController::otherUsersEntriesAreNotFound()
{
    QFETCH(QByteArray, method);
    QCOMPARE(m_h.call("POST", u"/mood"_s, moodBody(u"CHEERFUL"_s), u"root"_s).status, 200);
    const qint64 id = entryIds(u"root"_s).value(0);
    QVERIFY(id > 0);
    const QByteArray body = R"({"mood": "GLOOMY"})";
    auto r = m_h.call(method, u"/mood/%1"_s.arg(id), body, u"alice"_s);
    EXPECT_JSON(r, 404);
    QCOMPARE(r.body, errorBody(u"no mood entry %1"_s.arg(id)));
    r = m_h.call(method, u"/mood/abc"_s, body, u"alice"_s);
    EXPECT_JSON(r, 404);
    QCOMPARE(r.body, errorBody(u"no mood entry abc"_s));
    QVERIFY(m_h.call("GET", u"/mood"_s, {}, u"root"_s).body.contains(R"("mood":"CHEERFUL")"));
}

void TestMoodController::needsCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("GET /mood") << QByteArray("GET") << u"/mood"_s;
    QTest::newRow("POST /mood") << QByteArray("POST") << u"/mood"_s;
    QTest::newRow("PATCH /mood/1") << QByteArray("PATCH") << u"/mood/1"_s;
    QTest::newRow("DELETE /mood/1") << QByteArray("DELETE") << u"/mood/1"_s;
    QTest::newRow("GET /board") << QByteArray("GET") << u"/board"_s;
}

void TestMoodController::needsCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QVERIFY(test::ApiHarness::isUnauthorized(m_h.call(method, path, moodBody(u"CHEERFUL"_s))));
    QCOMPARE(entryIds(u"alice"_s), QList<qint64>());
}

void TestMoodController::historyDate_data()
{
    QTest::addColumn<QDateTime>("instant");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, const QDateTime& utc, const QByteArray& zone, const QString& expected) {
        QTest::newRow(name) << utc << zone << expected;
    };
    const auto utc = [](int y, int m, int d, int h, int min) {
        return QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC);
    };
    row("contract example", utc(2021, 10, 24, 18, 28), "UTC", u"Sun, Oct 24 at 06:28 PM"_s);
    row("noon", utc(2026, 3, 15, 12, 0), "UTC", u"Sun, Mar 15 at 12:00 PM"_s);
    row("midnight", utc(2026, 3, 15, 0, 0), "UTC", u"Sun, Mar 15 at 12:00 AM"_s);
    row("after midnight", utc(2026, 3, 15, 0, 30), "UTC", u"Sun, Mar 15 at 12:30 AM"_s);
    row("before noon", utc(2026, 3, 15, 11, 59), "UTC", u"Sun, Mar 15 at 11:59 AM"_s);
    row("before midnight", utc(2026, 3, 15, 23, 59), "UTC", u"Sun, Mar 15 at 11:59 PM"_s);
    row("next day east", utc(2026, 3, 15, 20, 0), "Asia/Tokyo", u"Mon, Mar 16 at 05:00 AM"_s);
    row("previous day west", utc(2026, 3, 15, 2, 0), "America/Los_Angeles", u"Sat, Mar 14 at 07:00 PM"_s);
    row("quarter-hour offset", utc(2026, 3, 15, 12, 0), "Asia/Kathmandu", u"Sun, Mar 15 at 05:45 PM"_s);
    row("before spring forward", utc(2026, 3, 8, 6, 59), "America/New_York", u"Sun, Mar 08 at 01:59 AM"_s);
    row("after spring forward", utc(2026, 3, 8, 7, 0), "America/New_York", u"Sun, Mar 08 at 03:00 AM"_s);
    row("first 1:30 in the fall", utc(2026, 11, 1, 5, 30), "America/New_York", u"Sun, Nov 01 at 01:30 AM"_s);
    row("second 1:30 in the fall", utc(2026, 11, 1, 6, 30), "America/New_York", u"Sun, Nov 01 at 01:30 AM"_s);
    row("summer time in Europe", utc(2026, 7, 4, 10, 5), "Europe/Berlin", u"Sat, Jul 04 at 12:05 PM"_s);
    row("unknown zone is UTC", utc(2026, 3, 15, 12, 0), "Mars/Olympus", u"Sun, Mar 15 at 12:00 PM"_s);
}

void TestMoodController::historyDate()
{
    QFETCH(QDateTime, instant);
    QFETCH(QByteArray, zone);
    QFETCH(QString, expected);
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany)); // English whatever the machine's locale
    const QString date = api::MoodController::historyDate(instant.toSecsSinceEpoch(), zone);
    QLocale::setDefault(before);
    QCOMPARE(date, expected);
}

QTEST_GUILESS_MAIN(TestMoodController)
#include "TestMoodController.moc"
