#include "IdempotencyStore.h"

namespace mood {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kPurgeIntervalSeconds = 60;
}

IdempotencyStore::IdempotencyStore(const Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<std::optional<StoredAnswer>> IdempotencyStore::find(qint64 userId, const QString& key) const
{
    const qint64 oldest = m_clock.now().toSecsSinceEpoch() - kLifetimeSeconds;
    return m_database.read([&](const QSqlDatabase& db) -> Result<std::optional<StoredAnswer>> {
        auto q = sql::exec(db,
                           u"SELECT fingerprint, status, content_type, body FROM idempotency_keys"
                           " WHERE user_id = ? AND idem_key = ? AND created_at > ?"_s,
                           {userId, key, oldest});
        if (!q)
            return q.error();
        if (!q->next())
            return std::optional<StoredAnswer>();
        return std::optional<StoredAnswer>(StoredAnswer{q->value(0).toString(), q->value(1).toInt(),
                                                        q->value(2).toString().toUtf8(),
                                                        q->value(3).toString().toUtf8()});
    });
}

Result<bool> IdempotencyStore::save(qint64 userId, const QString& key, const StoredAnswer& answer)
{
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const qint64 oldest = now - kLifetimeSeconds;
    qint64 lastPurge = m_lastPurge.load();
    const bool purge = now - lastPurge >= kPurgeIntervalSeconds && m_lastPurge.compare_exchange_strong(lastPurge, now);
    return m_database.write([&](const QSqlDatabase& db) -> Result<bool> {
        if (purge) {
            if (auto purged = sql::exec(db, u"DELETE FROM idempotency_keys WHERE created_at <= ?"_s, {oldest}); !purged)
                return purged.error();
        }
        // An expired row (not purged yet) is replaced; a live one is left alone and reported.
        auto saved = sql::exec(db,
                               u"INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, status, content_type,"
                               " body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                               " ON CONFLICT (user_id, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint,"
                               " status = excluded.status, content_type = excluded.content_type,"
                               " body = excluded.body, created_at = excluded.created_at"
                               " WHERE idempotency_keys.created_at <= ?"_s,
                               {userId, key, answer.fingerprint, answer.status, QString::fromUtf8(answer.contentType),
                                QString::fromUtf8(answer.body), now, oldest});
        if (!saved)
            return saved.error();
        return saved->numRowsAffected() > 0;
    });
}

} // namespace mood
