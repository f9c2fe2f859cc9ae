#include "FakeClock.h"
#include "PasswordHasher.h"
#include "ScratchDatabase.h"
#include "TokenStore.h"
#include "UserService.h"

#include <QSet>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

class TestTokenStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void issuedTokenIdentifiesItsUser();
    void tokensAreLongRandomAndUnique();
    void onlyTheHashIsStored();
    void tokenExpires();
    void revokeEndsOneToken();
    void revokeAllEndsEveryTokenOfTheUser();
    void expiredTokensArePurgedOnIssue();

private:
    std::optional<qint64> ownerOf(const QString& token) const;

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<TokenStore> m_tokens;
    std::unique_ptr<UserService> m_users;
    qint64 m_alice = 0;
    qint64 m_bob = 0;
};

void TestTokenStore::initTestCase_data()
{
    test::addBackendRows();
}

void TestTokenStore::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>();
    m_hasher = std::make_unique<PasswordHasher>(PasswordHasher::Strength::Minimal);
    m_users = std::make_unique<UserService>(m_scratch.db(), *m_clock, *m_hasher);
    m_alice = m_users->registerUser(u"alice"_s, u"password123"_s)->id;
    m_bob = m_users->registerUser(u"bob"_s, u"password123"_s)->id;
    m_tokens = std::make_unique<TokenStore>(m_scratch.db(), *m_clock, 3600);
}

void TestTokenStore::cleanup()
{
    m_tokens.reset();
    m_users.reset();
    m_scratch.close();
}

std::optional<qint64> TestTokenStore::ownerOf(const QString& token) const
{
    const auto user = m_users->findByToken(token);
    if (!user.ok())
        return -1; // a storage error is neither "nobody" nor the right user: both kinds of check fail
    if (!user->has_value())
        return std::nullopt;
    return (*user)->id;
}

void TestTokenStore::issuedTokenIdentifiesItsUser()
{
    const auto a = m_tokens->issue(m_alice);
    const auto b = m_tokens->issue(m_bob);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->expiresAt, m_clock->now().toSecsSinceEpoch() + 3600);
    QCOMPARE(ownerOf(a->token).value(), m_alice);
    QCOMPARE(ownerOf(b->token).value(), m_bob);
    QVERIFY(!ownerOf(u"not-a-token"_s).has_value());
    QVERIFY(!ownerOf(QString()).has_value());
}

void TestTokenStore::tokensAreLongRandomAndUnique()
{
    QSet<QString> seen;
    for (int i = 0; i < 50; ++i) {
        const QString token = m_tokens->issue(m_alice)->token;
        QCOMPARE(token.size(), 43); // 32 random bytes, base64url without padding: 256 bits
        QVERIFY(!token.contains(u'=') && !token.contains(u'+') && !token.contains(u'/'));
        seen.insert(token);
    }
    QCOMPARE(seen.size(), 50);
}

void TestTokenStore::onlyTheHashIsStored()
{
    const QString token = m_tokens->issue(m_alice)->token;
    QSqlQuery q = m_scratch.exec(u"SELECT token_hash FROM auth_tokens"_s);
    QVERIFY(q.next());
    const QString stored = q.value(0).toString();
    QCOMPARE(stored.size(), 64); // hex of a 32-byte BLAKE2b digest
    QVERIFY(stored != token);
    QVERIFY(!stored.contains(token));
}

void TestTokenStore::tokenExpires()
{
    const QString token = m_tokens->issue(m_alice)->token;
    m_clock->advance(3599);
    QVERIFY(ownerOf(token).has_value());
    m_clock->advance(1);
    QVERIFY(!ownerOf(token).has_value());
}

void TestTokenStore::revokeEndsOneToken()
{
    const QString first = m_tokens->issue(m_alice)->token;
    const QString second = m_tokens->issue(m_alice)->token;
    QVERIFY(m_tokens->revoke(first).ok());
    QVERIFY(!ownerOf(first).has_value());
    QCOMPARE(ownerOf(second).value(), m_alice);
    QVERIFY(m_tokens->revoke(first).ok()); // revoking twice is harmless
}

void TestTokenStore::revokeAllEndsEveryTokenOfTheUser()
{
    const QString a1 = m_tokens->issue(m_alice)->token;
    const QString a2 = m_tokens->issue(m_alice)->token;
    const QString b = m_tokens->issue(m_bob)->token;
    QVERIFY(m_tokens->revokeAllOf(m_alice).ok());
    QVERIFY(!ownerOf(a1).has_value());
    QVERIFY(!ownerOf(a2).has_value());
    QCOMPARE(ownerOf(b).value(), m_bob);
}

void TestTokenStore::expiredTokensArePurgedOnIssue()
{
    QVERIFY(m_tokens->issue(m_alice).ok());
    QVERIFY(m_tokens->issue(m_bob).ok());
    m_clock->advance(3600);
    QVERIFY(m_tokens->issue(m_alice).ok());
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM auth_tokens"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestTokenStore)
#include "TestTokenStore.moc"
