#include "Authenticator.h"

#include "ApiErrors.h"
#include "ClientAddress.h"
#include "Sodium.h"

#include <QMutexLocker>

#include <sodium.h>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr int kMaxCachedCredentials = 10000;
} // namespace

Authenticator::Authenticator(Services& services)
    : Authenticator(services, Options())
{
}

Authenticator::Authenticator(Services& services, Options options)
    : m_services(services)
    , m_options(options)
    , m_cacheSecret(crypto_generichash_KEYBYTES, Qt::Uninitialized)
    , m_failures(LoginFailures::Limits{options.maxFailures, options.banSeconds, options.banSeconds,
                                       options.maxTrackedClients, options.maxBannedClients})
    , m_failureLog(services.events, services.clock, options.failureEventSeconds, options.maxFailureEvents)
{
    ensureSodium();
    randombytes_buf(m_cacheSecret.data(), static_cast<size_t>(m_cacheSecret.size()));
}

qint64 Authenticator::now() const
{
    return m_services.clock.now().toSecsSinceEpoch();
}

bool Authenticator::isBanned(const QString& address)
{
    const QString client = clientAddress::group(address);
    QMutexLocker lock(&m_mutex);
    return m_failures.isBanned(client, now());
}

QByteArray Authenticator::cacheKey(const QString& username, const QString& password, const QString& storedHash) const
{
    // Keyed hash: the cache never holds anything a memory dump could turn back into a password quickly. The
    // stored hash is part of the key, so a password change (on any server sharing the database) makes every
    // entry of the old password unreachable at once, at no extra query: the request loads the user anyway.
    const QByteArray message = username.toUtf8() + '\0' + password.toUtf8() + '\0' + storedHash.toLatin1();
    QByteArray digest(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(
        reinterpret_cast<unsigned char*>(digest.data()), static_cast<size_t>(digest.size()),
        reinterpret_cast<const unsigned char*>(message.constData()), static_cast<unsigned long long>(message.size()),
        reinterpret_cast<const unsigned char*>(m_cacheSecret.constData()), static_cast<size_t>(m_cacheSecret.size()));
    return digest;
}

void Authenticator::recordFailure(const QString& address, const QString& username)
{
    const QString client = clientAddress::group(address);
    bool banStarted = false;
    {
        QMutexLocker lock(&m_mutex);
        banStarted = m_failures.add(client, now());
    }
    m_failureLog.record(client, username, banStarted, m_options.banSeconds);
    m_failureLog.flushIfDue();
}

Result<User> Authenticator::verifyBasic(const QString& username, const QString& password, const QString& address)
{
    auto found = m_services.users.findCredentials(username);
    if (!found)
        return found.error();
    if (!found->has_value()) {
        m_services.hasher.verifyUnknownUser(password); // as slow as a wrong password
        recordFailure(address, username);
        return Error{ErrorKind::NotFound, u"wrong username or password"_s};
    }
    const StoredCredentials& stored = **found;
    const QByteArray key = cacheKey(username, password, stored.passwordHash);
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_cache.constFind(key);
        if (it != m_cache.constEnd() && it->expiresAt > now() && it->userId == stored.user.id)
            return stored.user;
    }
    if (!PasswordHasher::verify(stored.passwordHash, password)) {
        recordFailure(address, username);
        return Error{ErrorKind::NotFound, u"wrong username or password"_s};
    }
    QMutexLocker lock(&m_mutex);
    if (m_cache.size() >= kMaxCachedCredentials) {
        const qint64 t = now();
        m_cache.removeIf([t](const auto& entry) { return entry.value().expiresAt <= t; });
        if (m_cache.size() >= kMaxCachedCredentials)
            m_cache.clear();
    }
    m_cache.insert(key, CachedCredential{stored.user.id, now() + m_options.basicCacheSeconds});
    return stored.user;
}

Result<User> Authenticator::login(const QString& username, const QString& password, const QString& address)
{
    m_failureLog.flushIfDue();
    if (isBanned(address))
        return Error{ErrorKind::Forbidden, u"banned"_s};
    return verifyBasic(username, password, address);
}

void Authenticator::forgetUser(qint64 userId)
{
    QMutexLocker lock(&m_mutex);
    m_cache.removeIf([userId](const auto& entry) { return entry.value().userId == userId; });
}

void Authenticator::flushFailedLogins()
{
    m_failureLog.flush();
}

void Authenticator::flushFailedLoginsIfDue()
{
    m_failureLog.flushIfDue();
}

Authenticator::Outcome Authenticator::authenticate(const ApiRequest& request, Family family)
{
    m_failureLog.flushIfDue(); // cheap unless the interval is over
    Outcome outcome;
    if (isBanned(request.clientAddress)) {
        outcome.failure = errors::tooManyRequests(family);
        return outcome;
    }
    const QByteArray header = request.header("authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    const QByteArray scheme = header.left(space).toLower();
    const QByteArray credentials = space < 0 ? QByteArray() : header.mid(space + 1).trimmed();

    if (scheme == "basic" && !credentials.isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(credentials, QByteArray::AbortOnBase64DecodingErrors);
        const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
        if (colon > 0) {
            const QString username = QString::fromUtf8(decoded.decoded.left(colon));
            const QString password = QString::fromUtf8(decoded.decoded.mid(colon + 1));
            auto user = verifyBasic(username, password, request.clientAddress);
            if (user) {
                outcome.user = *user;
                return outcome;
            }
            if (user.error().kind == ErrorKind::Storage) {
                outcome.failure = errors::fromDomain(family, user.error());
                return outcome;
            }
        }
    } else if (scheme == "bearer" && !credentials.isEmpty()) {
        const QString token = QString::fromLatin1(credentials);
        auto user = m_services.users.findByToken(token);
        if (!user) {
            outcome.failure = errors::fromDomain(family, user.error());
            return outcome;
        }
        if (user->has_value()) {
            outcome.user = **user;
            outcome.bearerToken = token;
            return outcome;
        }
        // An unknown or expired token is not a guessed password (256 random bits): no ban for a client that
        // keeps polling with an old token.
    }
    outcome.failure = errors::unauthorized(); // the failure that starts a ban still gets 401; the next gets 429
    return outcome;
}

} // namespace mood::api
