#pragma once

#include "LruCache.h"
#include "MoodBook.h"

#include <atomic>

namespace mood {

// The users' MoodBooks within a memory budget. A book is only ever handed out for the users.mood_version and time
// zone it was made for: any change of moods, by any writer, counts the version up (schema step 10), so a stale book
// is never used, only replaced.
class MoodHistoryCache final
{
public:
    // By cost(); the heap holds about twice as much. Small enough for the headless server's steady RSS to stay
    // under 64 MiB (issue 7; the README has the measurements): about 220 histories of a year.
    static constexpr qsizetype kDefaultBudgetBytes = 8 * 1024 * 1024;

    explicit MoodHistoryCache(qsizetype budgetBytes = kDefaultBudgetBytes)
        : m_books(budgetBytes)
    {
    }

    std::shared_ptr<const MoodBook> find(qint64 userId, bool details, qint64 version, const QByteArray& zoneId)
    {
        auto book = m_books.find(keyOf(userId, details));
        if (!book || book->version() != version || book->zoneId() != zoneId)
            return nullptr;
        m_hits.fetch_add(1, std::memory_order_relaxed);
        return book;
    }
    // Some book of the user's, of any version.
    bool holds(qint64 userId, bool details) { return m_books.find(keyOf(userId, details)) != nullptr; }
    // The same book, no longer kept (a write that changes it keeps it again after COMMIT); nothing and the cache
    // unchanged when the version or the zone differ.
    std::shared_ptr<const MoodBook> take(qint64 userId, bool details, qint64 version, const QByteArray& zoneId)
    {
        auto book = m_books.find(keyOf(userId, details));
        if (!book || book->version() != version || book->zoneId() != zoneId)
            return nullptr;
        book = m_books.take(keyOf(userId, details));
        if (!book || book->version() != version || book->zoneId() != zoneId)
            return nullptr;
        m_hits.fetch_add(1, std::memory_order_relaxed);
        return book;
    }
    // Only books of committed data: read in a snapshot, or made by a write after its COMMIT.
    void store(qint64 userId, std::shared_ptr<const MoodBook> book)
    {
        const qsizetype cost = book->cost();
        const quint64 key = keyOf(userId, book->details());
        m_books.store(key, std::move(book), cost);
    }
    void clear() { m_books.clear(); }
    void setBudget(qsizetype bytes) { m_books.setBudget(bytes); }
    qsizetype usedBytes() const { return m_books.usedBytes(); }
    qsizetype count() const { return m_books.count(); }
    qint64 hits() const { return m_hits.load(std::memory_order_relaxed); } // books handed out by find() and take()

private:
    static quint64 keyOf(qint64 userId, bool details)
    {
        return (static_cast<quint64>(userId) << 1) | (details ? 1 : 0);
    }

    LruCache<MoodBook> m_books;
    std::atomic<qint64> m_hits{0};
};

} // namespace mood
