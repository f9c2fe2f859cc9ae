#include "FailedLoginLog.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutexLocker>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr int kMaxNamesPerClient = 5;

QString quotedNames(const QStringList& names)
{
    QStringList quoted;
    for (const QString& name : names)
        quoted.append(u'\'' + name + u'\'');
    return quoted.join(u", "_s);
}
} // namespace

FailedLoginLog::FailedLoginLog(EventStore& events, const Clock& clock, qint64 intervalSeconds, int maxEvents)
    : m_events(events)
    , m_clock(clock)
    , m_interval(intervalSeconds)
    , m_maxEvents(maxEvents)
{
}

void FailedLoginLog::record(const QString& client, const QString& username, bool banStarted, qint64 banSeconds)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_pending.find(client);
    if (it == m_pending.end()) {
        if (m_pending.size() >= m_maxEvents) {
            ++m_otherFailures;
            return;
        }
        it = m_pending.insert(client, Pending());
        m_order.append(client);
    }
    ++it->failures;
    if (it->usernames.size() < kMaxNamesPerClient && !it->usernames.contains(username))
        it->usernames.append(username);
    if (banStarted)
        it->bannedForSeconds = banSeconds;
}

FailedLoginLog::Batch FailedLoginLog::take()
{
    Batch batch;
    for (const QString& client : std::as_const(m_order))
        batch.clients.append({client, m_pending.value(client)});
    batch.otherFailures = m_otherFailures;
    m_order.clear();
    m_pending.clear();
    m_otherFailures = 0;
    m_lastWrite = now();
    return batch;
}

void FailedLoginLog::flushIfDue()
{
    Batch batch;
    {
        QMutexLocker lock(&m_mutex);
        if (m_order.isEmpty() && m_otherFailures == 0)
            return;
        if (now() - m_lastWrite < m_interval)
            return;
        batch = take();
    }
    write(batch);
}

void FailedLoginLog::flush()
{
    Batch batch;
    {
        QMutexLocker lock(&m_mutex);
        batch = take();
    }
    write(batch);
}

void FailedLoginLog::write(const Batch& batch)
{
    for (const auto& [client, pending] : batch.clients) {
        QString message = pending.failures == 1
            ? u"failed login for %1 from %2"_s.arg(quotedNames(pending.usernames), client)
            : u"%1 failed logins for %2 from %3"_s.arg(pending.failures).arg(quotedNames(pending.usernames), client);
        if (pending.bannedForSeconds > 0)
            message += u"; address banned for %1 s"_s.arg(pending.bannedForSeconds);
        const QJsonObject data{{u"address"_s, client},
                               {u"failures"_s, pending.failures},
                               {u"usernames"_s, QJsonArray::fromStringList(pending.usernames)},
                               {u"banned"_s, pending.bannedForSeconds > 0}};
        (void)m_events.add(EventStore::kProductComponent, data, QString(), u"server"_s, message);
    }
    if (batch.otherFailures > 0) {
        (void)m_events.add(EventStore::kProductComponent, QJsonObject{{u"failures"_s, batch.otherFailures}}, QString(),
                           u"server"_s, u"%1 more failed logins from other addresses"_s.arg(batch.otherFailures));
    }
}

} // namespace mood::api
