#pragma once

#include <QHash>
#include <QMutex>

#include <list>
#include <memory>

namespace mood {

// Immutable values by key, least recently used dropped first once their costs add up to more than the budget.
// Safe from any thread.
template <typename T>
class LruCache final
{
public:
    explicit LruCache(qsizetype budgetBytes)
        : m_budget(budgetBytes)
    {
    }
    LruCache(const LruCache&) = delete;
    LruCache& operator=(const LruCache&) = delete;

    std::shared_ptr<const T> find(quint64 key)
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_slots.constFind(key);
        if (it == m_slots.constEnd())
            return nullptr;
        m_order.splice(m_order.begin(), m_order, *it);
        return (*it)->value;
    }

    // The value, no longer kept.
    std::shared_ptr<const T> take(quint64 key)
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_slots.constFind(key);
        if (it == m_slots.constEnd())
            return nullptr;
        auto value = std::move((*it)->value);
        m_used -= (*it)->cost;
        m_order.erase(*it);
        m_slots.erase(it);
        return value;
    }

    // A value that costs more than the whole budget is not kept (and replaces nothing but the key's old value).
    void store(quint64 key, std::shared_ptr<const T> value, qsizetype cost)
    {
        QMutexLocker lock(&m_mutex);
        if (const auto it = m_slots.constFind(key); it != m_slots.constEnd()) {
            m_used -= (*it)->cost;
            m_order.erase(*it);
            m_slots.erase(it);
        }
        if (cost > m_budget)
            return;
        m_order.push_front(Slot{key, std::move(value), cost});
        m_slots.insert(key, m_order.begin());
        m_used += cost;
        evictLocked();
    }

    void clear()
    {
        QMutexLocker lock(&m_mutex);
        m_order.clear();
        m_slots.clear();
        m_used = 0;
    }

    void setBudget(qsizetype bytes)
    {
        QMutexLocker lock(&m_mutex);
        m_budget = bytes;
        evictLocked();
    }

    qsizetype usedBytes() const
    {
        QMutexLocker lock(&m_mutex);
        return m_used;
    }

    qsizetype count() const
    {
        QMutexLocker lock(&m_mutex);
        return m_slots.size();
    }

private:
    struct Slot {
        quint64 key = 0;
        std::shared_ptr<const T> value;
        qsizetype cost = 0;
    };

    void evictLocked()
    {
        while (m_used > m_budget && !m_order.empty()) {
            m_used -= m_order.back().cost;
            m_slots.remove(m_order.back().key);
            m_order.pop_back();
        }
    }

    mutable QMutex m_mutex;
    qsizetype m_budget;
    qsizetype m_used = 0;
    std::list<Slot> m_order; // most recently used first
    QHash<quint64, typename std::list<Slot>::iterator> m_slots;
};

} // namespace mood
