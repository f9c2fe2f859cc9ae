#pragma once

#include <QDate>
#include <QTimeZone>

#include <utility>
#include <vector>

namespace mood {

// Dates and times as the contracts write them, without QLocale or a QTimeZone lookup per value: the offsets of a
// zone are read once for the span a response covers, and the text is composed from the calendar fields.
class DateText final
{
public:
    // The offsets of `zone` from `fromUtc` to `toUtc` (epoch seconds, inclusive); outside the span each call asks
    // the zone itself, so any instant is still right.
    DateText(const QTimeZone& zone, qint64 fromUtc, qint64 toUtc);

    int offsetAt(qint64 epochSeconds) const;

    // "Sun, Oct 24 at 06:28 PM": `ddd, MMM dd 'at' hh:mm AP` in English, in the zone: always 23 bytes (the format
    // shows no year).
    QByteArray historyDate(qint64 epochSeconds) const;
    void appendHistoryDate(QByteArray& out, qint64 epochSeconds) const;
    char* writeHistoryDate(char* text, qint64 epochSeconds) const; // the 23 bytes at text; returns their end

    // "2026-01-31" (Qt::ISODate) for years 0..9999; anything else as QDate::toString(Qt::ISODate) writes it.
    static void appendIsoDate(QByteArray& out, const QDate& date);
    // "2026-01-31T23:59:59", UTC.
    static void appendUtcDateTime(QByteArray& out, qint64 epochSeconds);

private:
    QTimeZone m_zone;
    qint64 m_from = 0;
    qint64 m_to = -1;
    int m_initialOffset = 0;
    std::vector<std::pair<qint64, int>> m_transitions; // at (epoch seconds), offset from then on
};

} // namespace mood
