#pragma once

#include "Clock.h"

#include <QMutex>
#include <QMutexLocker>

namespace mood::test {

// A clock the test sets; safe to read from worker threads.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(QDateTime now = QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC),
                       QByteArray systemZone = QByteArrayLiteral("UTC"))
        : m_now(std::move(now))
        , m_zone(std::move(systemZone))
    {
    }

    QDateTime now() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_now;
    }
    QByteArray systemTimeZoneId() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_zone;
    }

    void setNow(const QDateTime& now)
    {
        QMutexLocker lock(&m_mutex);
        m_now = now.toUTC();
    }
    void advance(qint64 seconds)
    {
        QMutexLocker lock(&m_mutex);
        m_now = m_now.addSecs(seconds);
    }
    void setSystemZone(const QByteArray& zone)
    {
        QMutexLocker lock(&m_mutex);
        m_zone = zone;
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
    QByteArray m_zone;
};

} // namespace mood::test
