#include "ApiHarness.h"
#include "BrowserGuard.h"

#include <QFile>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QByteArray readData(const QString& name)
{
    QFile file(QStringLiteral(MOOD_TEST_DATA_DIR) + u'/' + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray errorBody(const QString& text)
{
    return test::ApiHarness::compact(QJsonObject{{u"error"_s, text}});
}
} // namespace

// GET /export and POST /import through the whole API (router, authentication), without sockets.
class TestDataController final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void exportJson();
    void exportCsv();
    void unknownFormat();
    void needsAuthentication();
    void onlyOnesOwnData();
    void importJsonRoundTrip();
    void importDaylio();
    void contentTypes_data();
    void contentTypes();
    void brokenFileIs400AndChangesNothing();

private:
    api::ApiResponse post(const QString& user, const QByteArray& contentType, const QByteArray& body);
    test::ApiHarness m_h;
};

void TestDataController::initTestCase_data()
{
    test::addBackendRows();
}

void TestDataController::init()
{
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_h.open(backend, &error), qPrintable(error));
    QVERIFY(m_h.addUser(u"alice"_s));
    QVERIFY(m_h.addUser(u"bob"_s));
    const QByteArray mood = "{\"mood\": \"CHEERFUL\", \"note\": \"a, \\\"b\\\"\\nc\"}";
    QCOMPARE(m_h.call("POST", u"/mood"_s, mood, u"alice"_s).status, 200);
    QCOMPARE(m_h.call("POST", u"/feed/alice"_s, R"({"follow": "bob"})", u"alice"_s).status, 200);
}

void TestDataController::cleanup()
{
    m_h.close();
}

api::ApiResponse TestDataController::post(const QString& user, const QByteArray& contentType, const QByteArray& body)
{
    api::ApiRequest request = test::ApiHarness::request("POST", u"/import"_s, body, user);
    if (!contentType.isEmpty())
        request.headers.insert("content-type", contentType);
    // As the server admits it: the guard moves a CSV file out of the body.
    const api::BrowserGuard guard(QHostAddress::LocalHost, {});
    if (auto refused = guard.admit(request, QHostAddress::LocalHost, 5000))
        return *refused;
    return m_h.api->handle(request);
}

void TestDataController::exportJson()
{
    for (const QString& target : {u"/export"_s, u"/export?format=json"_s, u"/export/"_s}) {
        const auto r = m_h.call("GET", target, {}, u"alice"_s);
        EXPECT_JSON(r, 200);
        QVERIFY(r.headers.contains({"Content-Disposition", "attachment; filename=\"moodboard-alice.json\""}));
        const QJsonObject document = test::ApiHarness::json(r).toObject();
        QCOMPARE(document.value(u"format"_s).toString(), u"moodboard-export"_s);
        const QJsonArray moods = document.value(u"moods"_s).toArray();
        QCOMPARE(moods.size(), 1);
        QCOMPARE(moods.first().toObject().value(u"note"_s).toString(), u"a, \"b\"\nc"_s);
        QCOMPARE(moods.first().toObject().value(u"day"_s).toString(), u"2026-03-15"_s);
        QCOMPARE(document.value(u"following"_s).toArray(), QJsonArray{u"bob"_s});
        QVERIFY(!r.body.contains("argon2"));
    }
}

void TestDataController::exportCsv()
{
    const auto r = m_h.call("GET", u"/export?format=csv"_s, {}, u"alice"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, QByteArray("text/csv; charset=utf-8"));
    QVERIFY(r.headers.contains({"Content-Disposition", "attachment; filename=\"moodboard-alice.csv\""}));
    QVERIFY(r.body.startsWith("timestamp,day,time,mood,level,note,recorded_at\r\n"));
    QVERIFY(r.body.contains(",CHEERFUL,5,\"a, \"\"b\"\"\nc\","));
}

void TestDataController::unknownFormat()
{
    auto r = m_h.call("GET", u"/export?format=xml"_s, {}, u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"'xml' is not one of ['json', 'csv']"_s));
    r = m_h.call("GET", u"/export?format="_s, {}, u"alice"_s);
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"'' is not one of ['json', 'csv']"_s));
}

void TestDataController::needsAuthentication()
{
    QVERIFY(test::ApiHarness::isUnauthorized(m_h.call("GET", u"/export"_s)));
    QVERIFY(test::ApiHarness::isUnauthorized(post({}, "application/json", R"({"moods": []})")));
    QCOMPARE(m_h.call("PUT", u"/export"_s, {}, u"alice"_s).status, 405);
}

void TestDataController::onlyOnesOwnData()
{
    const auto r = m_h.call("GET", u"/export"_s, {}, u"bob"_s);
    EXPECT_JSON(r, 200);
    const QJsonObject document = test::ApiHarness::json(r).toObject();
    QCOMPARE(document.value(u"moods"_s).toArray().size(), 0);
    QCOMPARE(document.value(u"profile"_s).toObject().value(u"username"_s).toString(), u"bob"_s);
    QCOMPARE(document.value(u"followers"_s).toArray(), QJsonArray{u"alice"_s});
}

void TestDataController::importJsonRoundTrip()
{
    const QByteArray exported = m_h.call("GET", u"/export"_s, {}, u"alice"_s).body;
    QVERIFY(m_h.addUser(u"carol"_s));
    const auto r = post(u"carol"_s, "application/json; charset=utf-8", exported);
    EXPECT_JSON(r, 200);
    const QJsonObject report = test::ApiHarness::json(r).toObject();
    QCOMPARE(report.value(u"format"_s).toString(), u"moodboard-json"_s);
    QCOMPARE(report.value(u"imported"_s).toInt(), 1);
    QCOMPARE(report.value(u"skipped"_s).toInt(), 0);
    QCOMPARE(report.value(u"follows"_s).toObject().value(u"added"_s).toArray(), QJsonArray{u"bob"_s});
    const QJsonObject row = report.value(u"rows"_s).toArray().first().toObject();
    QCOMPARE(
        row,
        (QJsonObject{
            {u"row"_s, 1}, {u"status"_s, u"imported"_s}, {u"day"_s, u"2026-03-15"_s}, {u"mood"_s, u"CHEERFUL"_s}}));
    const QJsonObject before = test::ApiHarness::json(m_h.call("GET", u"/export"_s, {}, u"alice"_s)).toObject();
    const QJsonObject after = test::ApiHarness::json(m_h.call("GET", u"/export"_s, {}, u"carol"_s)).toObject();
    QCOMPARE(after.value(u"moods"_s), before.value(u"moods"_s));
    // Imported history is back in the summary, as if recorded then.
    const QJsonObject summary = test::ApiHarness::json(m_h.call("GET", u"/mood"_s, {}, u"carol"_s)).toObject();
    QCOMPARE(summary.value(u"currentStreak"_s).toInt(), 1);
}

void TestDataController::importDaylio()
{
    const auto r = post(u"bob"_s, "text/csv", readData(u"daylio-export.csv"_s));
    EXPECT_JSON(r, 200);
    const QJsonObject report = test::ApiHarness::json(r).toObject();
    QCOMPARE(report.value(u"format"_s).toString(), u"daylio-csv"_s);
    QCOMPARE(report.value(u"rows"_s).toArray().size(), 15);
    QVERIFY(!report.contains(u"follows"_s));
    QVERIFY(report.value(u"imported"_s).toInt() > 0);
}

void TestDataController::contentTypes_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::newRow("json") << QByteArray("application/json") << 200;
    QTest::newRow("json with charset") << QByteArray("Application/JSON; charset=UTF-8") << 200;
    QTest::newRow("vendor json") << QByteArray("application/vnd.moodboard+json") << 200;
    QTest::newRow("none") << QByteArray() << 415;
    QTest::newRow("plain text") << QByteArray("text/plain") << 415;
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded") << 415;
}

void TestDataController::contentTypes()
{
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    const auto r = post(u"bob"_s, contentType, R"({"moods": []})");
    EXPECT_JSON(r, status);
    if (status == 415)
        QCOMPARE(r.body, errorBody(u"send a Moodboard export as application/json, or a CSV file as text/csv"_s));
}

void TestDataController::brokenFileIs400AndChangesNothing()
{
    auto r = post(u"bob"_s, "application/json", R"({"moods": [{"mood": "CHEERFUL", "timestamp": 17734)");
    EXPECT_JSON(r, 400);
    QVERIFY(test::ApiHarness::json(r).toObject().value(u"error"_s).toString().startsWith(u"the file is not JSON"_s));
    r = post(u"bob"_s, "text/csv",
             "full_date,date,weekday,time,mood,activities,note_title,note\n"
             "2026-03-01,March 1,Sunday,10:00,rad,,,\"open");
    EXPECT_JSON(r, 400);
    r = post(u"bob"_s, "text/csv", "");
    EXPECT_JSON(r, 400);
    QCOMPARE(r.body, errorBody(u"the request body is empty: send the file to import"_s));
    const QJsonObject document = test::ApiHarness::json(m_h.call("GET", u"/export"_s, {}, u"bob"_s)).toObject();
    QCOMPARE(document.value(u"moods"_s).toArray().size(), 0);
}

QTEST_GUILESS_MAIN(TestDataController)
#include "TestDataController.moc"
