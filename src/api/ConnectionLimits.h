#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>
#include <optional>

namespace mood::api {

// How many connections are open, in all and per client (an IPv4 address or IPv6 /64): one client must not
// take every place of the global cap. Thread-safe: the acceptor counts the total, handler threads the clients.
class ConnectionLimits final
{
public:
    ConnectionLimits(int maxTotal, int maxPerClient);

    // Holds a place until it is destroyed (or moved from).
    class Ticket final
    {
    public:
        Ticket() = default;
        Ticket(ConnectionLimits* limits, QString client);
        Ticket(Ticket&& other) noexcept;
        Ticket& operator=(Ticket&& other) noexcept;
        ~Ticket();
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;

    private:
        void release();
        ConnectionLimits* m_limits = nullptr;
        QString m_client; // empty: holds only a place of the total
    };

    bool takeTotal();    // false when the total is at its cap
    void releaseTotal(); // for a connection refused before it got a ticket
    // Turns a place of the total into a ticket; an empty ticket (and the place released) when client is at its cap.
    std::optional<Ticket> takeClient(const QString& client);
    int open() const { return m_total.load(); }

private:
    void releaseClient(const QString& client);

    const int m_maxTotal;
    const int m_maxPerClient;
    std::atomic<int> m_total{0};
    QMutex m_mutex;
    QHash<QString, int> m_perClient; // only clients with open connections: at most maxTotal entries
};

} // namespace mood::api
