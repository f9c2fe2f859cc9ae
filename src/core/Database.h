#pragma once

#include "DatabaseConfig.h"
#include "Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

#include <memory>

namespace mood {

// One open database. QtSql connections cannot cross threads, so connection() hands every thread its own,
// opened on first use and closed when the thread ends; services take a Database& and work from any thread.
class Database final
{
public:
    // Opens (creating the SQLite file and its folder if needed) and migrates the schema.
    static Result<std::unique_ptr<Database>> open(const DatabaseConfig& config);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Dialect dialect() const { return m_config.dialect; }
    const DatabaseConfig& config() const { return m_config; }

    // This thread's connection; an error when it cannot be opened.
    Result<QSqlDatabase> connection() const;
    bool isReachable() const; // a cheap round trip, for health checks

    // Dialect-dependent SQL fragments.
    QString beginWriteSql() const;                      // BEGIN IMMEDIATE on SQLite: no lock upgrade deadlocks
    QString forUpdate() const;                          // row lock suffix on PostgreSQL, nothing on SQLite
    QString containsSql(const QString& haystack) const; // literal, case-sensitive substring test, one '?'

private:
    explicit Database(DatabaseConfig config);
    Result<QSqlDatabase> openConnection(const QString& name) const;

    DatabaseConfig m_config;
    QString m_connectionPrefix;
};

namespace sql {
Error storageError(const QSqlError& error);
// Prepares, binds params positionally and executes; the query is forward-only.
Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& statement, const QVariantList& params = {});
// For "SELECT <one number>" statements.
Result<qint64> scalar(const QSqlDatabase& db, const QString& statement, const QVariantList& params = {});
} // namespace sql

// A write transaction on this thread's connection: commit() or it rolls back when destroyed.
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

private:
    const Database& m_database;
    QSqlDatabase m_db;
    bool m_active = false;
};

} // namespace mood
