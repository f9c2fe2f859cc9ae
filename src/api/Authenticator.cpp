#include "Authenticator.h"

#include "ApiErrors.h"

#include <QJsonObject>
#include <QMutexLocker>

#include <sodium.h>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr int kMaxCachedCredentials = 10000;
constexpr int kMaxTrackedAddresses = 10000; // beyond this, addresses with nothing recent are forgotten
} // namespace

Authenticator::Authenticator(Services& services)
    : Authenticator(services, Options())
{
}

Authenticator::Authenticator(Services& services, Options options)
    : m_services(services)
    , m_options(options)
    , m_cacheSecret(crypto_generichash_KEYBYTES, Qt::Uninitialized)
{
    if (sodium_init() < 0)
        qFatal("libsodium failed to initialise");
    randombytes_buf(m_cacheSecret.data(), static_cast<size_t>(m_cacheSecret.size()));
}

qint64 Authenticator::now() const
{
    return m_services.clock.now().toSecsSinceEpoch();
}

bool Authenticator::isBanned(const QString& address)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_failures.constFind(address);
    return it != m_failures.constEnd() && it->bannedUntil > now();
}

QByteArray Authenticator::cacheKey(const QString& username, const QString& password) const
{
    // Keyed hash: the cache never holds anything a memory dump could turn back into a password quickly.
    const QByteArray message = username.toUtf8() + '\0' + password.toUtf8();
    QByteArray digest(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(
        reinterpret_cast<unsigned char*>(digest.data()), static_cast<size_t>(digest.size()),
        reinterpret_cast<const unsigned char*>(message.constData()), static_cast<unsigned long long>(message.size()),
        reinterpret_cast<const unsigned char*>(m_cacheSecret.constData()), static_cast<size_t>(m_cacheSecret.size()));
    return digest;
}

void Authenticator::recordFailure(const QString& address, const QString& username)
{
    bool banned = false;
    {
        QMutexLocker lock(&m_mutex);
        const qint64 t = now();
        if (m_failures.size() >= kMaxTrackedAddresses) {
            m_failures.removeIf([&](const auto& entry) {
                return entry.value().bannedUntil <= t
                    && (entry.value().times.isEmpty() || t - entry.value().times.last() > m_options.banSeconds);
            });
        }
        Failures& failures = m_failures[address];
        // A success does not reset the count: one valid account must not let an address guess others forever.
        // A sliding window: a fixed one would forget recent failures and let an address nearly double its guesses.
        failures.times.removeIf([&](qint64 at) { return t - at > m_options.banSeconds; });
        failures.times.append(t);
        if (failures.times.size() >= m_options.maxFailures) {
            failures.times.clear();
            failures.bannedUntil = t + m_options.banSeconds;
            banned = true;
        }
    }
    const QJsonObject data{{u"username"_s, username}, {u"address"_s, address}};
    (void)m_services.events.add(EventStore::kProductComponent, data, QString(), u"server"_s,
                                u"failed login for '%1' from %2"_s.arg(username, address));
    if (banned) {
        (void)m_services.events.add(EventStore::kProductComponent, QJsonObject{{u"address"_s, address}}, QString(),
                                    u"server"_s,
                                    u"address %1 banned for %2 s after %3 failed logins"_s.arg(address)
                                        .arg(m_options.banSeconds)
                                        .arg(m_options.maxFailures));
    }
}

Result<User> Authenticator::verifyBasic(const QString& username, const QString& password, const QString& address)
{
    const QByteArray key = cacheKey(username, password);
    std::optional<qint64> cachedId;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_cache.constFind(key);
        if (it != m_cache.constEnd() && it->expiresAt > now())
            cachedId = it->userId;
    }
    if (cachedId) {
        auto user = m_services.users.findById(*cachedId);
        if (!user)
            return user.error();
        if (user->has_value() && (*user)->username == username)
            return **user;
    }

    auto user = m_services.users.authenticate(username, password);
    if (!user) {
        if (user.error().kind != ErrorKind::Storage)
            recordFailure(address, username);
        return user.error();
    }
    QMutexLocker lock(&m_mutex);
    if (m_cache.size() >= kMaxCachedCredentials) {
        const qint64 t = now();
        m_cache.removeIf([t](const auto& entry) { return entry.value().expiresAt <= t; });
        if (m_cache.size() >= kMaxCachedCredentials)
            m_cache.clear();
    }
    m_cache.insert(key, CachedCredential{user->id, now() + m_options.basicCacheSeconds});
    return user;
}

Result<User> Authenticator::login(const QString& username, const QString& password, const QString& address)
{
    if (isBanned(address))
        return Error{ErrorKind::Forbidden, u"banned"_s};
    return verifyBasic(username, password, address);
}

void Authenticator::forgetUser(qint64 userId)
{
    QMutexLocker lock(&m_mutex);
    m_cache.removeIf([userId](const auto& entry) { return entry.value().userId == userId; });
}

Authenticator::Outcome Authenticator::authenticate(const ApiRequest& request, Family family)
{
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
        auto userId = m_services.tokens.userFor(token);
        if (!userId) {
            outcome.failure = errors::fromDomain(family, userId.error());
            return outcome;
        }
        if (userId->has_value()) {
            auto user = m_services.users.findById(**userId);
            if (!user) {
                outcome.failure = errors::fromDomain(family, user.error());
                return outcome;
            }
            if (user->has_value()) {
                outcome.user = **user;
                outcome.bearerToken = token;
                return outcome;
            }
        }
        // An unknown or expired token is not a guessed password (256 random bits): no ban for a client that
        // keeps polling with an old token.
    }
    outcome.failure = errors::unauthorized(); // the failure that starts a ban still gets 401; the next gets 429
    return outcome;
}

} // namespace mood::api
