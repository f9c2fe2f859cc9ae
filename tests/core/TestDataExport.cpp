#include "Csv.h"
#include "DataExport.h"
#include "ServiceFixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QByteArray readData(const QString& name)
{
    QFile file(QStringLiteral(MOOD_TEST_DATA_DIR) + u'/' + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// MOOD_UPDATE_GOLDEN=1 rewrites the golden file instead of comparing (then review the diff before committing).
bool matchesGolden(const QString& name, const QByteArray& actual)
{
    if (qEnvironmentVariableIntValue("MOOD_UPDATE_GOLDEN") == 1) {
        QFile file(QStringLiteral(MOOD_TEST_DATA_DIR) + u'/' + name);
        return file.open(QIODevice::WriteOnly) && file.write(actual) == actual.size();
    }
    const QByteArray expected = readData(name);
    if (expected != actual)
        qWarning().noquote() << name << "differs; got:\n" << QString::fromUtf8(actual);
    return expected == actual;
}

QJsonObject parse(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}
} // namespace

class TestDataExport final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void jsonGolden();
    void csvGolden();
    void noSecrets();
    void jsonRoundTripLosesNothing();
    void csvRoundTripLosesNothing();
    void importingOnesOwnExportChangesNothing();
    void csvEscaping_data();
    void csvEscaping();

private:
    test::ServiceFixture m_fixture;
    qint64 m_alice = 0;
};

void TestDataExport::initTestCase_data()
{
    test::addBackendRows();
}

void TestDataExport::init()
{
    if (QByteArray(QTest::currentTestFunction()).startsWith("csvEscaping"))
        return;
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_fixture.open(backend, &error), qPrintable(error));
    m_alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s, "America/New_York");
    const qint64 bob = m_fixture.addUser(u"bob"_s);
    const qint64 carol = m_fixture.addUser(u"carol"_s);
    QVERIFY(m_alice && bob && carol);
    // Two a day, notes with commas, quotes, line breaks and more than the Basic Multilingual Plane.
    QVERIFY(m_fixture.addMood(m_alice, QDate(2026, 3, 1), QTime(8, 0), Mood::Cheerful, u"coffee, then \"work\""_s));
    QVERIFY(m_fixture.addMood(m_alice, QDate(2026, 3, 1), QTime(22, 30), Mood::Gloomy, u"long day\nreally long"_s));
    QVERIFY(m_fixture.addMood(m_alice, QDate(2026, 3, 2), QTime(0, 15), Mood::Romantic, u"🌙 after midnight"_s));
    QVERIFY(m_fixture.addMood(m_alice, QDate(2026, 3, 5), QTime(12, 0), Mood::Reflective));
    QVERIFY(m_fixture.services->follows.follow(u"alice"_s, u"bob"_s));
    QVERIFY(m_fixture.services->follows.follow(u"carol"_s, u"alice"_s));
}

void TestDataExport::cleanup()
{
    m_fixture.close();
}

void TestDataExport::jsonGolden()
{
    const auto json = m_fixture.services->dataExport.json(m_alice);
    QVERIFY2(json, qPrintable(json.error().message));
    QVERIFY(matchesGolden(u"moodboard-export.json"_s, *json));
}

void TestDataExport::csvGolden()
{
    const auto csv = m_fixture.services->dataExport.csv(m_alice);
    QVERIFY2(csv, qPrintable(csv.error().message));
    QVERIFY(matchesGolden(u"moodboard-export.csv"_s, *csv));
    const auto records = csv::parse(*csv);
    QVERIFY(records);
    QCOMPARE(records->size(), 5);
    QCOMPARE(records->at(2).fields.at(5), u"long day\nreally long"_s);
    QCOMPARE(records->at(3).line, 5); // the note above spans two lines
}

void TestDataExport::noSecrets()
{
    const QByteArray json = *m_fixture.services->dataExport.json(m_alice);
    const QJsonObject profile = parse(json).value(u"profile"_s).toObject();
    QCOMPARE(profile.keys(), (QStringList{u"createdAt"_s, u"email"_s, u"shareLevel"_s, u"timezone"_s, u"username"_s}));
    QVERIFY(!json.contains("argon2"));
    QVERIFY(!json.contains("password"));
    const auto token = m_fixture.services->tokens.issue(m_alice);
    QVERIFY(!m_fixture.services->dataExport.json(m_alice)->contains(token->token.toUtf8()));
    QCOMPARE(m_fixture.services->dataExport.json(987654).error().kind, ErrorKind::NotFound);
}

void TestDataExport::jsonRoundTripLosesNothing()
{
    const QByteArray exported = *m_fixture.services->dataExport.json(m_alice);
    const qint64 dora = m_fixture.addUser(u"dora"_s, {}, "Asia/Tokyo"); // another zone: days stay as recorded
    const auto report = m_fixture.services->dataImport.importJson(dora, exported);
    QVERIFY2(report, qPrintable(report.error().message));
    QCOMPARE(report->imported(), 4);
    QCOMPARE(report->skipped(), 0);
    QCOMPARE(report->followsAdded, QStringList{u"bob"_s});
    const QJsonObject before = parse(exported);
    const QJsonObject after = parse(*m_fixture.services->dataExport.json(dora));
    QCOMPARE(after.value(u"moods"_s), before.value(u"moods"_s)); // mood, timestamp, day, note, recordedAt
    QCOMPARE(after.value(u"following"_s), before.value(u"following"_s));
}

void TestDataExport::csvRoundTripLosesNothing()
{
    const QByteArray exported = *m_fixture.services->dataExport.csv(m_alice);
    const qint64 dora = m_fixture.addUser(u"dora"_s, {}, "Asia/Tokyo");
    const auto report = m_fixture.services->dataImport.importCsv(dora, exported);
    QVERIFY2(report, qPrintable(report.error().message));
    QCOMPARE(report->format, import::Format::MoodboardCsv);
    QCOMPARE(report->imported(), 4);
    // The moods come back whole; the "time" column is shown in the exporting user's zone, so compare the rest.
    const QJsonValue before = parse(*m_fixture.services->dataExport.json(m_alice)).value(u"moods"_s);
    const QJsonValue after = parse(*m_fixture.services->dataExport.json(dora)).value(u"moods"_s);
    QCOMPARE(after, before);
}

void TestDataExport::importingOnesOwnExportChangesNothing()
{
    const QByteArray json = *m_fixture.services->dataExport.json(m_alice);
    const auto report = m_fixture.services->dataImport.importJson(m_alice, json);
    QVERIFY(report);
    QCOMPARE(report->imported(), 0);
    QCOMPARE(report->skipped(), 4);
    QCOMPARE(report->rows.first().reason, u"already recorded (same time and mood)"_s);
    QCOMPARE(report->followsSkipped.first().reason, u"already followed"_s);
    QCOMPARE(*m_fixture.services->dataExport.json(m_alice), json);
}

void TestDataExport::csvEscaping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << u"plain"_s << u"plain"_s;
    QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::newRow("newline") << u"a\nb"_s << u"\"a\nb\""_s;
    QTest::newRow("edge spaces") << u" a "_s << u"\" a \""_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestDataExport::csvEscaping()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(csv::field(text), field);
    const auto back = csv::parse((csv::line({text, u"x"_s})).toUtf8());
    QVERIFY(back);
    QCOMPARE(back->size(), 1);
    QCOMPARE(back->first().fields, (QStringList{text, u"x"_s}));
}

QTEST_GUILESS_MAIN(TestDataExport)
#include "TestDataExport.moc"
