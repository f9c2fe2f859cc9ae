#include "StreakCalculator.h"

#include <QTest>

using namespace mood;

Q_DECLARE_METATYPE(QList<QDate>)

class TestStreakCalculator final : public QObject
{
    Q_OBJECT

private slots:
    void streaks_data();
    void streaks();
};

void TestStreakCalculator::streaks_data()
{
    QTest::addColumn<QList<QDate>>("days");
    QTest::addColumn<QDate>("today");
    QTest::addColumn<int>("current");
    QTest::addColumn<int>("longest");

    const QDate today(2026, 3, 15);
    QTest::newRow("no moods") << QList<QDate>{} << today << 0 << 0;
    QTest::newRow("only today") << QList<QDate>{today} << today << 1 << 1;
    QTest::newRow("only yesterday: still current") << QList<QDate>{today.addDays(-1)} << today << 1 << 1;
    QTest::newRow("two days ago: broken, falls to 0") << QList<QDate>{today.addDays(-2)} << today << 0 << 1;
    QTest::newRow("run ending yesterday, today empty")
        << QList<QDate>{today.addDays(-3), today.addDays(-2), today.addDays(-1)} << today << 3 << 3;
    QTest::newRow("run ending today") << QList<QDate>{today.addDays(-2), today.addDays(-1), today} << today << 3 << 3;
    QTest::newRow("duplicates and any order")
        << QList<QDate>{today, today.addDays(-1), today, today.addDays(-1)} << today << 2 << 2;
    QTest::newRow("older run is longest")
        << QList<QDate>{QDate(2026, 1, 1), QDate(2026, 1, 2), QDate(2026, 1, 3), QDate(2026, 1, 4), today} << today << 1
        << 4;
    // Same day-of-month in consecutive months is not consecutive (the original compared day numbers).
    QTest::newRow("same day number, next month")
        << QList<QDate>{QDate(2026, 2, 15), QDate(2026, 3, 15)} << today << 1 << 1;
    QTest::newRow("across a month end") << QList<QDate>{QDate(2026, 1, 30), QDate(2026, 1, 31), QDate(2026, 2, 1)}
                                        << QDate(2026, 2, 1) << 3 << 3;
    QTest::newRow("across a year end") << QList<QDate>{QDate(2025, 12, 30), QDate(2025, 12, 31), QDate(2026, 1, 1)}
                                       << QDate(2026, 1, 2) << 3 << 3;
    QTest::newRow("leap day 2028") << QList<QDate>{QDate(2028, 2, 28), QDate(2028, 2, 29), QDate(2028, 3, 1)}
                                   << QDate(2028, 3, 1) << 3 << 3;
    QTest::newRow("leap year gap: Feb 28 to Mar 1 skips Feb 29")
        << QList<QDate>{QDate(2028, 2, 28), QDate(2028, 3, 1)} << QDate(2028, 3, 1) << 1 << 1;
    QTest::newRow("non-leap year: Feb 28 to Mar 1 is consecutive")
        << QList<QDate>{QDate(2027, 2, 28), QDate(2027, 3, 1)} << QDate(2027, 3, 1) << 2 << 2;
    QTest::newRow("gap of one day splits")
        << QList<QDate>{today.addDays(-4), today.addDays(-3), today.addDays(-1), today} << today << 2 << 2;
    QTest::newRow("a day after today counts for longest only")
        << QList<QDate>{today.addDays(-1), today.addDays(1)} << today << 1 << 1;
    QTest::newRow("a year-long streak") << [&] {
        QList<QDate> days;
        for (int i = 0; i < 366; ++i)
            days.append(today.addDays(-i));
        return days;
    }() << today << 366 << 366;
}

void TestStreakCalculator::streaks()
{
    QFETCH(QList<QDate>, days);
    QFETCH(QDate, today);
    QFETCH(int, current);
    QFETCH(int, longest);
    const Streaks result = computeStreaks(days, today);
    QCOMPARE(result.current, current);
    QCOMPARE(result.longest, longest);
}

QTEST_GUILESS_MAIN(TestStreakCalculator)
#include "TestStreakCalculator.moc"
