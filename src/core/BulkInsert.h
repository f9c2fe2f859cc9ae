#pragma once

#include "Database.h"
#include "Result.h"

#include <QStringList>
#include <QVariantList>

#include <optional>

namespace mood {

// Rows for one table, written in batches inside the caller's transaction (flush() before committing it). SQLite:
// multi-row INSERTs prepared once, so QtSql's per-statement overhead is paid once per batch, not per row.
// PostgreSQL: COPY FROM STDIN through the connection's libpq handle, which skips parsing every value of a huge
// statement (QPSQL sends bound values as text literals).
class BulkInsert final
{
public:
    BulkInsert(const QSqlDatabase& db, const QString& table, const QStringList& columns, int rowsPerStatement);

    Status add(const QVariantList& row); // exactly one value per column
    Status flush();                      // writes what add() is still holding
    qint64 rowsWritten() const { return m_written; }

private:
    QString statementFor(int rows) const;
    Status copyPending(); // PostgreSQL: one COPY of what m_copyBuffer holds

    const QSqlDatabase& m_db;
    QString m_table;
    QStringList m_columns;
    int m_rowsPerStatement;
    std::optional<sql::Statement> m_full; // prepared on the first full batch
    QVariantList m_pending;
    bool m_copy = false;
    QByteArray m_copyBuffer; // rows in COPY's text format
    qint64 m_copyRows = 0;
    qint64 m_written = 0;
};

} // namespace mood
