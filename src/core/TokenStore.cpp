#include "TokenStore.h"

#include "Sodium.h"

#include <sodium.h>

namespace mood {

using namespace Qt::StringLiterals;

TokenStore::TokenStore(const Database& database, const Clock& clock, qint64 lifetimeSeconds)
    : m_database(database)
    , m_clock(clock)
    , m_lifetime(lifetimeSeconds)
{
    ensureSodium();
}

QString TokenStore::hashOf(const QString& token)
{
    // The token has 256 bits of entropy: a fast hash is enough to make a stolen table useless.
    const QByteArray data = token.toUtf8();
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.constData()),
                       static_cast<unsigned long long>(data.size()), nullptr, 0);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(digest), sizeof digest).toHex());
}

QString TokenStore::newToken()
{
    ensureSodium();
    QByteArray random(32, Qt::Uninitialized);
    randombytes_buf(random.data(), static_cast<size_t>(random.size()));
    return QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<IssuedToken> TokenStore::issue(qint64 userId)
{
    IssuedToken issued{newToken(), m_clock.now().toSecsSinceEpoch() + m_lifetime};
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    return m_database.write([&](const QSqlDatabase& db) -> Result<IssuedToken> {
        // Expired tokens of everyone go on each login: the table never grows without bound.
        if (auto purged = sql::exec(db, u"DELETE FROM auth_tokens WHERE expires_at <= ?"_s, {now}); !purged)
            return purged.error();
        auto inserted = sql::exec(db, u"INSERT INTO auth_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)"_s,
                                  {hashOf(issued.token), userId, issued.expiresAt});
        if (!inserted)
            return inserted.error();
        return issued;
    });
}

Status TokenStore::revoke(const QString& token)
{
    return m_database.write([&](const QSqlDatabase& db) -> Status {
        auto done = sql::exec(db, u"DELETE FROM auth_tokens WHERE token_hash = ?"_s, {hashOf(token)});
        return done ? success() : Status(done.error());
    });
}

Status TokenStore::revokeAllOf(qint64 userId)
{
    return m_database.write([&](const QSqlDatabase& db) { return revokeAllIn(db, userId); });
}

Status TokenStore::revokeAllIn(const QSqlDatabase& db, qint64 userId)
{
    auto done = sql::exec(db, u"DELETE FROM auth_tokens WHERE user_id = ?"_s, {userId});
    return done ? success() : Status(done.error());
}

} // namespace mood
