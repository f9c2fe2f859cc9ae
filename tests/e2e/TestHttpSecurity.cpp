#include "HttpExpect.h"
#include "TestServer.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// Abuse and browser guards over real HTTP: registration throttle, bans, Content-Type, Origin and Host, and
// two servers on one database.
class TestHttpSecurity final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void registrationThrottlePerAddress();

private:
    QByteArray account(const QString& name) const
    {
        return u"{\"username\": \"%1\", \"password\": \"password123\"}"_s.arg(name).toUtf8();
    }
    qint64 countRows(const QString& statement, const QVariantList& params = {})
    {
        QSqlQuery q = m_server.scratch().exec(statement, params);
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    test::TestServer m_server;
};

void TestHttpSecurity::initTestCase_data()
{
    test::addBackendRows();
}

void TestHttpSecurity::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_server.start(backend), qPrintable(m_server.error()));
}

void TestHttpSecurity::cleanup()
{
    m_server.stop();
}

void TestHttpSecurity::registrationThrottlePerAddress()
{
    QVERIFY(m_server.addUser(u"admin"_s) > 0);
    QVERIFY(m_server.services().settings.setRegistrationsPerHour(3).ok());
    auto client = m_server.client();
    for (int i = 0; i < 3; ++i)
        EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"user%1"_s.arg(i))), 201);
    const auto refused = client.post(u"/user"_s, account(u"user3"_s));
    EXPECT_JSON_REPLY(refused, 429);
    QCOMPARE(refused.body, QByteArray(R"({"error":"too many new accounts from this address; try again later"})"));
    QCOMPARE(countRows(u"SELECT COUNT(*) FROM users WHERE username = 'user3'"_s), 0);
    // Refused for its values: no hash paid, nothing counted (and the answer is the usual 400).
    EXPECT_JSON_REPLY(client.post(u"/user"_s, R"({"username": "x", "password": "short"})"), 400);
    // The signed-in admin is exempt; anyone else signed in is not.
    client.setBasic(u"admin"_s, test::kTestPassword);
    EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"byadmin"_s)), 201);
    client.setBasic(u"user0"_s, test::kTestPassword);
    EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"byuser"_s)), 429);
    client.setBasic(u"user0"_s, u"wrong password"_s);
    EXPECT_UNAUTHORIZED(client.post(u"/user"_s, account(u"bywrong"_s)));
    client.clearAuth();
    // An hour later the address may register again.
    m_server.clock().advance(3600);
    EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"later"_s)), 201);
    // 0: no limit.
    QVERIFY(m_server.services().settings.setRegistrationsPerHour(0).ok());
    for (int i = 0; i < 5; ++i)
        EXPECT_JSON_REPLY(client.post(u"/user"_s, account(u"free%1"_s.arg(i))), 201);
}

QTEST_GUILESS_MAIN(TestHttpSecurity)
#include "TestHttpSecurity.moc"
