#include "TimeUtil.h"

#include <QDateTime>

namespace mood {

using namespace Qt::StringLiterals;

QDate localDate(qint64 epochSeconds, const QTimeZone& zone)
{
    return QDateTime::fromSecsSinceEpoch(epochSeconds, zone).date();
}

QTimeZone zoneOrUtc(const QByteArray& ianaId)
{
    if (ianaId.isEmpty())
        return QTimeZone::utc(); // QTimeZone(empty id) would be the machine's zone
    QTimeZone zone(ianaId);
    return zone.isValid() ? zone : QTimeZone::utc();
}

namespace {
// Reads exactly `count` ASCII digits at *at (QChar::isDigit would take other scripts' digits too).
bool readDigits(const QString& text, qsizetype* at, int count, int* out)
{
    if (*at + count > text.size())
        return false;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text.at(*at + i).unicode();
        if (c < u'0' || c > u'9')
            return false;
        value = value * 10 + (c - u'0');
    }
    *at += count;
    *out = value;
    return true;
}

bool readChar(const QString& text, qsizetype* at, char16_t expected)
{
    if (*at >= text.size() || text.at(*at).unicode() != expected)
        return false;
    ++*at;
    return true;
}
} // namespace

// YYYY-MM-DD[Tt ]hh:mm:ss[.f{1,9}](Z|z|±hh:mm), by hand: POST /logs parses one per action.
std::optional<qint64> parseRfc3339(const QString& text)
{
    qsizetype at = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readDigits(text, &at, 4, &year) || !readChar(text, &at, u'-') || !readDigits(text, &at, 2, &month)
        || !readChar(text, &at, u'-') || !readDigits(text, &at, 2, &day))
        return std::nullopt;
    if (!readChar(text, &at, u'T') && !readChar(text, &at, u't') && !readChar(text, &at, u' '))
        return std::nullopt;
    if (!readDigits(text, &at, 2, &hour) || !readChar(text, &at, u':') || !readDigits(text, &at, 2, &minute)
        || !readChar(text, &at, u':') || !readDigits(text, &at, 2, &second))
        return std::nullopt;
    qint64 micros = 0;
    if (readChar(text, &at, u'.')) {
        int digits = 0;
        for (int digit = 0; digits < 9 && readDigits(text, &at, 1, &digit); ++digits) {
            if (digits < 6)
                micros = micros * 10 + digit;
        }
        if (digits == 0)
            return std::nullopt;
        for (int i = digits; i < 6; ++i)
            micros *= 10;
    }
    int offsetSeconds = 0;
    if (!readChar(text, &at, u'Z') && !readChar(text, &at, u'z')) {
        const bool west = readChar(text, &at, u'-');
        if (!west && !readChar(text, &at, u'+'))
            return std::nullopt;
        int offsetHours = 0, offsetMinutes = 0;
        if (!readDigits(text, &at, 2, &offsetHours) || !readChar(text, &at, u':')
            || !readDigits(text, &at, 2, &offsetMinutes) || offsetHours > 23 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (west ? -1 : 1);
    }
    if (at != text.size())
        return std::nullopt;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second == 60 ? 59 : second); // a leap second counts as :59
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    constexpr qint64 kUnixEpochJulianDay = 2440588;
    const qint64 utcSeconds =
        (date.toJulianDay() - kUnixEpochJulianDay) * 86400 + time.msecsSinceStartOfDay() / 1000 - offsetSeconds;
    return utcSeconds * 1000000 + micros;
}

QString formatEpochMicros(qint64 micros)
{
    const qint64 seconds = micros / 1000000;
    const qint64 fraction = micros % 1000000;
    return u"%1.%2"_s.arg(seconds).arg(fraction, 6, 10, QChar(u'0'));
}

} // namespace mood
