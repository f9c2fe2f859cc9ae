#include "WalCheckpointer.h"

#include "Database.h"
#include "SqliteStatement.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QThread>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace mood {

using namespace Qt::StringLiterals;

WalCheckpointer::WalCheckpointer(const Database& database)
    : m_database(database)
    , m_thread(QThread::create([this] { run(); }))
{
    m_thread->setObjectName(u"moodboard-checkpoint"_s);
    m_thread->start(QThread::LowPriority);
}

WalCheckpointer::~WalCheckpointer()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
}

void WalCheckpointer::noteCommit()
{
    QMutexLocker lock(&m_mutex);
    if (++m_commits >= kCommitsPerCheckpoint)
        m_wake.wakeAll();
}

int WalCheckpointer::checkpointsRun() const
{
    QMutexLocker lock(&m_mutex);
    return m_checkpoints;
}

void WalCheckpointer::run()
{
    constexpr int kIdleMs = 1000;
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            if (!m_stop && m_commits < kCommitsPerCheckpoint)
                m_wake.wait(&m_mutex, QDeadlineTimer(kIdleMs));
            if (m_stop)
                return;
            if (m_commits == 0)
                continue;
            m_commits = 0;
        }
        // A failed checkpoint (the file is busy in another process's checkpoint, or gone) is retried next time.
        if (const auto db = m_database.connection()) {
            const QString checkpoint = u"PRAGMA wal_checkpoint(PASSIVE)"_s;
            auto done = sql::exec(*db, checkpoint);
            const qint64 frames = done && done->next() ? done->value(1).toLongLong() : 0; // (busy, log, copied)
            if (done)
                done->finish();
            // SQLite starts the WAL file over only when a writer begins after a checkpoint that copied every frame,
            // which writers appending meanwhile never let happen: the file would grow without end. Now and then
            // the last frames are copied with this process's writers held back. Only a checkpoint that copies
            // every frame syncs the database file, so it would flush the pages of every checkpoint before it while
            // the writers wait (the POSTs' p99, see the README). Those pages, and the frames written meanwhile, are
            // copied and flushed first, with the writers going on.
            if (frames > kRestartFrames) {
                if (auto again = sql::exec(*db, checkpoint))
                    again->finish();
                (void)sql::syncDatabaseFile(*db);
                constexpr int kGateWaitMs = 1000; // a writer that keeps the gate longer: next time
                if (m_database.tryWriteGate(kGateWaitMs)) {
                    (void)sql::exec(*db, checkpoint);
                    m_database.leaveWriteGate();
                    m_gateMisses = 0;
                } else if (++m_gateMisses == kGateMissesBeforeWarning) {
                    qCWarning(lcDb) << "the WAL file cannot start over: writers have kept the write gate for"
                                    << m_gateMisses << "checkpoints in a row";
                }
            }
        }
        QMutexLocker lock(&m_mutex);
        ++m_checkpoints;
    }
}

} // namespace mood
