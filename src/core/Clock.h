#pragma once

#include <QByteArray>
#include <QDateTime>

namespace mood {

// Everything that depends on "now" or on the machine's time zone asks a Clock, so tests can fix both.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;               // UTC
    virtual QByteArray systemTimeZoneId() const = 0; // IANA id of the machine running the instance
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
    QByteArray systemTimeZoneId() const override;
};

} // namespace mood
