#pragma once

#include "Database.h"

#include <QTemporaryDir>

#include <memory>

namespace mood::test {

inline constexpr char kSqlite[] = "sqlite";
inline constexpr char kPostgres[] = "postgresql";

// Call from initTestCase_data(): every test function then runs once per backend ("backend" column).
void addBackendRows();

// In init(): declares `QString backend` from the global row, and skips the PostgreSQL row visibly when no
// server is configured.
#define MOOD_FETCH_BACKEND(backend)                                                                                    \
    QFETCH_GLOBAL(QString, backend);                                                                                   \
    if (backend == QLatin1String(mood::test::kPostgres) && !mood::test::postgresConfigured())                          \
    QSKIP("MOODBOARD_TEST_PG_URL is not set: PostgreSQL not tested in this run")
// True when MOODBOARD_TEST_PG_URL names a server to test against.
bool postgresConfigured();

// A fresh, empty, migrated database for one test: a file in a temporary folder, or a schema of its own
// on the PostgreSQL server (dropped again when this object goes), so suites can run in parallel.
class ScratchDatabase final
{
public:
    ScratchDatabase() = default;
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    // QVERIFY(scratch.open(backend)) in init(); on false, error() says why.
    bool open(const QString& backend);
    Database& db() { return *m_database; }
    DatabaseConfig config() const { return m_config; }
    // What --database takes to open this database in a moodboard process: the file, or the URL with its schema.
    QString location() const { return m_location; }
    QString error() const { return m_error; }
    void close(); // drops the database: m_database is gone after this

    // Runs raw SQL on this thread's connection (for tests that inspect or break storage).
    QSqlQuery exec(const QString& statement, const QVariantList& params = {});
    // PostgreSQL: gives users.username the collation a server initialised with LANG=en_US.UTF-8 gives every text
    // column ("_x" < "a" < "B" < "Z"). Empty on success, else why not (SQLite: nothing to do, no error).
    QString collateUsernamesAsEnUs();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    DatabaseConfig m_config;
    QString m_location;
    QString m_error;
};

} // namespace mood::test
