#include "DateText.h"

#include <QDateTime>

#include <algorithm>

namespace mood {

namespace {
constexpr const char* kWeekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
    qint64 year;
    int month; // 1..12
    int day;   // 1..31
};

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Days since 1970-01-01 to the proleptic Gregorian calendar (H. Hinnant's civil_from_days).
Civil civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = floorDiv(days, 146097);
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = static_cast<int>(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yearOfEra + era * 400 + (month <= 2), month, day};
}

void two(char* at, int value)
{
    at[0] = static_cast<char>('0' + value / 10);
    at[1] = static_cast<char>('0' + value % 10);
}
} // namespace

DateText::DateText(const QTimeZone& zone, qint64 fromUtc, qint64 toUtc)
    : m_zone(zone)
    , m_from(fromUtc)
    , m_to(toUtc)
{
    if (fromUtc > toUtc)
        return;
    m_initialOffset = zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(fromUtc, Qt::UTC));
    if (!zone.hasTransitions())
        return;
    const auto transitions = zone.transitions(QDateTime::fromSecsSinceEpoch(fromUtc, Qt::UTC),
                                              QDateTime::fromSecsSinceEpoch(toUtc, Qt::UTC));
    m_transitions.reserve(transitions.size());
    for (const QTimeZone::OffsetData& transition : transitions)
        m_transitions.emplace_back(transition.atUtc.toSecsSinceEpoch(), transition.offsetFromUtc);
}

int DateText::offsetAt(qint64 epochSeconds) const
{
    if (epochSeconds < m_from || epochSeconds > m_to)
        return m_zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC));
    // The last transition at or before the instant decides.
    const auto after = std::upper_bound(m_transitions.begin(), m_transitions.end(), epochSeconds,
                                        [](qint64 at, const std::pair<qint64, int>& t) { return at < t.first; });
    return after == m_transitions.begin() ? m_initialOffset : std::prev(after)->second;
}

QByteArray DateText::historyDate(qint64 epochSeconds) const
{
    QByteArray out;
    appendHistoryDate(out, epochSeconds);
    return out;
}

void DateText::appendHistoryDate(QByteArray& out, qint64 epochSeconds) const
{
    char text[23];
    writeHistoryDate(text, epochSeconds);
    out.append(text, sizeof text);
}

char* DateText::writeHistoryDate(char* text, qint64 epochSeconds) const
{
    const qint64 local = epochSeconds + offsetAt(epochSeconds);
    const qint64 days = floorDiv(local, 86400);
    const qint64 secondOfDay = local - days * 86400;
    const Civil civil = civilFromDays(days);
    const int weekday = static_cast<int>(floorDiv(days + 3, 7) * -7 + days + 3); // 1970-01-01 was a Thursday
    const int hour = static_cast<int>(secondOfDay / 3600);
    const int minute = static_cast<int>(secondOfDay / 60 % 60);
    const int hour12 = hour % 12 == 0 ? 12 : hour % 12;
    std::copy_n(kWeekdays[weekday], 3, text);
    text[3] = ',';
    text[4] = ' ';
    std::copy_n(kMonths[civil.month - 1], 3, text + 5);
    text[8] = ' ';
    two(text + 9, civil.day);
    std::copy_n(" at ", 4, text + 11);
    two(text + 15, hour12);
    text[17] = ':';
    two(text + 18, minute);
    text[20] = ' ';
    text[21] = hour < 12 ? 'A' : 'P';
    text[22] = 'M';
    return text + 23;
}

void DateText::appendIsoDate(QByteArray& out, const QDate& date)
{
    if (!date.isValid() || date.year() < 0 || date.year() > 9999) {
        out += date.toString(Qt::ISODate).toLatin1();
        return;
    }
    char text[10];
    two(text, date.year() / 100);
    two(text + 2, date.year() % 100);
    text[4] = '-';
    two(text + 5, date.month());
    text[7] = '-';
    two(text + 8, date.day());
    out.append(text, sizeof text);
}

void DateText::appendUtcDateTime(QByteArray& out, qint64 epochSeconds)
{
    const qint64 days = floorDiv(epochSeconds, 86400);
    const qint64 secondOfDay = epochSeconds - days * 86400;
    const Civil civil = civilFromDays(days);
    if (civil.year < 0 || civil.year > 9999) {
        out += QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC).toString(u"yyyy-MM-dd'T'HH:mm:ss").toLatin1();
        return;
    }
    char text[19];
    const int year = static_cast<int>(civil.year);
    two(text, year / 100);
    two(text + 2, year % 100);
    text[4] = '-';
    two(text + 5, civil.month);
    text[7] = '-';
    two(text + 8, civil.day);
    text[10] = 'T';
    two(text + 11, static_cast<int>(secondOfDay / 3600));
    text[13] = ':';
    two(text + 14, static_cast<int>(secondOfDay / 60 % 60));
    text[16] = ':';
    two(text + 17, static_cast<int>(secondOfDay % 60));
    out.append(text, sizeof text);
}

} // namespace mood
