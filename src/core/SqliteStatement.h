#pragma once

#include "Result.h"

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVariantList>

struct sqlite3;
struct sqlite3_stmt;

namespace mood::sql {

// Flushes the connection's main database file to disk through SQLite's VFS (fsync, FlushFileBuffers); false when
// the connection is not one SQLite's C API can reach or the flush failed.
bool syncDatabaseFile(const QSqlDatabase& db);

// A statement run through SQLite's C API on the very connection QtSql opened (so inside its transaction), for
// bulk writes and reads of many rows: QSqlResult's positional binding formats a placeholder name for every value
// and wraps each one in QVariant conversions, and each row read comes as a QSqlRecord of QVariants in UTF-16,
// which cost more than SQLite's own work. Built only when Qt's SQLite plugin uses the
// system library this links (see src/core/CMakeLists.txt); available() says whether a connection can use it.
class SqliteStatement final
{
public:
    static bool available(const QSqlDatabase& db);

    SqliteStatement(const QSqlDatabase& db, const QString& text);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Binds as QtSql would (text as UTF-16, integers, reals, blobs, NULL) and runs to completion.
    Status run(const QVariantList& params);

    // Reads: start() binds; each step() that returns true has a row, read by the column getters until the next
    // step(); false at the end or on a failure (lastError() is valid then). reset() ends the read.
    bool start(const QVariantList& params);
    bool step();
    qint64 integer(int column) const;
    QByteArrayView utf8(int column) const; // NULL reads as empty
    void reset();
    QSqlError lastError() const { return m_error; }

private:
    bool prepare();
    // run() steps while params are alive: SQLite reads their text and bytes in place. start() returns before the
    // first step, when the caller's list may be gone: SQLite keeps copies.
    enum class Values { Borrowed, Copied };
    bool bind(const QVariantList& params, Values values);
    QSqlError sqlError(const char* step) const;
    Error failure(const char* step) const;

    sqlite3* m_handle = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    QString m_text;
    QSqlError m_error;
};

} // namespace mood::sql
