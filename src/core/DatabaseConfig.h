#pragma once

#include "Result.h"

#include <QString>

namespace mood {

enum class Dialect { Sqlite, Postgres };

// Where the data lives: an SQLite file, or a PostgreSQL server given as
// postgresql://user:pass@host:port/db[?schema=name&sslmode=...].
struct DatabaseConfig {
    Dialect dialect = Dialect::Sqlite;
    QString sqlitePath;
    QString host;
    int port = 5432;
    QString databaseName;
    QString user;
    QString password;
    QString schema;         // Postgres only: tables live in this schema (created on demand)
    QString connectOptions; // Postgres only: extra libpq options, ';'-separated

    static Result<DatabaseConfig> parse(const QString& pathOrUrl);
    static QString defaultSqlitePath(); // in QStandardPaths::AppDataLocation
    QString displayName() const;        // never shows the password
};

} // namespace mood
