#include "LoginFailures.h"

#include <QRandomGenerator>

#include <algorithm>

namespace mood::api {

LoginFailures::LoginFailures(Limits limits)
    : m_limits(limits)
    , m_seed(static_cast<size_t>(QRandomGenerator::system()->generate64()))
{
}

size_t LoginFailures::overflowSlot(const QString& client) const
{
    // Keyed: nobody outside can pick addresses that land on the slot of someone they want to lock out.
    return qHash(client, m_seed) % static_cast<size_t>(std::max(1, m_limits.overflowSlots));
}

bool LoginFailures::isBanned(const QString& client, qint64 now) const
{
    if (m_bans.value(client, 0) > now)
        return true;
    return !m_overflow.empty() && m_overflow[overflowSlot(client)] > now;
}

bool LoginFailures::add(const QString& client, qint64 now)
{
    if (!m_recent.contains(client) && m_recent.size() >= m_limits.maxTracked)
        makeRoomForCounts(now);
    QList<qint64>& times = m_recent[client];
    // A sliding window: a fixed one would forget recent failures and let a client nearly double its guesses.
    // A success does not reset the count: one valid account must not let a client guess others forever.
    times.removeIf([&](qint64 at) { return now - at > m_limits.windowSeconds; });
    times.append(now);
    if (times.size() < m_limits.maxFailures)
        return false;
    m_recent.remove(client);
    ban(client, now);
    return true;
}

void LoginFailures::makeRoomForCounts(qint64 now)
{
    m_recent.removeIf([&](const auto& entry) { return now - entry.value().last() > m_limits.windowSeconds; });
    if (m_recent.size() < m_limits.maxTracked)
        return;
    std::vector<qint64> lastFailures;
    lastFailures.reserve(static_cast<size_t>(m_recent.size()));
    for (const QList<qint64>& times : std::as_const(m_recent))
        lastFailures.push_back(times.last());
    const auto middle = lastFailures.begin() + static_cast<std::ptrdiff_t>(lastFailures.size() / 2);
    std::nth_element(lastFailures.begin(), middle, lastFailures.end());
    const qint64 cutoff = *middle;
    m_recent.removeIf([&](const auto& entry) { return entry.value().last() < cutoff; });
    if (m_recent.size() >= m_limits.maxTracked) // all failed in the same second: drop any half
        m_recent.removeIf([n = 0](const auto&) mutable { return n++ % 2 == 0; });
}

void LoginFailures::ban(const QString& client, qint64 now)
{
    const qint64 until = now + m_limits.banSeconds;
    if (!m_bans.contains(client) && m_bans.size() >= m_limits.maxBans)
        m_bans.removeIf([&](const auto& entry) { return entry.value() <= now; });
    if (m_bans.contains(client) || m_bans.size() < m_limits.maxBans) {
        m_bans.insert(client, until);
        return;
    }
    if (m_overflow.empty())
        m_overflow.assign(static_cast<size_t>(std::max(1, m_limits.overflowSlots)), 0);
    qint64& slot = m_overflow[overflowSlot(client)];
    slot = std::max(slot, until);
}

} // namespace mood::api
