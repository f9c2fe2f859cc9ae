#include "TimeUtil.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
// Expected values come from Qt's own UTC arithmetic, never from the code under test.
qint64 utcSecs(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC).toSecsSinceEpoch();
}
qint64 utcMicros(int y, int mo, int d, int h, int mi, int s, qint64 micros = 0)
{
    return utcSecs(y, mo, d, h, mi, s) * 1000000 + micros;
}

// The grammar as a regular expression and Qt's date arithmetic: what the hand-written parser must agree with.
std::optional<qint64> referenceParse(const QString& text)
{
    static const QRegularExpression pattern(
        u"^(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))\\z"_s);
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int second = m.captured(6).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), second == 60 ? 59 : second);
    const int offsetHours = m.captured(10).toInt();
    const int offsetMinutes = m.captured(11).toInt();
    if (!date.isValid() || !time.isValid() || offsetHours > 23 || offsetMinutes > 59)
        return std::nullopt;
    const int offset = (offsetHours * 3600 + offsetMinutes * 60) * (m.captured(9) == u"-"_s ? -1 : 1);
    const qint64 seconds = QDateTime(date, time, Qt::UTC).toSecsSinceEpoch() - offset;
    return seconds * 1000000 + QString(m.captured(7) + u"000000"_s).left(6).toLongLong();
}
} // namespace

class TestTimeUtil final : public QObject
{
    Q_OBJECT

private slots:
    void knownEpochValues();
    void parseValid_data();
    void parseValid();
    void contractExampleOffset();
    void parseInvalid_data();
    void parseInvalid();
    void formatEpochMicros_data();
    void formatEpochMicros();
    void parseThenFormat();
    void parseAgreesWithTheGrammar();
    void localDate_data();
    void localDate();
    void zoneOrUtc();
};

void TestTimeUtil::knownEpochValues()
{
    // Sanity of the helper against literal values, so the tables below rest on something fixed.
    QCOMPARE(utcSecs(1970, 1, 1, 0, 0, 0), Q_INT64_C(0));
    QCOMPARE(utcSecs(2018, 10, 19, 3, 37, 28), Q_INT64_C(1539920248));
    QCOMPARE(utcSecs(2021, 4, 16, 14, 58, 43), Q_INT64_C(1618585123));
}

void TestTimeUtil::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("micros");
    QTest::newRow("Z") << u"2018-10-19T03:37:28Z"_s << Q_INT64_C(1539920248000000);
    QTest::newRow("+00:00") << u"2018-10-19T03:37:28+00:00"_s << utcMicros(2018, 10, 19, 3, 37, 28);
    QTest::newRow("-00:00") << u"2018-10-19T03:37:28-00:00"_s << utcMicros(2018, 10, 19, 3, 37, 28);
    QTest::newRow("+05:30") << u"2018-10-19T09:07:28+05:30"_s << utcMicros(2018, 10, 19, 3, 37, 28);
    QTest::newRow("+05:45 Kathmandu") << u"2026-03-16T00:00:00+05:45"_s << utcMicros(2026, 3, 15, 18, 15, 0);
    QTest::newRow("+14:00") << u"2026-01-01T00:00:00+14:00"_s << utcMicros(2025, 12, 31, 10, 0, 0);
    QTest::newRow("-12:00") << u"2026-01-01T00:00:00-12:00"_s << utcMicros(2026, 1, 1, 12, 0, 0);
    QTest::newRow("offset crosses year") << u"2018-12-31T23:00:00-02:00"_s << utcMicros(2019, 1, 1, 1, 0, 0);
    QTest::newRow("lowercase t") << u"2018-10-19t03:37:28Z"_s << utcMicros(2018, 10, 19, 3, 37, 28);
    QTest::newRow("lowercase z") << u"2018-10-19T03:37:28z"_s << utcMicros(2018, 10, 19, 3, 37, 28);
    QTest::newRow("both lowercase") << u"2018-10-19t03:37:28.25z"_s << utcMicros(2018, 10, 19, 3, 37, 28, 250000);
    QTest::newRow("1 fraction digit") << u"2018-10-19T03:37:28.5Z"_s << utcMicros(2018, 10, 19, 3, 37, 28, 500000);
    QTest::newRow("2 fraction digits") << u"2018-10-19T03:37:28.05Z"_s << utcMicros(2018, 10, 19, 3, 37, 28, 50000);
    QTest::newRow("3 fraction digits") << u"2018-10-19T03:37:28.123Z"_s << utcMicros(2018, 10, 19, 3, 37, 28, 123000);
    QTest::newRow("6 fraction digits") << u"2018-10-19T03:37:28.000001Z"_s << utcMicros(2018, 10, 19, 3, 37, 28, 1);
    QTest::newRow("7 digits truncated") << u"2018-10-19T03:37:28.1234567Z"_s
                                        << utcMicros(2018, 10, 19, 3, 37, 28, 123456);
    QTest::newRow("9 digits truncated, not rounded")
        << u"2018-10-19T03:37:28.999999999Z"_s << utcMicros(2018, 10, 19, 3, 37, 28, 999999);
    QTest::newRow("9 digits below a microsecond")
        << u"2018-10-19T03:37:28.000000999Z"_s << utcMicros(2018, 10, 19, 3, 37, 28, 0);
    QTest::newRow("fraction with offset")
        << u"2018-10-18T21:37:28.75-06:00"_s << utcMicros(2018, 10, 19, 3, 37, 28, 750000);
    QTest::newRow("leap day") << u"2024-02-29T12:00:00Z"_s << utcMicros(2024, 2, 29, 12, 0, 0);
    QTest::newRow("leap second counts as :59") << u"2016-12-31T23:59:60Z"_s << utcMicros(2016, 12, 31, 23, 59, 59);
    QTest::newRow("epoch") << u"1970-01-01T00:00:00Z"_s << Q_INT64_C(0);
    QTest::newRow("before epoch with fraction") << u"1969-12-31T23:59:59.5Z"_s << Q_INT64_C(-500000);
    QTest::newRow("end of day") << u"2026-03-15T23:59:59.999999Z"_s << utcMicros(2026, 3, 15, 23, 59, 59, 999999);
}

void TestTimeUtil::parseValid()
{
    QFETCH(QString, text);
    QFETCH(qint64, micros);
    const auto parsed = parseRfc3339(text);
    QVERIFY2(parsed.has_value(), qPrintable(text));
    QCOMPARE(*parsed, micros);
}

void TestTimeUtil::contractExampleOffset()
{
    // CONTRACTS.md section 3: stored as given, compared as an instant.
    const auto local = parseRfc3339(u"2018-10-18T21:37:28-06:00"_s);
    const auto utc = parseRfc3339(u"2018-10-19T03:37:28Z"_s);
    QVERIFY(local.has_value());
    QVERIFY(utc.has_value());
    QCOMPARE(*local, *utc);
    QCOMPARE(*local, Q_INT64_C(1539920248) * 1000000);
    // Same wall clock, other offsets: different instants, ordered by offset.
    const auto east = parseRfc3339(u"2018-10-18T21:37:28+06:00"_s);
    QVERIFY(east.has_value());
    QCOMPARE(*local - *east, Q_INT64_C(12) * 3600 * 1000000);
}

void TestTimeUtil::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << u"not a time"_s;
    QTest::newRow("epoch number") << u"1539920248"_s;
    QTest::newRow("date only") << u"2018-10-18"_s;
    QTest::newRow("missing offset") << u"2018-10-18T21:37:28"_s;
    QTest::newRow("missing offset with fraction") << u"2018-10-18T21:37:28.123"_s;
    QTest::newRow("missing seconds") << u"2018-10-18T21:37Z"_s;
    QTest::newRow("month 13") << u"2018-13-18T21:37:28Z"_s;
    QTest::newRow("month 00") << u"2018-00-18T21:37:28Z"_s;
    QTest::newRow("day 00") << u"2018-10-00T21:37:28Z"_s;
    QTest::newRow("day 32") << u"2018-10-32T21:37:28Z"_s;
    QTest::newRow("April 31") << u"2018-04-31T21:37:28Z"_s;
    QTest::newRow("Feb 30") << u"2024-02-30T00:00:00Z"_s;
    QTest::newRow("Feb 29 non-leap year") << u"2026-02-29T00:00:00Z"_s;
    QTest::newRow("Feb 29 1900") << u"1900-02-29T00:00:00Z"_s;
    QTest::newRow("hour 24") << u"2018-10-18T24:00:00Z"_s;
    QTest::newRow("hour 25") << u"2018-10-18T25:37:28Z"_s;
    QTest::newRow("minute 60") << u"2018-10-18T21:60:28Z"_s;
    QTest::newRow("second 61") << u"2018-10-18T21:37:61Z"_s;
    QTest::newRow("offset hour 24") << u"2018-10-18T21:37:28+24:00"_s;
    QTest::newRow("offset minute 60") << u"2018-10-18T21:37:28+05:60"_s;
    QTest::newRow("offset without colon") << u"2018-10-18T21:37:28-0600"_s;
    QTest::newRow("offset hours only") << u"2018-10-18T21:37:28-06"_s;
    QTest::newRow("Z and offset") << u"2018-10-18T21:37:28Z+01:00"_s;
    QTest::newRow("empty fraction") << u"2018-10-18T21:37:28.Z"_s;
    QTest::newRow("10 fraction digits") << u"2018-10-18T21:37:28.1234567890Z"_s;
    QTest::newRow("comma fraction") << u"2018-10-18T21:37:28,5Z"_s;
    QTest::newRow("single-digit month") << u"2018-1-18T21:37:28Z"_s;
    QTest::newRow("two-digit year") << u"18-10-18T21:37:28Z"_s;
    QTest::newRow("slashes") << u"2018/10/18T21:37:28Z"_s;
    QTest::newRow("other separator") << u"2018-10-18X21:37:28Z"_s;
    QTest::newRow("leading blank") << u" 2018-10-18T21:37:28Z"_s;
    QTest::newRow("trailing blank") << u"2018-10-18T21:37:28Z "_s;
    QTest::newRow("trailing newline") << u"2018-10-18T21:37:28Z\n"_s;
    QTest::newRow("trailing text") << u"2018-10-18T21:37:28Zjunk"_s;
    QTest::newRow("non-ASCII digits in the hour") << u"2018-10-18T\u0662\u0661:37:28Z"_s;
    QTest::newRow("full-width digits") << u"\uFF12\uFF10\uFF11\uFF18-10-18T21:37:28Z"_s;
    QTest::newRow("non-ASCII digits in the fraction") << u"2018-10-18T21:37:28.\u0665Z"_s;
}

void TestTimeUtil::parseInvalid()
{
    QFETCH(QString, text);
    const auto parsed = parseRfc3339(text);
    QVERIFY2(!parsed.has_value(), qPrintable(u"accepted as %1"_s.arg(parsed.value_or(0))));
}

void TestTimeUtil::formatEpochMicros_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<QString>("text");
    QTest::newRow("contract example") << Q_INT64_C(1618585123456789) << u"1618585123.456789"_s;
    QTest::newRow("one microsecond after a second") << Q_INT64_C(1618585123000001) << u"1618585123.000001"_s;
    QTest::newRow("whole second") << Q_INT64_C(1618585123000000) << u"1618585123.000000"_s;
    QTest::newRow("tenth") << Q_INT64_C(1618585123100000) << u"1618585123.100000"_s;
    QTest::newRow("last microsecond") << Q_INT64_C(1618585123999999) << u"1618585123.999999"_s;
    QTest::newRow("zero") << Q_INT64_C(0) << u"0.000000"_s;
    QTest::newRow("one microsecond") << Q_INT64_C(1) << u"0.000001"_s;
    QTest::newRow("year 2100") << Q_INT64_C(4102444800000042) << u"4102444800.000042"_s;
}

void TestTimeUtil::formatEpochMicros()
{
    QFETCH(qint64, micros);
    QFETCH(QString, text);
    QCOMPARE(mood::formatEpochMicros(micros), text);
    // The text is a number a Python client can float() and get the instant back (to float precision).
    bool ok = false;
    const double value = text.toDouble(&ok);
    QVERIFY(ok);
    QVERIFY(qAbs(value - double(micros) / 1e6) < 1e-5);
}

void TestTimeUtil::parseThenFormat()
{
    const auto micros = parseRfc3339(u"2021-04-16T16:58:43.456789+02:00"_s);
    QVERIFY(micros.has_value());
    QCOMPARE(mood::formatEpochMicros(*micros), u"1618585123.456789"_s);
}

void TestTimeUtil::localDate_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<qint64>("epoch");
    QTest::addColumn<QDate>("day");

    // UTC: midnight is the boundary.
    QTest::newRow("UTC last second") << "UTC"_ba << utcSecs(2026, 3, 15, 23, 59, 59) << QDate(2026, 3, 15);
    QTest::newRow("UTC midnight") << "UTC"_ba << utcSecs(2026, 3, 16, 0, 0, 0) << QDate(2026, 3, 16);
    QTest::newRow("UTC before epoch") << "UTC"_ba << Q_INT64_C(-1) << QDate(1969, 12, 31);

    // New York, DST starts 2026-03-08 02:00 EST (07:00Z): 01:59:59 EST and 03:00 EDT are the same day.
    const QByteArray ny = "America/New_York"_ba;
    QTest::newRow("NY just before the jump") << ny << utcSecs(2026, 3, 8, 6, 59, 59) << QDate(2026, 3, 8);
    QTest::newRow("NY just after the jump") << ny << utcSecs(2026, 3, 8, 7, 0, 0) << QDate(2026, 3, 8);
    QTest::newRow("NY midnight before DST (EST, 05:00Z)") << ny << utcSecs(2026, 3, 8, 5, 0, 0) << QDate(2026, 3, 8);
    QTest::newRow("NY 23:59:59 EST") << ny << utcSecs(2026, 3, 8, 4, 59, 59) << QDate(2026, 3, 7);
    QTest::newRow("NY 23:30 EDT on the change day") << ny << utcSecs(2026, 3, 9, 3, 30, 0) << QDate(2026, 3, 8);
    // The first midnight after the change is at 04:00Z; a fixed EST offset would call 00:30 EDT the 8th.
    QTest::newRow("NY 00:30 EDT the day after") << ny << utcSecs(2026, 3, 9, 4, 30, 0) << QDate(2026, 3, 9);
    // DST ends 2026-11-01 02:00 EDT: 23:30 EST that day is 04:30Z on the 2nd.
    QTest::newRow("NY 23:30 EST on the fall-back day") << ny << utcSecs(2026, 11, 2, 4, 30, 0) << QDate(2026, 11, 1);
    QTest::newRow("NY 00:30 EST the day after fall-back") << ny << utcSecs(2026, 11, 2, 5, 30, 0) << QDate(2026, 11, 2);
    QTest::newRow("NY repeated hour, first 01:30") << ny << utcSecs(2026, 11, 1, 5, 30, 0) << QDate(2026, 11, 1);
    QTest::newRow("NY repeated hour, second 01:30") << ny << utcSecs(2026, 11, 1, 6, 30, 0) << QDate(2026, 11, 1);
    QTest::newRow("NY 00:30 EDT in summer") << ny << utcSecs(2026, 7, 1, 4, 30, 0) << QDate(2026, 7, 1);

    // Berlin, DST starts 2026-03-29 02:00 CET (01:00Z), ends 2026-10-25 03:00 CEST (01:00Z).
    const QByteArray berlin = "Europe/Berlin"_ba;
    QTest::newRow("Berlin 23:30 CET before the change")
        << berlin << utcSecs(2026, 3, 28, 22, 30, 0) << QDate(2026, 3, 28);
    QTest::newRow("Berlin 23:30 CEST on the change day")
        << berlin << utcSecs(2026, 3, 29, 21, 30, 0) << QDate(2026, 3, 29);
    QTest::newRow("Berlin 00:30 CEST the day after") << berlin << utcSecs(2026, 3, 29, 22, 30, 0) << QDate(2026, 3, 30);
    QTest::newRow("Berlin 00:30 CEST on the fall-back day")
        << berlin << utcSecs(2026, 10, 24, 22, 30, 0) << QDate(2026, 10, 25);
    QTest::newRow("Berlin 23:30 CET on the fall-back day")
        << berlin << utcSecs(2026, 10, 25, 22, 30, 0) << QDate(2026, 10, 25);
    QTest::newRow("Berlin 00:00 CET the day after") << berlin << utcSecs(2026, 10, 25, 23, 0, 0) << QDate(2026, 10, 26);

    // Odd offsets.
    QTest::newRow("Kathmandu 23:59:59 (+05:45)")
        << "Asia/Kathmandu"_ba << utcSecs(2026, 3, 15, 18, 14, 59) << QDate(2026, 3, 15);
    QTest::newRow("Kathmandu midnight") << "Asia/Kathmandu"_ba << utcSecs(2026, 3, 15, 18, 15, 0) << QDate(2026, 3, 16);
    QTest::newRow("Kiritimati is a day ahead (+14)")
        << "Pacific/Kiritimati"_ba << utcSecs(2026, 3, 15, 10, 0, 0) << QDate(2026, 3, 16);
    QTest::newRow("Honolulu is behind (-10)")
        << "Pacific/Honolulu"_ba << utcSecs(2026, 3, 16, 9, 59, 59) << QDate(2026, 3, 15);
}

void TestTimeUtil::localDate()
{
    QFETCH(QByteArray, zone);
    QFETCH(qint64, epoch);
    QFETCH(QDate, day);
    const QTimeZone tz(zone);
    QVERIFY2(tz.isValid(), zone.constData());
    QCOMPARE(mood::localDate(epoch, tz), day);
}

void TestTimeUtil::zoneOrUtc()
{
    QCOMPARE(mood::zoneOrUtc("Europe/Berlin"_ba).id(), "Europe/Berlin"_ba);
    QCOMPARE(mood::zoneOrUtc("Asia/Kathmandu"_ba).id(), "Asia/Kathmandu"_ba);
    for (const QByteArray& bad : {"Mars/Olympus_Mons"_ba, QByteArray(), "not a zone"_ba}) {
        const QTimeZone zone = mood::zoneOrUtc(bad);
        QVERIFY2(zone.isValid(), bad.constData());
        QCOMPARE(zone.offsetFromUtc(QDateTime(QDate(2026, 7, 1), QTime(12, 0), Qt::UTC)), 0);
        QCOMPARE(zone.offsetFromUtc(QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC)), 0);
    }
    // The process runs with TZ=Pacific/Kiritimati under CTest: the fallback is UTC, not the machine's zone.
    QCOMPARE(mood::localDate(utcSecs(2026, 3, 15, 12, 0, 0), mood::zoneOrUtc("bogus"_ba)), QDate(2026, 3, 15));
}

void TestTimeUtil::parseAgreesWithTheGrammar()
{
    // Seeds, each mutated many times: one character replaced, inserted or removed.
    const QStringList seeds{u"2018-10-18T21:37:28-06:00"_s, u"2024-02-29t00:00:60.123456789Z"_s,
                            u"0001-01-01 00:00:00+23:59"_s, u"9999-12-31T23:59:59.5z"_s};
    const QString alphabet = u"0123456789-+:.TtZz ,\u0662\uFF11"_s;
    QRandomGenerator random(20261203);
    int accepted = 0;
    for (const QString& seed : seeds) {
        for (int round = 0; round < 5000; ++round) {
            QString text = seed;
            for (int edits = random.bounded(1, 3); edits > 0 && !text.isEmpty(); --edits) {
                const int at = random.bounded(text.size());
                const QChar c = alphabet.at(random.bounded(alphabet.size()));
                switch (random.bounded(3)) {
                case 0:
                    text[at] = c;
                    break;
                case 1:
                    text.insert(at, c);
                    break;
                default:
                    text.remove(at, 1);
                }
            }
            const auto expected = referenceParse(text);
            QCOMPARE(parseRfc3339(text), expected);
            accepted += expected.has_value();
        }
    }
    QVERIFY2(accepted > 1000, "the mutations must also produce valid times");
    for (const QString& seed : seeds)
        QCOMPARE(parseRfc3339(seed), referenceParse(seed));
}

QTEST_GUILESS_MAIN(TestTimeUtil)
#include "TestTimeUtil.moc"
