#include "FakeClock.h"
#include "InstanceSettings.h"
#include "RegistrationThrottle.h"
#include "ScratchDatabase.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// New accounts per client and hour, counted in the database that servers share.
class TestRegistrationThrottle final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void limitPerClientAndHour();
    void zeroMeansNoLimit();
    void sharedByServersOnOneDatabase();
    void tableKeepsOnlyTheLastHour();

private:
    int admitted(RegistrationThrottle& throttle, const QString& client, int tries);

    test::ScratchDatabase m_scratch;
    test::FakeClock m_clock;
};

void TestRegistrationThrottle::initTestCase_data()
{
    test::addBackendRows();
}

void TestRegistrationThrottle::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock.setNow(test::FakeClock().now());
}

void TestRegistrationThrottle::cleanup()
{
    m_scratch.close();
}

int TestRegistrationThrottle::admitted(RegistrationThrottle& throttle, const QString& client, int tries)
{
    int count = 0;
    for (int i = 0; i < tries; ++i) {
        const auto admit = throttle.admit(client);
        if (!admit.ok())
            return -1;
        count += *admit ? 1 : 0;
    }
    return count;
}

void TestRegistrationThrottle::limitPerClientAndHour()
{
    InstanceSettings settings(m_scratch.db());
    RegistrationThrottle throttle(m_scratch.db(), m_clock, settings);
    QCOMPARE(admitted(throttle, u"10.0.0.1"_s, 25), 20);        // the default: 20 an hour
    QCOMPARE(admitted(throttle, u"2001:db8:1:2::/64"_s, 3), 3); // another client has its own count
    m_clock.advance(3599);
    QCOMPARE(admitted(throttle, u"10.0.0.1"_s, 1), 0);
    m_clock.advance(1); // the first ones are an hour old now
    QCOMPARE(admitted(throttle, u"10.0.0.1"_s, 25), 20);
    QVERIFY(settings.setRegistrationsPerHour(2).ok());
    m_clock.advance(3600);
    QCOMPARE(admitted(throttle, u"10.0.0.1"_s, 5), 2);
}

void TestRegistrationThrottle::zeroMeansNoLimit()
{
    InstanceSettings settings(m_scratch.db());
    QVERIFY(settings.setRegistrationsPerHour(0).ok());
    RegistrationThrottle throttle(m_scratch.db(), m_clock, settings);
    QCOMPARE(admitted(throttle, u"10.0.0.1"_s, 50), 50);
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM registration_attempts"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0); // nothing to count
}

void TestRegistrationThrottle::sharedByServersOnOneDatabase()
{
    auto other = Database::open(m_scratch.config()); // a second server: its own connections
    QVERIFY(other.ok());
    InstanceSettings settings(m_scratch.db());
    InstanceSettings otherSettings(**other);
    QVERIFY(settings.setRegistrationsPerHour(4).ok());
    RegistrationThrottle one(m_scratch.db(), m_clock, settings);
    RegistrationThrottle two(**other, m_clock, otherSettings);
    QCOMPARE(admitted(one, u"10.0.0.1"_s, 3), 3);
    QCOMPARE(admitted(two, u"10.0.0.1"_s, 3), 1);
    QCOMPARE(admitted(one, u"10.0.0.1"_s, 1), 0);
}

void TestRegistrationThrottle::tableKeepsOnlyTheLastHour()
{
    InstanceSettings settings(m_scratch.db());
    RegistrationThrottle throttle(m_scratch.db(), m_clock, settings);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(admitted(throttle, u"10.0.1.%1"_s.arg(i), 1), 1);
    m_clock.advance(3600);
    QCOMPARE(admitted(throttle, u"10.0.2.1"_s, 1), 1);
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM registration_attempts"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestRegistrationThrottle)
#include "TestRegistrationThrottle.moc"
