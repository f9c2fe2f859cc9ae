#pragma once

#include "ApiTypes.h"
#include "FailedLoginLog.h"
#include "LoginFailures.h"
#include "Services.h"

#include <QHash>
#include <QMutex>

namespace mood::api {

// Who is calling: HTTP Basic or a Bearer token, with a ban on clients that keep failing. A client is an IPv4
// address or an IPv6 /64 (clientAddress::group).
class Authenticator final
{
public:
    struct Options {
        int maxFailures = 5;
        qint64 banSeconds = 3600;
        qint64 basicCacheSeconds = 60; // how long verified Basic credentials skip the KDF
        int maxTrackedClients = 65536; // failure counts kept in memory (LoginFailures)
        int maxBannedClients = 65536;
        qint64 failureEventSeconds = 60; // failed logins are written as one event per client per interval
        int maxFailureEvents = 100;      // clients per interval; the rest in one summary event
    };

    explicit Authenticator(Services& services);
    Authenticator(Services& services, Options options);

    struct Outcome {
        std::optional<User> user;
        std::optional<ApiResponse> failure; // 401 or 429, ready to send
        QString bearerToken;                // when the caller used one
    };
    Outcome authenticate(const ApiRequest& request, Family family);

    // For POST /login: the user, or NotFound (wrong credentials, counted) / Forbidden (address banned).
    Result<User> login(const QString& username, const QString& password, const QString& address);
    bool isBanned(const QString& address);
    void forgetUser(qint64 userId); // drop cached credentials at once (other servers: the hash changed)

    void flushFailedLogins();      // writes the pending failed-login events (at stop)
    void flushFailedLoginsIfDue(); // the same, once the interval is over

private:
    struct CachedCredential {
        qint64 userId = 0;
        qint64 expiresAt = 0;
    };

    Result<User> verifyBasic(const QString& username, const QString& password, const QString& address);
    void recordFailure(const QString& address, const QString& username);
    QByteArray cacheKey(const QString& username, const QString& password, const QString& storedHash) const;
    qint64 now() const;

    Services& m_services;
    Options m_options;
    QByteArray m_cacheSecret;
    QMutex m_mutex;
    QHash<QByteArray, CachedCredential> m_cache;
    LoginFailures m_failures; // guarded by m_mutex
    FailedLoginLog m_failureLog;
};

} // namespace mood::api
