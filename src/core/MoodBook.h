#pragma once

#include "Mood.h"
#include "StreakCalculator.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QTimeZone>

#include <vector>

namespace mood {

struct MoodEntry;

// One user's whole mood history as GET /mood writes it (the "moodHistory" array, in the user's time zone) together
// with what the streaks and the day limit need, as of one users.mood_version. A write changes a copy by the one
// entry it wrote instead of reading and rendering every entry again.
class MoodBook final
{
public:
    MoodBook(qint64 version, const QByteArray& zoneId, bool details);
    // history newest first, as MoodService reads it (equal timestamps: larger id first)
    static MoodBook build(qint64 version, const QByteArray& zoneId, bool details, const QList<MoodEntry>& history);

    qint64 version() const { return m_version; }
    void setVersion(qint64 version) { m_version = version; }
    const QByteArray& zoneId() const { return m_zoneId; }
    bool details() const { return m_details; }
    const QByteArray& json() const { return m_json; } // the array's elements, without the brackets
    qsizetype size() const { return static_cast<qsizetype>(m_items.size()); }
    QByteArray newest(qsizetype count) const; // the first `count` elements of json() (all of them for 0)
    qsizetype cost() const;                   // bytes held, for the cache's budget

    int countOn(const QDate& day) const;
    bool hasDay(const QDate& day) const { return countOn(day) > 0; }
    // As computeStreaks() over the days of every entry.
    Streaks streaks(const QDate& today) const;

    void insert(const MoodEntry& entry);  // entry.id set
    bool remove(qint64 entryId);          // false when the book has no such entry
    bool replace(const MoodEntry& entry); // same id and timestamp, new mood or note

private:
    // Kept oldest first and placed by their distance from the end of m_json, which is newest first: recording
    // today's mood appends an item and prepends text (amortised O(1) for QByteArray in Qt 6), moving nothing else.
    struct Item {
        qint64 at = 0;
        qint64 id = 0;
        QDate day;
        qint32 fromEnd = 0; // m_json.size() minus the offset of the entry's '{'
        qint32 length = 0;
    };
    struct Day {
        QDate date;
        int count = 0;
        int run = 0; // consecutive days ending here
    };

    QByteArray render(const MoodEntry& entry) const;
    void addDay(const QDate& day, int delta);
    void recomputeRuns(std::size_t from, bool mayShrink);
    const Day* findDay(const QDate& day) const;

    qint64 m_version = 0;
    QByteArray m_zoneId;
    QTimeZone m_zone;
    bool m_details = false;
    QByteArray m_json;
    std::vector<Item> m_items; // oldest first: by timestamp, then id
    std::vector<Day> m_days;   // ascending; invalid dates (unreadable local_day) first, as computeStreaks sorts them
    int m_longest = 0;
};

} // namespace mood
