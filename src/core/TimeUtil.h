#pragma once

#include <QDate>
#include <QString>
#include <QTimeZone>

#include <optional>

namespace mood {

// The calendar day an instant falls on in a zone (DST-aware).
QDate localDate(qint64 epochSeconds, const QTimeZone& zone);
QTimeZone zoneOrUtc(const QByteArray& ianaId);

// RFC 3339 date-time with any offset ("2018-10-18T21:37:28-06:00", "...28.5Z") as microseconds since epoch.
std::optional<qint64> parseRfc3339(const QString& text);

// "1618585123.456789": epoch seconds with a six-digit fraction, as the events contract writes created_at.
QString formatEpochMicros(qint64 micros);

} // namespace mood
