#include "MoodBook.h"

#include "DateText.h"
#include "JsonWriter.h"
#include "MoodJson.h"
#include "MoodService.h"
#include "TimeUtil.h"

#include <algorithm>

namespace mood {

namespace {
// History order: newest first; equal timestamps, larger id first.
bool before(qint64 at, qint64 id, qint64 otherAt, qint64 otherId)
{
    return at != otherAt ? at > otherAt : id > otherId;
}
} // namespace

MoodBook::MoodBook(qint64 version, const QByteArray& zoneId, bool details)
    : m_version(version)
    , m_zoneId(zoneId)
    , m_zone(zoneOrUtc(zoneId))
    , m_details(details)
{
}

MoodBook MoodBook::build(qint64 version, const QByteArray& zoneId, bool details, const QList<MoodEntry>& history)
{
    MoodBook book(version, zoneId, details);
    qint64 first = 0;
    qint64 last = -1;
    if (!history.isEmpty()) {
        const auto [low, high] = std::minmax_element(
            history.cbegin(), history.cend(), [](const MoodEntry& a, const MoodEntry& b) { return a.at < b.at; });
        first = low->at;
        last = high->at;
    }
    const DateText dates(book.m_zone, first, last);
    JsonWriter writer(history.size() * (details ? 120 : 48));
    book.m_items.resize(static_cast<std::size_t>(history.size()));
    std::size_t index = book.m_items.size();
    for (const MoodEntry& entry : history) {
        const qsizetype start = writer.data().size() + (index == book.m_items.size() ? 0 : 1); // after the comma
        writeJson(writer, entry, dates, details);
        book.m_items[--index] = Item{entry.at, entry.id, entry.day, static_cast<qint32>(start),
                                     static_cast<qint32>(writer.data().size() - start)};
    }
    book.m_json = writer.take();
    for (Item& item : book.m_items)
        item.fromEnd = static_cast<qint32>(book.m_json.size()) - item.fromEnd; // held the offset until now
    std::vector<QDate> days;
    days.reserve(book.m_items.size());
    for (const Item& item : book.m_items)
        days.push_back(item.day);
    std::sort(days.begin(), days.end());
    for (const QDate& day : days) {
        if (book.m_days.empty() || book.m_days.back().date != day)
            book.m_days.push_back(Day{day, 0, 0});
        ++book.m_days.back().count;
    }
    book.recomputeRuns(0, true);
    // Kept for as long as the cache holds it, mostly unchanged: the writer's and the vectors' spare room would be a
    // third of what it costs. A write that grows it later makes room again.
    book.m_json.squeeze();
    book.m_days.shrink_to_fit();
    return book;
}

QByteArray MoodBook::newest(qsizetype count) const
{
    if (count <= 0 || count >= size())
        return m_json;
    const Item& first = m_items[m_items.size() - 1 - static_cast<std::size_t>(count)]; // the first one left out
    return m_json.left(m_json.size() - first.fromEnd - 1);                             // without its comma
}

qsizetype MoodBook::cost() const
{
    return static_cast<qsizetype>(sizeof(MoodBook)) + m_json.capacity()
        + static_cast<qsizetype>(m_items.capacity() * sizeof(Item) + m_days.capacity() * sizeof(Day));
}

const MoodBook::Day* MoodBook::findDay(const QDate& day) const
{
    const auto it = std::lower_bound(m_days.begin(), m_days.end(), day,
                                     [](const Day& d, const QDate& date) { return d.date < date; });
    return it != m_days.end() && it->date == day ? &*it : nullptr;
}

int MoodBook::countOn(const QDate& day) const
{
    const Day* found = findDay(day);
    return found ? found->count : 0;
}

Streaks MoodBook::streaks(const QDate& today) const
{
    Streaks streaks;
    streaks.longest = m_longest;
    if (const Day* at = findDay(today))
        streaks.current = at->run;
    else if (const Day* yesterday = findDay(today.addDays(-1)))
        streaks.current = yesterday->run;
    return streaks;
}

void MoodBook::addDay(const QDate& day, int delta)
{
    auto it = std::lower_bound(m_days.begin(), m_days.end(), day,
                               [](const Day& d, const QDate& date) { return d.date < date; });
    const auto index = static_cast<std::size_t>(it - m_days.begin());
    if (it != m_days.end() && it->date == day) {
        it->count += delta;
        if (it->count > 0)
            return;
        m_days.erase(it);
        recomputeRuns(index, true);
    } else if (delta > 0) {
        m_days.insert(it, Day{day, delta, 0});
        recomputeRuns(index, false);
    }
}

// Runs before `from` stay as they are; after it they change up to the first one that comes out as before.
void MoodBook::recomputeRuns(std::size_t from, bool mayShrink)
{
    for (std::size_t i = from; i < m_days.size(); ++i) {
        const QDate& date = m_days[i].date;
        const QDate* previous = i > 0 ? &m_days[i - 1].date : nullptr;
        const bool follows =
            previous && previous->isValid() && date.isValid() && date.toJulianDay() - previous->toJulianDay() == 1;
        const int run = follows ? m_days[i - 1].run + 1 : 1;
        if (i > from && m_days[i].run == run)
            break;
        m_days[i].run = run;
        m_longest = std::max(m_longest, run);
    }
    if (mayShrink) {
        m_longest = 0;
        for (const Day& day : m_days)
            m_longest = std::max(m_longest, day.run);
    }
}

QByteArray MoodBook::render(const MoodEntry& entry) const
{
    JsonWriter writer(m_details ? 160 : 56);
    writeJson(writer, entry, DateText(m_zone, entry.at, entry.at), m_details);
    return writer.take();
}

void MoodBook::insert(const MoodEntry& entry)
{
    const QByteArray text = render(entry);
    const auto length = static_cast<qint32>(text.size());
    // The oldest of the entries newer than this one, searched from the newest end, where new entries go.
    auto newer = m_items.end();
    while (newer != m_items.begin() && before(std::prev(newer)->at, std::prev(newer)->id, entry.at, entry.id))
        --newer;
    Item item{entry.at, entry.id, entry.day, 0, length};
    if (m_items.empty()) {
        m_json = text;
        item.fromEnd = length;
    } else if (newer == m_items.end()) {
        m_json.prepend(text + ',');
        item.fromEnd = static_cast<qint32>(m_json.size());
    } else {
        // Right after `newer` in the text; the newer entries, before it, are now further from the end.
        const qsizetype position = m_json.size() - newer->fromEnd + newer->length;
        m_json.insert(position, ',' + text);
        item.fromEnd = static_cast<qint32>(m_json.size() - position - 1);
        for (auto it = newer; it != m_items.end(); ++it)
            it->fromEnd += length + 1;
    }
    m_items.insert(newer, item);
    addDay(entry.day, 1);
}

bool MoodBook::remove(qint64 entryId)
{
    auto it = m_items.end();
    while (it != m_items.begin() && std::prev(it)->id != entryId)
        --it;
    if (it == m_items.begin())
        return false;
    --it;
    const Item gone = *it;
    if (m_items.size() == 1) {
        m_json.clear();
    } else if (std::next(it) == m_items.end()) {
        m_json.remove(0, gone.length + 1); // the newest entry and the comma after it
    } else {
        m_json.remove(m_json.size() - gone.fromEnd - 1, gone.length + 1); // the comma before it and the entry
        for (auto newer = std::next(it); newer != m_items.end(); ++newer)
            newer->fromEnd -= gone.length + 1;
    }
    m_items.erase(it);
    addDay(gone.day, -1);
    return true;
}

bool MoodBook::replace(const MoodEntry& entry)
{
    if (!remove(entry.id))
        return false;
    insert(entry);
    return true;
}

} // namespace mood
