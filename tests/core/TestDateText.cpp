#include "DateText.h"

#include <QDateTime>
#include <QLocale>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// The fast text must be exactly what QLocale and QTimeZone write, in every zone, across DST changes.
class TestDateText final : public QObject
{
    Q_OBJECT

private slots:
    void historyDateMatchesQLocale_data();
    void historyDateMatchesQLocale();
    void isoDateMatchesQDate();
    void utcDateTimeMatchesQDateTime();
    void outsideTheSpanAsksTheZone();
};

void TestDateText::historyDateMatchesQLocale_data()
{
    QTest::addColumn<QByteArray>("zone");
    for (const char* zone : {"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
                             "Pacific/Kiritimati", "America/St_Johns", "Pacific/Apia"})
        QTest::newRow(zone) << QByteArray(zone);
}

void TestDateText::historyDateMatchesQLocale()
{
    QFETCH(QByteArray, zone);
    const QTimeZone tz(zone);
    QVERIFY(tz.isValid());
    const qint64 from = QDateTime(QDate(1969, 12, 25), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    const qint64 to = QDateTime(QDate(2038, 3, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    const DateText text(tz, from, to);
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    // Irregular steps reach every hour, minute, weekday and both sides of every transition over the years.
    for (qint64 at = from; at <= to; at += 86400 * 3 + 3671) {
        for (qint64 near : {at, at + 1799, at + 43200}) {
            const QString expected =
                english.toString(QDateTime::fromSecsSinceEpoch(near, tz), u"ddd, MMM dd 'at' hh:mm AP"_s);
            QCOMPARE(QString::fromLatin1(text.historyDate(near)), expected);
        }
    }
    for (const auto& transition :
         tz.transitions(QDateTime::fromSecsSinceEpoch(from, Qt::UTC), QDateTime::fromSecsSinceEpoch(to, Qt::UTC))) {
        for (qint64 delta : {-61, -1, 0, 1, 59}) {
            const qint64 near = transition.atUtc.toSecsSinceEpoch() + delta;
            const QString expected =
                english.toString(QDateTime::fromSecsSinceEpoch(near, tz), u"ddd, MMM dd 'at' hh:mm AP"_s);
            QCOMPARE(QString::fromLatin1(text.historyDate(near)), expected);
        }
    }
}

void TestDateText::isoDateMatchesQDate()
{
    for (QDate day(1899, 12, 20); day < QDate(2101, 1, 10); day = day.addDays(13)) {
        QByteArray out;
        DateText::appendIsoDate(out, day);
        QCOMPARE(QString::fromLatin1(out), day.toString(Qt::ISODate));
    }
    QByteArray invalid;
    DateText::appendIsoDate(invalid, QDate());
    QCOMPARE(invalid, QByteArray());
}

void TestDateText::utcDateTimeMatchesQDateTime()
{
    for (qint64 at = -86400LL * 365 * 5 - 7; at < 86400LL * 365 * 70; at += 86400 * 5 + 4093) {
        QByteArray out;
        DateText::appendUtcDateTime(out, at);
        QCOMPARE(QString::fromLatin1(out),
                 QDateTime::fromSecsSinceEpoch(at, Qt::UTC).toString(u"yyyy-MM-dd'T'HH:mm:ss"_s));
    }
}

void TestDateText::outsideTheSpanAsksTheZone()
{
    const QTimeZone berlin("Europe/Berlin");
    const qint64 winter = QDateTime(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC).toSecsSinceEpoch();
    const qint64 summer = QDateTime(QDate(2026, 7, 15), QTime(12, 0), Qt::UTC).toSecsSinceEpoch();
    const DateText text(berlin, winter, winter);
    QCOMPARE(text.offsetAt(winter), 3600);
    QCOMPARE(text.offsetAt(summer), 7200);
    QCOMPARE(text.historyDate(summer), QByteArray("Wed, Jul 15 at 02:00 PM"));
}

QTEST_GUILESS_MAIN(TestDateText)
#include "TestDateText.moc"
