#pragma once

#include "Clock.h"
#include "Database.h"
#include "Result.h"

namespace mood {

struct IssuedToken {
    QString token;    // shown to the client once; only its hash is stored
    qint64 expiresAt; // epoch seconds
};

// Bearer tokens for the API, in the database so several servers on one database accept each other's.
// A token's owner is looked up with UserService::findByToken (one query per request).
class TokenStore final
{
public:
    static constexpr qint64 kDefaultLifetimeSeconds = 30LL * 24 * 3600;

    TokenStore(const Database& database, const Clock& clock, qint64 lifetimeSeconds = kDefaultLifetimeSeconds);

    Result<IssuedToken> issue(qint64 userId); // 256 random bits, base64url
    Status revoke(const QString& token);
    Status revokeAllOf(qint64 userId);
    // The same inside the caller's write transaction (a password change revokes with it, atomically).
    static Status revokeAllIn(const QSqlDatabase& db, qint64 userId);

    // The rules issue() follows, for writers of many tokens at once (moodboard generate --tokens).
    static QString newToken();                   // 256 random bits, base64url
    static QString hashOf(const QString& token); // what auth_tokens.token_hash holds

private:
    const Database& m_database;
    const Clock& m_clock;
    qint64 m_lifetime;
};

} // namespace mood
