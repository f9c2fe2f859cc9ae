#include "DataImport.h"
#include "ServiceFixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
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

QByteArray pretty(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}
} // namespace

class TestDataImport final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void daylioTimes_data();
    void daylioTimes();
    void daylioGolden();
    void daylioAgainImportsNothing();
    void brokenFilesChangeNothing_data();
    void brokenFilesChangeNothing();
    void aFailureHalfwayChangesNothing();
    void importWritesNoActivitiesAndKeepsStreaksConsistent();
    void underOneYearRetentionOnlyThisYear();
    void ourCsvWithoutOptionalColumns();
    void shortenedNeverSplitsACharacter();

private:
    bool histogramMatchesUsers();
    QStringList moodsOf(qint64 userId); // "day time(UTC) MOOD note"

    test::ServiceFixture m_fixture;
    qint64 m_alice = 0;
};

void TestDataImport::initTestCase_data()
{
    test::addBackendRows();
}

void TestDataImport::init()
{
    if (QByteArray(QTest::currentTestFunction()).startsWith("daylioTimes")
        || QByteArray(QTest::currentTestFunction()) == "shortenedNeverSplitsACharacter")
        return;
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_fixture.open(backend, &error), qPrintable(error));
    m_alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s, "Europe/Berlin");
    QVERIFY(m_alice != 0);
    QVERIFY(m_fixture.services->users.setShareLevel(m_alice, ShareLevel::Moods));
    // The day that already has an entry: 10 March 2026, noon in Berlin.
    QVERIFY(m_fixture.addMood(m_alice, QDate(2026, 3, 10), QTime(12, 0), Mood::Whimsical, u"already here"_s));
}

void TestDataImport::cleanup()
{
    m_fixture.close();
}

bool TestDataImport::histogramMatchesUsers()
{
    auto db = m_fixture.scratch.db().connection();
    QMap<int, qint64> fromUsers;
    auto users = sql::exec(*db, u"SELECT longest_streak, COUNT(*) FROM users GROUP BY longest_streak"_s);
    while (users->next())
        fromUsers.insert(users->value(0).toInt(), users->value(1).toLongLong());
    QMap<int, qint64> histogram;
    auto buckets = sql::exec(*db, u"SELECT streak_length, user_count FROM streak_histogram WHERE user_count <> 0"_s);
    while (buckets->next())
        histogram.insert(buckets->value(0).toInt(), buckets->value(1).toLongLong());
    return fromUsers == histogram;
}

QStringList TestDataImport::moodsOf(qint64 userId)
{
    auto db = m_fixture.scratch.db().connection();
    auto q = sql::exec(
        *db, u"SELECT local_day, at_epoch, mood, note FROM moods WHERE user_id = ? ORDER BY at_epoch, id"_s, {userId});
    QStringList out;
    while (q->next()) {
        out.append(
            u"%1 %2 %3 %4"_s.arg(q->value(0).toString(),
                                 QDateTime::fromSecsSinceEpoch(q->value(1).toLongLong(), Qt::UTC).toString(Qt::ISODate),
                                 q->value(2).toString(), q->value(3).toString()));
    }
    return out;
}

void TestDataImport::daylioTimes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QTime>("expected");
    QTest::newRow("24h") << u"20:15"_s << QTime(20, 15);
    QTest::newRow("24h seconds") << u"20:15:30"_s << QTime(20, 15, 30);
    QTest::newRow("pm") << u"8:15 pm"_s << QTime(20, 15);
    QTest::newRow("PM glued") << u"8:15PM"_s << QTime(20, 15);
    QTest::newRow("noon") << u"12:00 pm"_s << QTime(12, 0);
    QTest::newRow("midnight") << u"12:05 a.m."_s << QTime(0, 5);
    QTest::newRow("am") << u"08:05 AM"_s << QTime(8, 5);
    QTest::newRow("hour 25") << u"25:00"_s << QTime();
    QTest::newRow("13 pm") << u"13:00 pm"_s << QTime();
    QTest::newRow("minute 60") << u"10:60"_s << QTime();
    QTest::newRow("words") << u"evening"_s << QTime();
}

void TestDataImport::daylioTimes()
{
    QFETCH(QString, text);
    QFETCH(QTime, expected);
    const auto time = import::parseDaylioTime(text);
    QCOMPARE(time.value_or(QTime()), expected);
}

void TestDataImport::daylioGolden()
{
    const auto report = m_fixture.services->dataImport.importCsv(m_alice, readData(u"daylio-export.csv"_s));
    QVERIFY2(report, qPrintable(report.error().message));
    QCOMPARE(report->format, import::Format::DaylioCsv);
    QCOMPARE(report->imported(), 8);
    QCOMPARE(report->skipped(), 7);
    QVERIFY(matchesGolden(u"daylio-import-report.json"_s, pretty(report->toJson())));

    const QStringList stored = moodsOf(m_alice);
    QCOMPARE(stored.size(), 9);
    // Times are Berlin's (the user's zone), summer time included; notes keep title, commas, quotes, newlines.
    QVERIFY(stored.contains(
        u"2026-03-14 2026-03-14T19:15:00Z CHEERFUL Great evening\nDinner with Ana, Tom and \"the cat\""_s));
    QVERIFY(stored.contains(u"2026-03-13 2026-03-13T06:30:00Z WHIMSICAL Line one\nline two, with a comma"_s));
    QVERIFY(stored.contains(u"2025-12-31 2025-12-30T23:05:00Z CHEERFUL New Year's Eve"_s));
    QVERIFY(stored.contains(u"2025-03-30 2025-03-30T01:30:00Z REFLECTIVE in the hour summer time skipped"_s));
    QCOMPARE(stored.filter(u"2026-03-10 "_s).size(), 2);
    QCOMPARE(stored.filter(u"2026-03-13 "_s).size(), 2);
    const QString longOne = stored.filter(u"2025-05-01 "_s).value(0);
    const QString note = longOne.section(u' ', 3);
    QCOMPARE(note.size(), MoodService::kMaxNoteLength);
    QVERIFY(note.startsWith(u"Long one\nThis note is longer"_s));
    QVERIFY(note.endsWith(QChar(0x2026)));

    // History, not news: no feed activity although alice shares her moods.
    QCOMPARE(m_fixture.count(u"SELECT COUNT(*) FROM activities"_s), 0);
    QCOMPARE((*m_fixture.services->users.findById(m_alice))->longestStreak, 2); // 13 and 14 March
    QVERIFY(histogramMatchesUsers());
}

void TestDataImport::daylioAgainImportsNothing()
{
    QVERIFY(m_fixture.services->dataImport.importCsv(m_alice, readData(u"daylio-export.csv"_s)));
    const QStringList before = moodsOf(m_alice);
    const auto again = m_fixture.services->dataImport.importCsv(m_alice, readData(u"daylio-export.csv"_s));
    QVERIFY(again);
    QCOMPARE(again->imported(), 0);
    int duplicates = 0;
    for (const ImportReport::Row& row : again->rows)
        duplicates += row.reason == u"already recorded (same time and mood)"_s ? 1 : 0;
    QCOMPARE(duplicates, 9); // the eight imported, and the duplicate line
    QCOMPARE(moodsOf(m_alice), before);
}

void TestDataImport::brokenFilesChangeNothing_data()
{
    QTest::addColumn<bool>("asJson");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message");
    const QByteArray good = R"({"moods": [{"mood": "CHEERFUL", "timestamp": 1773400000}]})";
    QTest::newRow("truncated JSON") << true << good.left(good.size() - 3) << u"not JSON"_s;
    QTest::newRow("JSON array") << true << QByteArray("[1, 2]") << u"top level"_s;
    QTest::newRow("newer version") << true
                                   << QByteArray(R"({"version": 2, "moods": [{"mood": "CHEERFUL", "timestamp": 1}]})")
                                   << u"newer Moodboard"_s;
    QTest::newRow("other format") << true << QByteArray(R"({"format": "daylio", "moods": []})") << u"'format'"_s;
    QTest::newRow("no moods") << true << QByteArray(R"({"following": ["bob"]})") << u"'moods' is a required"_s;
    QTest::newRow("moods not an array") << true << QByteArray(R"({"moods": {}})") << u"'moods' must be"_s;
    QTest::newRow("unclosed quote at the end")
        << false
        << QByteArray("full_date,date,weekday,time,mood,activities,note_title,note\n"
                      "2026-03-01,March 1,Sunday,10:00,rad,,,fine\n"
                      "2026-03-02,March 2,Monday,10:00,rad,,,\"never closed\n")
        << u"never closed"_s;
    QTest::newRow("text after a quote") << false << QByteArray("timestamp,mood\n1773400000,\"CHEERFUL\"x\n")
                                        << u"after a closing quote"_s;
    QTest::newRow("unknown header") << false << QByteArray("when,feeling\n2026-03-01,happy\n") << u"unknown CSV"_s;
    QTest::newRow("empty CSV") << false << QByteArray("\n\n") << u"empty"_s;
    QTest::newRow("not UTF-8") << false << QByteArray("timestamp,mood,note\n1773400000,CHEERFUL,caf\xe9\n")
                               << u"not UTF-8"_s;
}

void TestDataImport::brokenFilesChangeNothing()
{
    QFETCH(bool, asJson);
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    const QStringList before = moodsOf(m_alice);
    DataImport& importer = m_fixture.services->dataImport;
    const auto report = asJson ? importer.importJson(m_alice, data) : importer.importCsv(m_alice, data);
    QVERIFY(!report);
    QCOMPARE(report.error().kind, ErrorKind::Invalid);
    QVERIFY2(report.error().message.contains(message), qPrintable(report.error().message));
    QCOMPARE(moodsOf(m_alice), before);
}

void TestDataImport::aFailureHalfwayChangesNothing()
{
    // The database itself refuses the third row: everything before it must go too.
    if (m_fixture.scratch.config().dialect == Dialect::Sqlite) {
        m_fixture.scratch.exec(u"CREATE TRIGGER refuse BEFORE INSERT ON moods WHEN NEW.note = 'boom'"
                               " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s);
    } else {
        m_fixture.scratch.exec(u"CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.note = 'boom' THEN"
                               " RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"_s);
        m_fixture.scratch.exec(
            u"CREATE TRIGGER refuse BEFORE INSERT ON moods FOR EACH ROW EXECUTE FUNCTION refuse()"_s);
    }
    const QByteArray file = R"({"moods": [
        {"mood": "CHEERFUL", "timestamp": 1772900000, "note": "one"},
        {"mood": "GLOOMY", "timestamp": 1772990000, "note": "two"},
        {"mood": "IDYLLIC", "timestamp": 1773080000, "note": "boom"},
        {"mood": "ROMANTIC", "timestamp": 1773170000, "note": "four"}]})";
    // Without the trigger this file imports whole (one mood a day): only the refusal can stop it.
    const QStringList before = moodsOf(m_alice);
    const int longest = (*m_fixture.services->users.findById(m_alice))->longestStreak;
    const auto report = m_fixture.services->dataImport.importJson(m_alice, file);
    QVERIFY(!report);
    QCOMPARE(report.error().kind, ErrorKind::Storage);
    QCOMPARE(moodsOf(m_alice), before);
    QCOMPARE((*m_fixture.services->users.findById(m_alice))->longestStreak, longest);
    QVERIFY(histogramMatchesUsers());
}

void TestDataImport::importWritesNoActivitiesAndKeepsStreaksConsistent()
{
    const qint64 bob = m_fixture.addUser(u"bob"_s);
    QVERIFY(m_fixture.services->users.setShareLevel(bob, ShareLevel::Moods));
    QByteArray file = R"({"moods": [)";
    for (int day = 0; day < 9; ++day) { // nine days in a row, long ago: the back-fill window does not apply
        if (day > 0)
            file += ',';
        const qint64 at = QDateTime(QDate(2025, 4, 1 + day), QTime(9, 0), QTimeZone::utc()).toSecsSinceEpoch();
        file += R"({"mood": "CHEERFUL", "timestamp": )" + QByteArray::number(at) + '}';
    }
    file += R"(], "following": ["alice", "bob", "nobody", "alice"]})";
    const auto report = m_fixture.services->dataImport.importJson(bob, file);
    QVERIFY2(report, qPrintable(report.error().message));
    QCOMPARE(report->imported(), 9);
    QCOMPARE(report->followsAdded, QStringList{u"alice"_s});
    QCOMPARE(report->followsSkipped.size(), 3);
    QCOMPARE(report->followsSkipped.at(0).reason, u"user cannot follow himself"_s);
    QCOMPARE(report->followsSkipped.at(1).reason, u"no user named nobody"_s);
    QCOMPARE(report->followsSkipped.at(2).reason, u"already followed"_s);
    QVERIFY(*m_fixture.services->follows.isFollowing(u"bob"_s, u"alice"_s));
    QCOMPARE(m_fixture.count(u"SELECT COUNT(*) FROM activities"_s), 0); // no "logged", "reached" nor "followed"
    QCOMPARE((*m_fixture.services->users.findById(bob))->longestStreak, 9);
    QVERIFY(histogramMatchesUsers());
    QCOMPARE(*m_fixture.services->ranking.percentile(9), std::optional<double>(50.0)); // bob beats alice
}

void TestDataImport::underOneYearRetentionOnlyThisYear()
{
    QVERIFY(m_fixture.services->settings.setRetention(RetentionPolicy::KeepOneYear));
    const auto report = m_fixture.services->dataImport.importCsv(m_alice, readData(u"daylio-export.csv"_s));
    QVERIFY(report);
    QCOMPARE(report->imported(), 5); // the three rows of 2025 stay out
    int kept = 0;
    for (const ImportReport::Row& row : report->rows)
        kept += row.reason == u"this instance keeps only the current year"_s ? 1 : 0;
    QCOMPARE(kept, 3);
    QCOMPARE(moodsOf(m_alice).filter(u"2025-"_s).size(), 0);
}

void TestDataImport::ourCsvWithoutOptionalColumns()
{
    // Only the two required columns, in another order; days come from the user's zone.
    const QByteArray file = "mood,timestamp\r\nIDYLLIC,1773441000\r\nHAPPY,1773441001\r\nGLOOMY,soon\r\n";
    const auto report = m_fixture.services->dataImport.importCsv(m_alice, file);
    QVERIFY(report);
    QCOMPARE(report->format, import::Format::MoodboardCsv);
    QCOMPARE(report->imported(), 1);
    QCOMPARE(report->rows.at(0).day, u"2026-03-13"_s); // 22:30 UTC is 23:30 in Berlin
    QCOMPARE(report->rows.at(1).row, 3);
    QVERIFY(report->rows.at(1).reason.startsWith(u"'HAPPY' is not a mood"_s));
    QCOMPARE(report->rows.at(2).reason, u"no timestamp (whole epoch seconds)"_s);
}

void TestDataImport::shortenedNeverSplitsACharacter()
{
    QCOMPARE(DataImport::shortened(u"short"_s), u"short"_s);
    const QString exact(MoodService::kMaxNoteLength, u'x');
    QCOMPARE(DataImport::shortened(exact), exact);
    QString emoji = QString(MoodService::kMaxNoteLength - 2, u'x') + u"🙂🙂"_s; // a pair straddles the cut
    const QString cut = DataImport::shortened(emoji);
    QVERIFY(cut.size() <= MoodService::kMaxNoteLength);
    QVERIFY(cut.isValidUtf16());
    QVERIFY(cut.endsWith(QChar(0x2026)));
}

QTEST_GUILESS_MAIN(TestDataImport)
#include "TestDataImport.moc"
