#pragma once

#include "DatabaseConfig.h"
#include "Result.h"
#include "SqlRows.h"
#include "SqliteStatement.h"

#include <QAtomicInteger>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace mood {

class WalCheckpointer;

namespace sql {
struct PreparedSlot {
    QSqlQuery query;
    bool busy = false;                    // a PreparedQuery or Rows reads it now
    bool ready = false;                   // query prepared
    std::unique_ptr<SqliteStatement> raw; // for rows() on SQLite
};

// The results of Database::prepared(): a statement kept prepared on its connection, reset (its read ended) when
// this goes; or, when that one is busy (or PostgreSQL runs the statement directly), a query of its own as exec()
// makes it.
class PreparedQuery final
{
public:
    explicit PreparedQuery(std::shared_ptr<PreparedSlot> slot);
    explicit PreparedQuery(QSqlQuery oneOff);
    PreparedQuery(PreparedQuery&& other) noexcept;
    PreparedQuery& operator=(PreparedQuery&&) = delete;
    ~PreparedQuery();

    QSqlQuery& operator*() const { return m_slot ? m_slot->query : m_oneOff; }
    QSqlQuery* operator->() const { return &**this; }

private:
    std::shared_ptr<PreparedSlot> m_slot;
    mutable QSqlQuery m_oneOff; // a handle to its results, as the kept one is
};
} // namespace sql

// One open database. QtSql connections cannot cross threads, so connection() hands every thread its own,
// opened on first use; services take a Database& and work from any thread. All of them are closed when the
// Database goes (those of threads that are still running too) or when their thread ends.
class Database final
{
public:
    // Opens (creating the SQLite file and its folder if needed), migrates the schema and repairs the streak
    // histogram if it no longer matches the users.
    static Result<std::unique_ptr<Database>> open(const DatabaseConfig& config);
    // Closes the connections of every thread. No thread may still be using the Database.
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Dialect dialect() const { return m_config.dialect; }
    const DatabaseConfig& config() const { return m_config; }

    // This thread's connection; an error when it cannot be opened.
    Result<QSqlDatabase> connection() const;
    void discardConnection() const; // closes this thread's connection: the next use opens a fresh one
    bool isReachable() const;       // a cheap round trip, for health checks
    // exec() for the statements every request runs: each connection prepares the statement once and keeps it
    // (parsing and planning, and on PostgreSQL the PREPARE and DEALLOCATE round trips, cost more than running
    // these; PostgreSQL runs statements without values directly, as exec() does). Read the results before the next
    // prepared() of the same text on this thread; a nested one gets a query of its own.
    Result<sql::PreparedQuery> prepared(const QSqlDatabase& db, const QString& statement,
                                        const QVariantList& params = {}) const;
    // prepared() for reads of many rows: on SQLite through its C API, each value read as it is stored.
    Result<sql::Rows> rows(const QSqlDatabase& db, const QString& statement, const QVariantList& params = {}) const;
    // rows() for a write whose rows nobody reads (INSERT, UPDATE, DELETE): the kept statement runs to its end.
    Status run(const QSqlDatabase& db, const QString& statement, const QVariantList& params = {}) const;

    // fn(db) runs on this thread's connection, and once more on a fresh one when the first connection turns
    // out lost (server restarted, connection cut). For reads only: a write outside a transaction that lost its
    // connection may still have committed. fn returns a Result<T>; so does read().
    template <typename Fn>
    auto read(Fn&& fn) const;
    // Like read(), with every statement of fn in one snapshot: one read transaction on SQLite, REPEATABLE READ
    // READ ONLY on PostgreSQL.
    template <typename Fn>
    auto snapshot(Fn&& fn) const;
    // fn(db) in one write transaction, then COMMIT. When the connection is lost before COMMIT was sent, or the
    // server reports the transaction not committed, fn runs once more on a fresh connection: fn must build its
    // result from scratch each time. An answer read inside fn is what this very transaction stored.
    // Inside another write of this thread (or a TransactionScope), fn joins that transaction as a savepoint and
    // is neither committed nor retried here.
    template <typename Fn>
    auto write(Fn&& fn) const;

    // Dialect-dependent SQL fragments.
    QString beginWriteSql() const; // BEGIN IMMEDIATE on SQLite: no lock upgrade deadlocks
    QString forUpdate() const;     // row lock suffix on PostgreSQL, nothing on SQLite
    // A literal, case-sensitive substring test of haystack for needle; appends its parameter to params. On
    // PostgreSQL a needle of kTrigram code points or more is a LIKE that the pg_trgm index serves (schema step 11).
    QString containsSql(const QString& haystack, const QString& needle, QVariantList* params) const;
    static constexpr qsizetype kTrigram = 3;
    // True when a trigram index (pg_trgm, SQLite FTS5 trigram) can find needle: it has kTrigram code points or more.
    static bool trigramSearchable(const QString& needle);
    QString byteOrder(const QString& textExpression) const; // ORDER BY code points, whatever the collation

private:
    friend class WriteTransaction;
    friend class TransactionScope;
    using Body = std::function<Status(const QSqlDatabase&)>;
    enum class ReadMode { Plain, Snapshot };

    explicit Database(DatabaseConfig config);
    Result<QSqlDatabase> openConnection(const QString& name) const;
    QString threadConnectionName() const;
    Status runRead(const Body& body, ReadMode mode) const;
    Status runWrite(const Body& body) const;
    // COMMIT of an outermost transaction; on PostgreSQL a COMMIT whose answer was lost with the connection is
    // resolved by asking a fresh connection whether the transaction committed.
    Status commitOutermost(const QSqlDatabase& db) const;
    Status resolveLostCommit(qint64 transactionId, const Error& lost) const;
    // SQLite allows one writer at a time, and a writer that finds the file locked polls it with sleeps of 1 to
    // 100 ms (the busy handler): this process's writers queue here instead and start the moment the previous
    // one ended. True when taken; after the busy timeout without it, the write goes on to SQLite's own waiting.
    bool enterWriteGate() const;
    // The same for work that can wait for another turn (the WalCheckpointer): false, and no warning, when the gate
    // stays taken for timeoutMs (a bulk import or `generate` holds it for seconds).
    bool tryWriteGate(int timeoutMs) const;
    void leaveWriteGate() const;

    template <typename Fn, typename Runner>
    static auto capture(Fn& fn, Runner&& runner);

    struct PreparedStatements;
    friend class WalCheckpointer;
    std::shared_ptr<sql::PreparedSlot> takeSlot(const QSqlDatabase& db, const QString& statement) const;
    void dropSlot(const QSqlDatabase& db, const QString& statement) const;
    void forgetPrepared(const QString& connectionName) const; // before the connection closes

    DatabaseConfig m_config;
    QString m_connectionPrefix;
    std::shared_ptr<PreparedStatements> m_prepared;    // shared with the end-of-thread handlers
    std::unique_ptr<WalCheckpointer> m_checkpointer;   // SQLite
    mutable QAtomicInteger<bool> m_schemaReady{false}; // PostgreSQL: the configured schema exists
    mutable QMutex m_namesMutex;
    mutable QMutex m_writeGate;
    mutable QStringList m_connectionNames; // of every thread, for the destructor
};

namespace sql {
Error storageError(const QSqlError& error, bool connectionLost = false);
// Prepares, binds params positionally and executes; the query is forward-only. A failure on a lost
// connection comes back as a retryable storage error.
Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& statement, const QVariantList& params = {});
// For "SELECT <one number>" statements.
Result<qint64> scalar(const QSqlDatabase& db, const QString& statement, const QVariantList& params = {});
// True when the connection can no longer be used: closed, or (PostgreSQL) the server side is gone.
bool isConnectionLost(const QSqlDatabase& db, const QSqlError& error = {});

// One statement prepared once and run many times, as exec() runs it (same checks of the values): for bulk writes
// inside one transaction, where preparing each row again would cost more than the row. Writes only: no results.
class Statement final
{
public:
    Statement(const QSqlDatabase& db, const QString& text);
    ~Statement();
    Status run(const QVariantList& params);
    // On SQLite it runs through SQLite's C API (SqliteStatement.h), else through QtSql.
    bool usesSqliteApi() const { return m_sqlite != nullptr; }

private:
    const QSqlDatabase& m_db;
    QString m_text;
    QSqlQuery m_query;
    bool m_prepared = false;
    std::unique_ptr<SqliteStatement> m_sqlite;
};
} // namespace sql

// A write transaction on this thread's connection: commit() or it rolls back when destroyed. Inside another
// transaction of this thread on the same Database it is a savepoint of that one.
class WriteTransaction final
{
public:
    explicit WriteTransaction(const Database& database);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    Status begin();
    const QSqlDatabase& db() const { return m_db; }
    Status commit();
    bool isNested() const { return !m_savepoint.isEmpty(); }

private:
    void rollback();

    const Database& m_database;
    QSqlDatabase m_db;
    QString m_savepoint; // set when nested
    bool m_active = false;
};

// Until destroyed, every write of this thread on the Database is part of one transaction, which the first write
// begins and commit() commits. For work that must commit together with writes it does not make itself, such as
// the record of an idempotency key with the write it answers.
class TransactionScope final
{
public:
    explicit TransactionScope(const Database& database);
    ~TransactionScope(); // rolls back what was not committed
    TransactionScope(const TransactionScope&) = delete;
    TransactionScope& operator=(const TransactionScope&) = delete;

    bool hasBegun() const;
    // A statement inside failed because the connection was lost: nothing of the scope was committed.
    bool connectionLost() const;
    Status commit(); // success without any write: there was nothing to commit

private:
    const Database& m_database;
    bool m_done = false;
    bool m_lost = false;
};

template <typename Fn, typename Runner>
auto Database::capture(Fn& fn, Runner&& runner)
{
    using R = std::invoke_result_t<Fn&, const QSqlDatabase&>;
    std::optional<R> result;
    const Status status = runner([&](const QSqlDatabase& db) -> Status {
        result.emplace(fn(db));
        return result->ok() ? success() : Status(result->error());
    });
    if (!status)
        return R(status.error());
    return R(std::move(*result));
}

template <typename Fn>
auto Database::read(Fn&& fn) const
{
    return capture(fn, [this](const Body& body) { return runRead(body, ReadMode::Plain); });
}

template <typename Fn>
auto Database::snapshot(Fn&& fn) const
{
    return capture(fn, [this](const Body& body) { return runRead(body, ReadMode::Snapshot); });
}

template <typename Fn>
auto Database::write(Fn&& fn) const
{
    return capture(fn, [this](const Body& body) { return runWrite(body); });
}

} // namespace mood
