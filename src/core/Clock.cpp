#include "Clock.h"

#include <QTimeZone>

namespace mood {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

QByteArray SystemClock::systemTimeZoneId() const
{
    const QByteArray id = QTimeZone::systemTimeZoneId();
    return QTimeZone::isTimeZoneIdAvailable(id) ? id : QByteArrayLiteral("UTC");
}

} // namespace mood
