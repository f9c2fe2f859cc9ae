#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <vector>

namespace mood::api {

// Failed logins per client (see clientAddress::group) and the bans they lead to, in bounded memory.
// Not thread-safe: Authenticator holds the lock.
//
// Bounds, and why they never lift a ban early:
// - failure counts: at most maxTracked clients; when full, those whose failures all left the window go, then
//   the half that failed longest ago. Evicting a count gives nothing away: refilling the table takes one
//   failed login, that is one password guess, per evicted client.
// - bans: at most maxBans clients, never dropped before they end. When that many are banned, further bans go
//   to a fixed table of slots picked by a keyed hash of the client: a client that shares a slot with a
//   banned one is banned too. That costs innocent clients only while an attack of this size lasts.
class LoginFailures final
{
public:
    struct Limits {
        int maxFailures = 5;
        qint64 windowSeconds = 3600; // failures older than this are forgotten
        qint64 banSeconds = 3600;
        int maxTracked = 65536;
        int maxBans = 65536;
        int overflowSlots = 4096;
    };

    explicit LoginFailures(Limits limits);

    bool isBanned(const QString& client, qint64 now) const;
    // Counts one failure; true when it starts a ban.
    bool add(const QString& client, qint64 now);

    qsizetype trackedClients() const { return m_recent.size(); }
    qsizetype bannedClients() const { return m_bans.size(); }

private:
    void makeRoomForCounts(qint64 now);
    void ban(const QString& client, qint64 now);
    size_t overflowSlot(const QString& client) const;

    Limits m_limits;
    QHash<QString, QList<qint64>> m_recent; // failure times within the window, oldest first
    QHash<QString, qint64> m_bans;          // banned until
    std::vector<qint64> m_overflow;         // banned until, per slot; allocated on first use
    size_t m_seed;
};

} // namespace mood::api
