#include "Authenticator.h"
#include "FakeClock.h"
#include "KdfGate.h"
#include "ScratchDatabase.h"
#include "Services.h"

#include <QTest>

#include <memory>

using namespace mood;
using namespace mood::api;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(mood::api::Family)

namespace {
const QString kPassword = u"correct horse battery"_s;
const QString kNewPassword = u"another long passphrase"_s;
const QString kAddress = u"10.0.0.1"_s;
constexpr qint64 kTokenLifetime = 3600;

ApiRequest withAuthorization(const QByteArray& authorization, const QString& address = kAddress)
{
    ApiRequest r;
    r.method = "GET";
    r.path = u"/mood"_s;
    r.clientAddress = address;
    if (!authorization.isNull())
        r.headers.insert("authorization", authorization);
    return r;
}

ApiRequest basic(const QString& user, const QString& password, const QString& address = kAddress)
{
    return withAuthorization("Basic " + (user + u':' + password).toUtf8().toBase64(), address);
}

bool isUnauthorized(const Authenticator::Outcome& outcome)
{
    return !outcome.user && outcome.failure && outcome.failure->status == 401
        && outcome.failure->body == "Unauthorized Access" && outcome.failure->contentType == "text/plain; charset=utf-8"
        && outcome.failure->headers.contains({"WWW-Authenticate", R"(Basic realm="Authentication Required")"});
}
} // namespace

class TestAuthenticator final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();
    void cleanupTestCase();

    void basicOk();
    void wrongPasswordIs401AndLogged();
    void failedLoginsAreWrittenOncePerInterval();
    void failedLoginEventsAreCapped();
    void malformedAuthorization_data();
    void malformedAuthorization();
    void bearerToken();
    void expiredBearerToken();
    void revokedBearerToken();
    void unknownBearerTokensNeverBan();
    void failedPasswordsBanTheAddress_data();
    void failedPasswordsBanTheAddress();
    void ipv6ClientsAreBannedPerSlash64();
    void banSurvivesASprayOfAddresses();
    void banLiftsAfterBanSeconds();
    void successDoesNotResetFailures();
    void oldFailuresAreForgotten();
    void recentFailuresStillCount();
    void loginCountsAndRespectsBans();
    void cachedCredentialsSkipTheKdfUntilExpiry();
    void passwordChangeEndsCachedCredentialsAtOnce();
    void unknownUserCostsAKdfToo();
    void forgetUserDropsItsCache();

private:
    Authenticator::Outcome authenticate(const ApiRequest& request, Family family = Family::Users)
    {
        return m_auth->authenticate(request, family);
    }
    qint64 idOf(const QString& name) const;
    QStringList auditMessages() const;                            // the product's own events, oldest first
    bool failTimes(int count, const QString& address = kAddress); // each a 401
    static qint64 kdfPasses() { return KdfGate::instance().stats().passes; }

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<Authenticator> m_auth;
    Authenticator::Options m_options{5, 60, 10};
    QString m_openFor; // backend and test function the database was opened for: rows share it
};

void TestAuthenticator::initTestCase_data()
{
    test::addBackendRows();
}

void TestAuthenticator::init()
{
    MOOD_FETCH_BACKEND(backend);
    const QString key = backend + u'/' + QLatin1String(QTest::currentTestFunction());
    if (key != m_openFor) {
        cleanupTestCase();
        QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
        m_clock = std::make_unique<test::FakeClock>();
        ServiceOptions options;
        options.passwordStrength = PasswordHasher::Strength::Minimal;
        options.tokenLifetimeSeconds = kTokenLifetime;
        m_services = std::make_unique<Services>(m_scratch.db(), *m_clock, options);
        for (const QString& name : {u"alice"_s, u"bob"_s})
            QVERIFY(m_services->users.registerUser(name, kPassword).ok());
        m_openFor = key;
    }
    // Every row starts with no bans, no cached credentials, and the same time.
    m_clock->setNow(test::FakeClock().now());
    m_auth = std::make_unique<Authenticator>(*m_services, m_options);
}

void TestAuthenticator::cleanup()
{
    m_auth.reset();
    if (QTest::currentTestFailed()) // a failed row leaves nothing behind for the next
        cleanupTestCase();
}

void TestAuthenticator::cleanupTestCase()
{
    m_auth.reset();
    m_services.reset();
    m_scratch.close();
    m_openFor.clear();
}

qint64 TestAuthenticator::idOf(const QString& name) const
{
    const auto user = m_services->users.findByName(name);
    return user && user->has_value() ? (*user)->id : 0;
}

QStringList TestAuthenticator::auditMessages() const
{
    EventFilter filter;
    filter.component = EventStore::kProductComponent;
    filter.limit = EventStore::kMaxLimit;
    QStringList out;
    const auto events = m_services->events.list(filter);
    for (const Event& event : events ? *events : QList<Event>())
        out.append(event.message);
    return out;
}

bool TestAuthenticator::failTimes(int count, const QString& address)
{
    for (int i = 0; i < count; ++i) {
        if (!isUnauthorized(authenticate(basic(u"alice"_s, u"wrong password"_s, address))))
            return false;
    }
    return true;
}

void TestAuthenticator::basicOk()
{
    auto outcome = authenticate(basic(u"alice"_s, kPassword));
    QVERIFY(!outcome.failure);
    QVERIFY(outcome.user.has_value());
    QCOMPARE(outcome.user->username, u"alice"_s);
    QCOMPARE(outcome.user->id, idOf(u"alice"_s));
    QVERIFY(outcome.bearerToken.isEmpty());

    // Scheme names are case-insensitive; the password may contain colons.
    QVERIFY(m_services->users.resetPassword(idOf(u"bob"_s), u"pass:word:with:colons"_s).ok());
    outcome = authenticate(withAuthorization("basic " + QByteArray("bob:pass:word:with:colons").toBase64()));
    QVERIFY(outcome.user.has_value());
    QCOMPARE(outcome.user->username, u"bob"_s);
}

void TestAuthenticator::wrongPasswordIs401AndLogged()
{
    QVERIFY(isUnauthorized(authenticate(basic(u"alice"_s, u"wrong password"_s))));
    QCOMPARE(auditMessages(), QStringList{u"failed login for 'alice' from 10.0.0.1"_s});
    QVERIFY(isUnauthorized(authenticate(basic(u"nobody"_s, kPassword, u"10.0.0.9"_s))));
    m_auth->flushFailedLogins();
    QCOMPARE(auditMessages(),
             (QStringList{u"failed login for 'alice' from 10.0.0.1"_s, u"failed login for 'nobody' from 10.0.0.9"_s}));
    QVERIFY(!m_auth->isBanned(kAddress));
}

void TestAuthenticator::failedLoginsAreWrittenOncePerInterval()
{
    QVERIFY(failTimes(1));
    QCOMPARE(auditMessages().size(), 1); // the first failure of an interval is written at once
    // The next ones only count, in memory: no database write per failed login.
    QVERIFY(isUnauthorized(authenticate(basic(u"bob"_s, u"wrong password"_s))));
    QVERIFY(isUnauthorized(authenticate(basic(u"nobody"_s, u"wrong password"_s))));
    QVERIFY(isUnauthorized(authenticate(basic(u"nobody"_s, u"wrong password"_s, u"10.0.0.7"_s))));
    m_clock->advance(m_options.failureEventSeconds - 1);
    m_auth->flushFailedLoginsIfDue();
    QCOMPARE(auditMessages().size(), 1);
    m_clock->advance(1);
    m_auth->flushFailedLoginsIfDue();
    QCOMPARE(auditMessages(),
             (QStringList{u"failed login for 'alice' from 10.0.0.1"_s,
                          u"2 failed logins for 'bob', 'nobody' from 10.0.0.1"_s,
                          u"failed login for 'nobody' from 10.0.0.7"_s}));
    m_auth->flushFailedLoginsIfDue();
    QCOMPARE(auditMessages().size(), 3); // nothing new, nothing written

    EventFilter filter;
    filter.messageContains = u"2 failed logins"_s;
    const auto events = m_services->events.list(filter);
    QVERIFY(events.ok());
    QCOMPARE(events->size(), 1);
    const QJsonObject data = events->first().data;
    QCOMPARE(data.value(u"address"_s).toString(), kAddress);
    QCOMPARE(data.value(u"failures"_s).toInt(), 2);
    QCOMPARE(data.value(u"banned"_s).toBool(), false);
}

void TestAuthenticator::failedLoginEventsAreCapped()
{
    Authenticator::Options options = m_options;
    options.maxFailures = 1000;
    options.maxFailureEvents = 3;
    m_auth = std::make_unique<Authenticator>(*m_services, options);
    QVERIFY(failTimes(1, u"10.9.9.9"_s)); // written at once: the interval starts
    for (int i = 0; i < 40; ++i)
        QVERIFY(failTimes(2, u"10.1.0.%1"_s.arg(i)));
    m_auth->flushFailedLogins();
    const QStringList messages = auditMessages();
    QCOMPARE(messages.size(), 1 + 3 + 1);
    QCOMPARE(messages.at(1), u"2 failed logins for 'alice' from 10.1.0.0"_s);
    QCOMPARE(messages.last(), u"74 more failed logins from other addresses"_s);
}

void TestAuthenticator::malformedAuthorization_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("scheme only") << QByteArray("Basic");
    QTest::newRow("scheme and spaces") << QByteArray("Basic   ");
    QTest::newRow("not base64") << QByteArray("Basic !!not*base64!!");
    QTest::newRow("no colon") << ("Basic " + QByteArray("alice").toBase64());
    QTest::newRow("empty user name") << ("Basic " + (u':' + kPassword).toUtf8().toBase64());
    QTest::newRow("unknown scheme") << ("Digest " + (u"alice:"_s + kPassword).toUtf8().toBase64());
    QTest::newRow("credentials without scheme") << (u"alice:"_s + kPassword).toUtf8().toBase64();
    QTest::newRow("bearer without token") << QByteArray("Bearer ");
}

void TestAuthenticator::malformedAuthorization()
{
    QFETCH(QByteArray, authorization);
    QVERIFY(isUnauthorized(authenticate(withAuthorization(authorization))));
}

void TestAuthenticator::bearerToken()
{
    const auto issued = m_services->tokens.issue(idOf(u"bob"_s));
    QVERIFY(issued.ok());
    const auto outcome = authenticate(withAuthorization("Bearer " + issued->token.toLatin1()));
    QVERIFY(!outcome.failure);
    QVERIFY(outcome.user.has_value());
    QCOMPARE(outcome.user->username, u"bob"_s);
    QCOMPARE(outcome.bearerToken, issued->token);
    QVERIFY(isUnauthorized(authenticate(withAuthorization("Bearer " + issued->token.toLatin1() + "x"))));
}

void TestAuthenticator::expiredBearerToken()
{
    const auto issued = m_services->tokens.issue(idOf(u"bob"_s));
    QVERIFY(issued.ok());
    const QByteArray header = "Bearer " + issued->token.toLatin1();
    m_clock->advance(kTokenLifetime - 1);
    QVERIFY(authenticate(withAuthorization(header)).user.has_value());
    m_clock->advance(1);
    QVERIFY(isUnauthorized(authenticate(withAuthorization(header))));
}

void TestAuthenticator::revokedBearerToken()
{
    const auto kept = m_services->tokens.issue(idOf(u"bob"_s));
    const auto revoked = m_services->tokens.issue(idOf(u"bob"_s));
    QVERIFY(kept.ok() && revoked.ok());
    QVERIFY(m_services->tokens.revoke(revoked->token).ok());
    QVERIFY(isUnauthorized(authenticate(withAuthorization("Bearer " + revoked->token.toLatin1()))));
    QVERIFY(authenticate(withAuthorization("Bearer " + kept->token.toLatin1())).user.has_value());
}

void TestAuthenticator::unknownBearerTokensNeverBan()
{
    for (int i = 0; i < m_options.maxFailures * 2; ++i)
        QVERIFY(isUnauthorized(authenticate(withAuthorization("Bearer stale-token-" + QByteArray::number(i)))));
    QVERIFY(!m_auth->isBanned(kAddress));
    QVERIFY(auditMessages().isEmpty());
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value());
}

void TestAuthenticator::failedPasswordsBanTheAddress_data()
{
    QTest::addColumn<Family>("family");
    QTest::addColumn<QByteArray>("body");
    const QByteArray text = "too many failed logins from this address; try again later";
    QTest::newRow("users") << Family::Users << R"({"error":")" + text + R"("})";
    QTest::newRow("feed") << Family::Feed << R"({"error":")" + text + R"("})";
    QTest::newRow("events") << Family::Events << R"({"message":")" + text + R"("})";
    QTest::newRow("logs") << Family::Logs << QByteArray(R"({"code":"TOO_MANY_REQUESTS","success":false})");
}

void TestAuthenticator::failedPasswordsBanTheAddress()
{
    QFETCH(Family, family);
    QFETCH(QByteArray, body);
    QVERIFY(failTimes(m_options.maxFailures - 1));
    QVERIFY(!m_auth->isBanned(kAddress));
    QVERIFY(failTimes(1)); // the failure that starts the ban still gets 401
    QVERIFY(m_auth->isBanned(kAddress));
    m_auth->flushFailedLogins();
    QVERIFY2(auditMessages().contains(u"4 failed logins for 'alice' from 10.0.0.1; address banned for 60 s"_s),
             qPrintable(auditMessages().join(u" | "_s)));

    const auto banned = authenticate(basic(u"alice"_s, kPassword), family); // even the right password
    QVERIFY(!banned.user);
    QVERIFY(banned.failure.has_value());
    QCOMPARE(banned.failure->status, 429);
    QCOMPARE(banned.failure->body, body);
    QCOMPARE(banned.failure->contentType, QByteArray("application/json"));

    QVERIFY(!m_auth->isBanned(u"10.0.0.2"_s));
    QVERIFY(authenticate(basic(u"alice"_s, kPassword, u"10.0.0.2"_s), family).user.has_value());
}

void TestAuthenticator::ipv6ClientsAreBannedPerSlash64()
{
    // One subscriber usually has a whole /64: changing the last 64 bits must not buy new guesses.
    for (int i = 1; i <= m_options.maxFailures; ++i)
        QVERIFY(failTimes(1, u"2001:db8:1:2::%1"_s.arg(i, 0, 16)));
    QVERIFY(m_auth->isBanned(u"2001:db8:1:2:ffff:ffff:ffff:fffe"_s));
    QCOMPARE(authenticate(basic(u"alice"_s, kPassword, u"2001:db8:1:2::abcd"_s)).failure->status, 429);
    QVERIFY(!m_auth->isBanned(u"2001:db8:1:3::1"_s));
    QVERIFY(authenticate(basic(u"alice"_s, kPassword, u"2001:db8:1:3::1"_s)).user.has_value());

    // An IPv4 peer seen through a dual-stack listener is the same client as the plain IPv4 address.
    QVERIFY(failTimes(m_options.maxFailures, u"::ffff:10.0.0.5"_s));
    QVERIFY(m_auth->isBanned(u"10.0.0.5"_s));
    QVERIFY(!m_auth->isBanned(u"10.0.0.6"_s)); // IPv4: one address, not a network
}

void TestAuthenticator::banSurvivesASprayOfAddresses()
{
    Authenticator::Options options = m_options;
    options.maxTrackedClients = 20;
    options.maxBannedClients = 4;
    m_auth = std::make_unique<Authenticator>(*m_services, options);
    QVERIFY(failTimes(m_options.maxFailures));
    QVERIFY(m_auth->isBanned(kAddress));
    // Far more addresses than the tables hold, enough of them banned to fill the ban table too.
    // (A sprayed address may share an overflow slot with a banned one and get 429 instead of 401.)
    for (int i = 0; i < 200; ++i) {
        for (int n = 0; n < (i % 20 == 0 ? m_options.maxFailures : 1); ++n) {
            const auto outcome = authenticate(basic(u"alice"_s, u"wrong password"_s, u"10.2.0.%1"_s.arg(i)));
            QVERIFY(!outcome.user && outcome.failure);
        }
    }
    QVERIFY(m_auth->isBanned(kAddress)); // neither eviction nor a full table lifted it
    for (int i = 0; i < 200; i += 20)
        QVERIFY2(m_auth->isBanned(u"10.2.0.%1"_s.arg(i)), qPrintable(QString::number(i)));
    QCOMPARE(authenticate(basic(u"alice"_s, kPassword)).failure->status, 429);
    m_clock->advance(m_options.banSeconds);
    QVERIFY(!m_auth->isBanned(kAddress));
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value());
}

void TestAuthenticator::banLiftsAfterBanSeconds()
{
    QVERIFY(failTimes(m_options.maxFailures));
    QVERIFY(m_auth->isBanned(kAddress));
    m_clock->advance(m_options.banSeconds - 1);
    QVERIFY(m_auth->isBanned(kAddress));
    QCOMPARE(authenticate(basic(u"alice"_s, kPassword)).failure->status, 429);
    m_clock->advance(1);
    QVERIFY(!m_auth->isBanned(kAddress));
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value());
    QVERIFY(failTimes(m_options.maxFailures - 1)); // a fresh count after the ban
    QVERIFY(!m_auth->isBanned(kAddress));
}

void TestAuthenticator::successDoesNotResetFailures()
{
    QVERIFY(failTimes(m_options.maxFailures - 1));
    QVERIFY(authenticate(basic(u"bob"_s, kPassword)).user.has_value());
    QVERIFY(!m_auth->isBanned(kAddress));
    QVERIFY(failTimes(1));
    QVERIFY(m_auth->isBanned(kAddress));
}

void TestAuthenticator::oldFailuresAreForgotten()
{
    QVERIFY(failTimes(m_options.maxFailures - 1));
    m_clock->advance(m_options.banSeconds + 1);
    QVERIFY(failTimes(m_options.maxFailures - 1));
    QVERIFY(!m_auth->isBanned(kAddress));
    QVERIFY(failTimes(1));
    QVERIFY(m_auth->isBanned(kAddress));
}

void TestAuthenticator::recentFailuresStillCount()
{
    // Only failures older than banSeconds are forgotten: three from 20 s ago still count after the first expires.
    QVERIFY(failTimes(1));
    m_clock->advance(m_options.banSeconds - 20);
    QVERIFY(failTimes(m_options.maxFailures - 2));
    m_clock->advance(30); // the first failure is now older than banSeconds
    QVERIFY(failTimes(1));
    QVERIFY(!m_auth->isBanned(kAddress)); // 4 within the window
    QVERIFY(failTimes(1));
    QVERIFY(m_auth->isBanned(kAddress)); // 5 within the window
}

void TestAuthenticator::loginCountsAndRespectsBans()
{
    const auto ok = m_auth->login(u"alice"_s, kPassword, kAddress);
    QVERIFY(ok.ok());
    QCOMPARE(ok->username, u"alice"_s);
    for (int i = 0; i < m_options.maxFailures; ++i) {
        const auto wrong = m_auth->login(u"alice"_s, u"wrong password"_s, kAddress);
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().kind, ErrorKind::NotFound);
    }
    QVERIFY(m_auth->isBanned(kAddress));
    const auto banned = m_auth->login(u"alice"_s, kPassword, kAddress);
    QVERIFY(!banned.ok());
    QCOMPARE(banned.error().kind, ErrorKind::Forbidden);
    QVERIFY(m_auth->login(u"alice"_s, kPassword, u"10.0.0.2"_s).ok());
}

void TestAuthenticator::cachedCredentialsSkipTheKdfUntilExpiry()
{
    const qint64 before = kdfPasses();
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value());
    QCOMPARE(kdfPasses(), before + 1);
    m_clock->advance(m_options.basicCacheSeconds - 1);
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value());
    QCOMPARE(kdfPasses(), before + 1); // cached: no Argon2id
    m_clock->advance(1);
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value());
    QCOMPARE(kdfPasses(), before + 2); // expired: verified again
}

void TestAuthenticator::passwordChangeEndsCachedCredentialsAtOnce()
{
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value()); // now cached
    // Changed behind this authenticator's back, as another server sharing the database would.
    QVERIFY(m_services->users.resetPassword(idOf(u"alice"_s), kNewPassword).ok());
    QVERIFY(isUnauthorized(authenticate(basic(u"alice"_s, kPassword))));
    QVERIFY(authenticate(basic(u"alice"_s, kNewPassword)).user.has_value());
    QVERIFY(m_auth->login(u"alice"_s, kNewPassword, kAddress).ok());
    QCOMPARE(m_auth->login(u"alice"_s, kPassword, kAddress).error().kind, ErrorKind::NotFound);
}

void TestAuthenticator::unknownUserCostsAKdfToo()
{
    // Answering an unknown name without Argon2id would tell, by its speed, which names exist.
    QVERIFY(isUnauthorized(authenticate(basic(u"nobody"_s, kPassword)))); // also makes the dummy hash, once
    qint64 before = kdfPasses();
    QVERIFY(isUnauthorized(authenticate(basic(u"nobody"_s, kPassword))));
    QCOMPARE(kdfPasses() - before, 1);
    before = kdfPasses();
    QVERIFY(isUnauthorized(authenticate(basic(u"alice"_s, u"wrong password"_s))));
    QCOMPARE(kdfPasses() - before, 1);
    before = kdfPasses();
    QCOMPARE(m_auth->login(u"nobody"_s, kPassword, kAddress).error().kind, ErrorKind::NotFound);
    QCOMPARE(kdfPasses() - before, 1);
}

void TestAuthenticator::forgetUserDropsItsCache()
{
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value());
    QVERIFY(authenticate(basic(u"bob"_s, kPassword)).user.has_value());
    m_auth->forgetUser(idOf(u"alice"_s));
    const qint64 before = kdfPasses();
    QVERIFY(authenticate(basic(u"bob"_s, kPassword)).user.has_value()); // bob's entry is still cached
    QCOMPARE(kdfPasses(), before);
    QVERIFY(authenticate(basic(u"alice"_s, kPassword)).user.has_value());
    QCOMPARE(kdfPasses(), before + 1);
}

QTEST_GUILESS_MAIN(TestAuthenticator)
#include "TestAuthenticator.moc"
