#pragma once

#include "ClientError.h"
#include "PasswordHasher.h"

#include <QMutex>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace mood {
class Clock;
class Database;
class Services;
} // namespace mood

namespace mood::client {

class Backend;
class ShareHost;

struct LocalOptions {
    QString databasePath;         // empty: the SQLite file in the per-user data folder
    const Clock* clock = nullptr; // nullptr: the system clock (tests pass their own)
    PasswordHasher::Strength passwordStrength = PasswordHasher::Strength::Interactive;
    int backfillDays = 7;
};

// "This computer": the domain core in this process over the local SQLite file. The database opens on first
// use, on the instance's own thread pool; every call of its backends and of its ShareHost runs there too, never
// on the caller's thread and never on Qt's global pool.
class LocalInstance final
{
public:
    explicit LocalInstance(LocalOptions options);
    ~LocalInstance(); // stops sharing and waits for the calls in flight
    LocalInstance(const LocalInstance&) = delete;
    LocalInstance& operator=(const LocalInstance&) = delete;

    QString databaseLocation() const { return m_databasePath; }
    void warmUp(); // opens the database in the background now, so the first call does not wait for it

    // A backend over this instance; nobody is signed in yet.
    std::unique_ptr<Backend> connect();
    ShareHost& sharing() { return *m_sharing; }

    // Runs work(Services&) -> Result<T> on the pool.
    template <typename T, typename Work>
    QFuture<Result<T>> run(Work work)
    {
        return QtConcurrent::run(&m_pool, [this, work = std::move(work)]() mutable -> Result<T> {
            const Result<Services*> services = open();
            if (!services)
                return services.error();
            return work(**services);
        });
    }

    // The opened services, or the reason they cannot be opened. Blocks: call it on a pool thread only.
    Result<Services*> open();

private:
    LocalOptions m_options;
    QString m_databasePath;
    std::unique_ptr<Clock> m_systemClock;
    QThreadPool m_pool;
    QMutex m_openMutex;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<ShareHost> m_sharing;
};

} // namespace mood::client
