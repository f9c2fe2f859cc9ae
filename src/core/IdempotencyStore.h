#pragma once

#include "Clock.h"
#include "Database.h"
#include "Result.h"

#include <QByteArray>

#include <atomic>
#include <optional>

namespace mood {

// The first answer to a write sent with an Idempotency-Key (CONTRACTS general rules), kept for 24 hours.
struct StoredAnswer {
    QString fingerprint; // of the request the key was first used for
    int status = 0;
    QByteArray contentType;
    QByteArray body;
};

// Saved inside the transaction of the write it answers, so that key and write commit together or not at all: a
// retry after any failure, a lost answer or a crash between COMMIT and answer never stores twice.
class IdempotencyStore final
{
public:
    static constexpr qint64 kLifetimeSeconds = 24 * 3600;

    IdempotencyStore(const Database& database, const Clock& clock);

    // The answer stored under (userId, key) within the last 24 hours. userId 0: requests without a user.
    Result<std::optional<StoredAnswer>> find(qint64 userId, const QString& key) const;
    // Stores the answer as a write of this thread (inside its TransactionScope). False, storing nothing, when a
    // live answer is there already: a concurrent request with the same key committed first.
    Result<bool> save(qint64 userId, const QString& key, const StoredAnswer& answer);

private:
    const Database& m_database;
    const Clock& m_clock;
    std::atomic<qint64> m_lastPurge{0}; // keys older than 24 h go at most once a minute
};

} // namespace mood
