#pragma once

#include "Clock.h"
#include "EventStore.h"

#include <QHash>
#include <QMutex>
#include <QStringList>

namespace mood::api {

// The audit trail of failed logins, without a database write per failure: failures are counted in memory
// and written as one event per client per interval, at most maxEvents clients per interval (the rest in one
// summary event). A spray of failures from many addresses therefore costs a bounded number of rows a
// minute, and the pending batch itself is bounded too. Thread-safe.
class FailedLoginLog final
{
public:
    FailedLoginLog(EventStore& events, const Clock& clock, qint64 intervalSeconds, int maxEvents);

    void record(const QString& client, const QString& username, bool banStarted, qint64 banSeconds);
    void flushIfDue(); // cheap unless an interval has passed since the last write
    void flush();      // writes what is pending now (at stop)

private:
    struct Pending {
        int failures = 0;
        QStringList usernames; // the first few distinct names tried
        qint64 bannedForSeconds = 0;
    };
    struct Batch {
        QList<std::pair<QString, Pending>> clients;
        qint64 otherFailures = 0;
    };

    Batch take();
    void write(const Batch& batch);
    qint64 now() const { return m_clock.now().toSecsSinceEpoch(); }

    EventStore& m_events;
    const Clock& m_clock;
    const qint64 m_interval;
    const int m_maxEvents;
    QMutex m_mutex;
    QList<QString> m_order; // clients in the order of their first failure in this batch
    QHash<QString, Pending> m_pending;
    qint64 m_otherFailures = 0; // from clients beyond maxEvents
    qint64 m_lastWrite = 0;
};

} // namespace mood::api
