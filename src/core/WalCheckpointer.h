#pragma once

#include <QMutex>
#include <QWaitCondition>

#include <memory>

class QThread;

namespace mood {

class Database;

// Runs SQLite's WAL checkpoints on a thread of its own. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses the threshold and makes that one request wait for two fsyncs (WAL and database file): the long tail of
// write latency. The Database's connections turn it off (wal_autocheckpoint=0) and note their commits here; a
// PASSIVE checkpoint, which never waits for readers or writers, runs every kCommitsPerCheckpoint commits and at
// least once a second.
class WalCheckpointer final
{
public:
    static constexpr int kCommitsPerCheckpoint = 64;
    static constexpr int kRestartFrames = 2000; // pages of 4 KiB: the WAL file stays around 8 MiB

    explicit WalCheckpointer(const Database& database);
    ~WalCheckpointer(); // stops the thread; no checkpoint is lost: SQLite checkpoints when the last connection closes
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    void noteCommit();
    int checkpointsRun() const; // for tests

private:
    void run();

    const Database& m_database;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    int m_commits = 0;
    int m_checkpoints = 0;
    int m_gateMisses = 0; // the checkpointer thread's own
    static constexpr int kGateMissesBeforeWarning = 30;
    bool m_stop = false;
    std::unique_ptr<QThread> m_thread;
};

} // namespace mood
