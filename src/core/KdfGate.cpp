#include "KdfGate.h"

#include <QThread>

#include <algorithm>

namespace mood {

KdfGate& KdfGate::instance()
{
    static KdfGate gate(QThread::idealThreadCount());
    return gate;
}

KdfGate::KdfGate(int limit)
{
    m_stats.limit = std::max(1, limit);
}

KdfGate::Pass::Pass(KdfGate& gate)
    : m_gate(gate)
{
    m_gate.enter();
}

KdfGate::Pass::~Pass()
{
    m_gate.leave();
}

void KdfGate::enter()
{
    QMutexLocker lock(&m_mutex);
    if (m_stats.running >= m_stats.limit) {
        ++m_stats.waiting;
        m_stats.peakWaiting = std::max(m_stats.peakWaiting, m_stats.waiting);
        while (m_stats.running >= m_stats.limit)
            m_free.wait(&m_mutex);
        --m_stats.waiting;
    }
    ++m_stats.running;
    ++m_stats.passes;
    m_stats.peakRunning = std::max(m_stats.peakRunning, m_stats.running);
}

void KdfGate::leave()
{
    QMutexLocker lock(&m_mutex);
    --m_stats.running;
    m_free.wakeOne();
}

KdfGate::Stats KdfGate::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

void KdfGate::resetPeaks()
{
    QMutexLocker lock(&m_mutex);
    m_stats.peakRunning = m_stats.running;
    m_stats.peakWaiting = m_stats.waiting;
}

} // namespace mood
