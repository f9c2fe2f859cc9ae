#pragma once

#include "ApiTypes.h"
#include "Services.h"

#include <QHash>
#include <QMutex>

namespace mood::api {

// Who is calling: HTTP Basic or a Bearer token, with a ban on addresses that keep failing.
class Authenticator final
{
public:
    struct Options {
        int maxFailures = 5;
        qint64 banSeconds = 3600;
        qint64 basicCacheSeconds = 60; // how long verified Basic credentials skip the KDF
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
    void forgetUser(qint64 userId); // drop cached credentials, e.g. after a password change

private:
    struct CachedCredential {
        qint64 userId = 0;
        qint64 expiresAt = 0;
    };
    struct Failures {
        QList<qint64> times; // of recent failures: those older than banSeconds are forgotten
        qint64 bannedUntil = 0;
    };

    Result<User> verifyBasic(const QString& username, const QString& password, const QString& address);
    void recordFailure(const QString& address, const QString& username);
    QByteArray cacheKey(const QString& username, const QString& password) const;
    qint64 now() const;

    Services& m_services;
    Options m_options;
    QByteArray m_cacheSecret;
    QMutex m_mutex;
    QHash<QByteArray, CachedCredential> m_cache;
    QHash<QString, Failures> m_failures;
};

} // namespace mood::api
