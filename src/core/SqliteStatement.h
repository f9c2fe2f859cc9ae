#pragma once

#include "Result.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

struct sqlite3;
struct sqlite3_stmt;

namespace mood::sql {

// A statement run through SQLite's C API on the very connection QtSql opened (so inside its transaction), for
// bulk writes: QSqlResult's positional binding formats a placeholder name for every value and wraps each one in
// QVariant conversions, which cost more than SQLite's own insert. Built only when Qt's SQLite plugin uses the
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

private:
    Error failure(const char* step) const;

    sqlite3* m_handle = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    QString m_text;
};

} // namespace mood::sql
