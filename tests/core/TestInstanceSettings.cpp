#include "InstanceSettings.h"
#include "ScratchDatabase.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

class TestInstanceSettings final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void registrationOpenByDefault();
    void closingAndReopeningPersists();
    void sharedByEveryConnection();
    void registrationsPerHour();
    void updateIsAllOrNothing();

private:
    test::ScratchDatabase m_scratch;
};

void TestInstanceSettings::initTestCase_data()
{
    test::addBackendRows();
}

void TestInstanceSettings::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
}

void TestInstanceSettings::cleanup()
{
    m_scratch.close();
}

void TestInstanceSettings::registrationOpenByDefault()
{
    InstanceSettings settings(m_scratch.db());
    QCOMPARE(*settings.registrationOpen(), true);
}

void TestInstanceSettings::closingAndReopeningPersists()
{
    InstanceSettings settings(m_scratch.db());
    QVERIFY(settings.setRegistrationOpen(false).ok());
    QCOMPARE(*settings.registrationOpen(), false);
    QCOMPARE(*InstanceSettings(m_scratch.db()).registrationOpen(), false);
    QVERIFY(settings.setRegistrationOpen(true).ok());
    QCOMPARE(*settings.registrationOpen(), true);
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM meta WHERE meta_key = 'registration_open'"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1); // an upsert, not a pile of rows
}

void TestInstanceSettings::sharedByEveryConnection()
{
    // Another server on the same database sees the switch: a second Database object is a second connection.
    QVERIFY(InstanceSettings(m_scratch.db()).setRegistrationOpen(false).ok());
    auto other = Database::open(m_scratch.config());
    QVERIFY(other.ok());
    QCOMPARE(*InstanceSettings(**other).registrationOpen(), false);
}

void TestInstanceSettings::registrationsPerHour()
{
    InstanceSettings settings(m_scratch.db());
    QCOMPARE(*settings.registrationsPerHour(), InstanceSettings::kDefaultRegistrationsPerHour);
    QCOMPARE(InstanceSettings::kDefaultRegistrationsPerHour, 20);
    QVERIFY(settings.setRegistrationsPerHour(0).ok()); // no limit
    QCOMPARE(*settings.registrationsPerHour(), 0);
    QVERIFY(settings.setRegistrationsPerHour(5).ok());
    auto other = Database::open(m_scratch.config()); // another server on the same database
    QVERIFY(other.ok());
    QCOMPARE(*InstanceSettings(**other).registrationsPerHour(), 5);
    for (int bad : {-1, InstanceSettings::kMaxRegistrationsPerHour + 1}) {
        const Status refused = settings.setRegistrationsPerHour(bad);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Invalid);
    }
    QCOMPARE(*settings.registrationsPerHour(), 5);
}

void TestInstanceSettings::updateIsAllOrNothing()
{
    InstanceSettings settings(m_scratch.db());
    QVERIFY(!settings.update(InstanceChanges{false, -5, std::nullopt}).ok());
    QCOMPARE(*settings.registrationOpen(), true);
    QCOMPARE(*settings.registrationsPerHour(), 20);
    QVERIFY(settings.update(InstanceChanges{false, 7, std::nullopt}).ok());
    QCOMPARE(*settings.registrationOpen(), false);
    QCOMPARE(*settings.registrationsPerHour(), 7);
}

QTEST_GUILESS_MAIN(TestInstanceSettings)
#include "TestInstanceSettings.moc"
