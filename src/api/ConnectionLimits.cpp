#include "ConnectionLimits.h"

#include <QMutexLocker>

#include <utility>

namespace mood::api {

ConnectionLimits::ConnectionLimits(int maxTotal, int maxPerClient)
    : m_maxTotal(maxTotal)
    , m_maxPerClient(maxPerClient)
{
}

bool ConnectionLimits::takeTotal()
{
    if (m_total.fetch_add(1) >= m_maxTotal) {
        --m_total;
        return false;
    }
    return true;
}

void ConnectionLimits::releaseTotal()
{
    --m_total;
}

std::optional<ConnectionLimits::Ticket> ConnectionLimits::takeClient(const QString& client)
{
    {
        QMutexLocker lock(&m_mutex);
        int& count = m_perClient[client];
        if (count < m_maxPerClient) {
            ++count;
            return Ticket(this, client);
        }
        if (count == 0)
            m_perClient.remove(client);
    }
    releaseTotal();
    return std::nullopt;
}

void ConnectionLimits::releaseClient(const QString& client)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_perClient.find(client);
    if (it != m_perClient.end() && --it.value() <= 0)
        m_perClient.erase(it);
}

ConnectionLimits::Ticket::Ticket(ConnectionLimits* limits, QString client)
    : m_limits(limits)
    , m_client(std::move(client))
{
}

ConnectionLimits::Ticket::Ticket(Ticket&& other) noexcept
    : m_limits(std::exchange(other.m_limits, nullptr))
    , m_client(std::move(other.m_client))
{
}

ConnectionLimits::Ticket& ConnectionLimits::Ticket::operator=(Ticket&& other) noexcept
{
    if (this != &other) {
        release();
        m_limits = std::exchange(other.m_limits, nullptr);
        m_client = std::move(other.m_client);
    }
    return *this;
}

ConnectionLimits::Ticket::~Ticket()
{
    release();
}

void ConnectionLimits::Ticket::release()
{
    if (!m_limits)
        return;
    m_limits->releaseClient(m_client);
    m_limits->releaseTotal();
    m_limits = nullptr;
}

} // namespace mood::api
