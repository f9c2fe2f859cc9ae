#pragma once

#include <QMetaObject>
#include <QMutex>
#include <QObject>

#include <functional>

namespace mood::api {

// How work running on a pool hands its result back to a thread that owns sockets: post() runs a function in
// the target's thread, or drops it once the target said it is going (close()). Posting and closing take the
// same lock, so a post never reaches a deleted target; events already queued go with the target (QObject
// removes its posted events when it is destroyed).
class ReplyPort final
{
public:
    explicit ReplyPort(QObject* target)
        : m_target(target)
    {
    }

    void post(std::function<void()> fn)
    {
        QMutexLocker lock(&m_mutex);
        if (m_target)
            QMetaObject::invokeMethod(m_target, std::move(fn), Qt::QueuedConnection);
    }

    void close() // from the target's thread, before the target goes
    {
        QMutexLocker lock(&m_mutex);
        m_target = nullptr;
    }

private:
    QMutex m_mutex;
    QObject* m_target;
};

} // namespace mood::api
