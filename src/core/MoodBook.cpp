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
    JsonWriter writer(2 + history.size() * (details ? 120 : 48));
    writer.beginArray();
    book.m_items.reserve(static_cast<std::size_t>(history.size()));
    for (const MoodEntry& entry : history) {
        const qsizetype start = writer.data().size() + (book.m_items.empty() ? 0 : 1); // after the comma
        writeJson(writer, entry, dates, details);
        book.m_items.push_back(Item{entry.at, entry.id, entry.day, static_cast<qint32>(start),
                                    static_cast<qint32>(writer.data().size() - start)});
        book.addDay(entry.day, 1);
    }
    book.m_json = writer.endArray().take();
    book.recomputeRuns();
    return book;
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
    if (it != m_days.end() && it->date == day) {
        it->count += delta;
        if (it->count <= 0)
            m_days.erase(it);
    } else if (delta > 0) {
        m_days.insert(it, Day{day, delta, 0});
    }
}

void MoodBook::recomputeRuns()
{
    m_longest = 0;
    const Day* previous = nullptr;
    for (Day& day : m_days) {
        day.run = previous && previous->date.isValid() && previous->date.daysTo(day.date) == 1 ? previous->run + 1 : 1;
        m_longest = std::max(m_longest, day.run);
        previous = &day;
    }
}

QByteArray MoodBook::render(const MoodEntry& entry) const
{
    JsonWriter writer(m_details ? 160 : 56);
    writeJson(writer, entry, DateText(m_zone, entry.at, entry.at), m_details);
    return writer.take();
}

void MoodBook::shift(std::size_t from, qint32 delta)
{
    for (std::size_t i = from; i < m_items.size(); ++i)
        m_items[i].offset += delta;
}

void MoodBook::insert(const MoodEntry& entry)
{
    const QByteArray text = render(entry);
    const auto length = static_cast<qint32>(text.size());
    const auto it = std::find_if(m_items.begin(), m_items.end(),
                                 [&](const Item& item) { return before(entry.at, entry.id, item.at, item.id); });
    const auto index = static_cast<std::size_t>(it - m_items.begin());
    Item item{entry.at, entry.id, entry.day, 0, length};
    if (m_items.empty()) {
        m_json = '[' + text + ']';
        item.offset = 1;
    } else if (index < m_items.size()) {
        item.offset = m_items[index].offset;
        m_json.insert(item.offset, text + ',');
        shift(index, length + 1);
    } else {
        item.offset = static_cast<qint32>(m_json.size()); // after the comma that goes where ']' is
        m_json.insert(m_json.size() - 1, ',' + text);
    }
    m_items.insert(m_items.begin() + static_cast<std::ptrdiff_t>(index), item);
    addDay(entry.day, 1);
    recomputeRuns();
}

bool MoodBook::remove(qint64 entryId)
{
    const auto it = std::find_if(m_items.begin(), m_items.end(), [&](const Item& item) { return item.id == entryId; });
    if (it == m_items.end())
        return false;
    const auto index = static_cast<std::size_t>(it - m_items.begin());
    const Item gone = *it;
    if (m_items.size() == 1) {
        m_json = QByteArrayLiteral("[]");
    } else if (index + 1 < m_items.size()) {
        m_json.remove(gone.offset, gone.length + 1); // the entry and the comma after it
        shift(index + 1, -(gone.length + 1));
    } else {
        m_json.remove(gone.offset - 1, gone.length + 1); // the comma before it and the entry
    }
    m_items.erase(it);
    addDay(gone.day, -1);
    recomputeRuns();
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
