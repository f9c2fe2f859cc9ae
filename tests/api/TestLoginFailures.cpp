#include "LoginFailures.h"

#include <QTest>

using namespace mood::api;
using namespace Qt::StringLiterals;

// The failure and ban table on its own: bounded memory under a spray of addresses, and no way to lift a ban by
// filling the table.
class TestLoginFailures final : public QObject
{
    Q_OBJECT

private slots:
    void banAfterMaxFailuresInTheWindow();
    void memoryStaysBoundedUnderASpray();
    void sprayDoesNotLiftABan();
    void fullBanTableStillBans();

private:
    static QString address(int i) { return u"10.%1.%2.%3"_s.arg(i >> 16 & 255).arg(i >> 8 & 255).arg(i & 255); }
};

void TestLoginFailures::banAfterMaxFailuresInTheWindow()
{
    LoginFailures table({3, 100, 50, 10, 10, 64});
    QVERIFY(!table.add(u"a"_s, 0));
    QVERIFY(!table.add(u"a"_s, 10));
    QVERIFY(!table.add(u"a"_s, 101)); // the first has left the window: two within it
    QVERIFY(!table.isBanned(u"a"_s, 101));
    QVERIFY(table.add(u"a"_s, 105));
    QVERIFY(table.isBanned(u"a"_s, 105));
    QVERIFY(table.isBanned(u"a"_s, 154));
    QVERIFY(!table.isBanned(u"a"_s, 155));
    QVERIFY(!table.isBanned(u"b"_s, 105));
}

void TestLoginFailures::memoryStaysBoundedUnderASpray()
{
    LoginFailures table({5, 3600, 3600, 1000, 100, 64});
    for (int i = 0; i < 200000; ++i) {
        table.add(address(i), i / 1000); // 200 failures a second from always new addresses
        QVERIFY(table.trackedClients() <= 1000);
    }
    QVERIFY(table.trackedClients() > 0);
    QCOMPARE(table.bannedClients(), 0);
}

void TestLoginFailures::sprayDoesNotLiftABan()
{
    LoginFailures table({5, 3600, 3600, 100, 100, 64});
    for (int i = 0; i < 5; ++i)
        table.add(u"attacker"_s, 0);
    QVERIFY(table.isBanned(u"attacker"_s, 0));
    for (int i = 0; i < 50000; ++i)
        table.add(address(i), 1 + i / 100);
    QVERIFY(table.isBanned(u"attacker"_s, 3599));
    QVERIFY(!table.isBanned(u"attacker"_s, 3600));
}

void TestLoginFailures::fullBanTableStillBans()
{
    LoginFailures table({2, 3600, 3600, 100, 10, 4096});
    for (int i = 0; i < 60; ++i) { // six times what the exact table holds
        table.add(address(i), i);
        QVERIFY(table.add(address(i), i));
    }
    QCOMPARE(table.bannedClients(), 10);
    for (int i = 0; i < 60; ++i)
        QVERIFY2(table.isBanned(address(i), 100), qPrintable(address(i)));
    // Clients that never failed share a slot with one of the 50 overflow bans only by chance (50/4096 each).
    int innocentBanned = 0;
    for (int i = 1000; i < 1200; ++i)
        innocentBanned += table.isBanned(address(i), 100) ? 1 : 0;
    QVERIFY2(innocentBanned <= 20, qPrintable(QString::number(innocentBanned)));
    // Bans end on time, overflow ones too.
    for (int i = 0; i < 60; ++i)
        QVERIFY(!table.isBanned(address(i), 3600 + 60));
}

QTEST_GUILESS_MAIN(TestLoginFailures)
#include "TestLoginFailures.moc"
