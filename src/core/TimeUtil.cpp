#include "TimeUtil.h"

#include <QDateTime>
#include <QRegularExpression>

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

std::optional<qint64> parseRfc3339(const QString& text)
{
    static const QRegularExpression pattern(
        u"^(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))\\z"_s);
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const int hour = m.captured(4).toInt();
    const int minute = m.captured(5).toInt();
    const int second = m.captured(6).toInt();
    const QTime time(hour, minute, second == 60 ? 59 : second); // a leap second counts as :59
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    int offsetSeconds = 0;
    if (m.captured(8).isEmpty()) {
        const int offsetHours = m.captured(10).toInt();
        const int offsetMinutes = m.captured(11).toInt();
        if (offsetHours > 23 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (m.captured(9) == u"-"_s ? -1 : 1);
    }
    const qint64 utcSeconds = QDateTime(date, time, Qt::UTC).toSecsSinceEpoch() - offsetSeconds;
    const QString fraction = QString(m.captured(7) + u"000000"_s).left(6);
    return utcSeconds * 1000000 + fraction.toLongLong();
}

QString formatEpochMicros(qint64 micros)
{
    const qint64 seconds = micros / 1000000;
    const qint64 fraction = micros % 1000000;
    return u"%1.%2"_s.arg(seconds).arg(fraction, 6, 10, QChar(u'0'));
}

} // namespace mood
