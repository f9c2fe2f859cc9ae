#pragma once

#include "Database.h"
#include "Result.h"

#include <QStringList>
#include <QVariantList>

#include <optional>

namespace mood {

// Rows for one table, written as multi-row INSERTs prepared once: one statement carries many rows, so a bulk
// load pays the round trip (PostgreSQL) and the per-statement overhead of QtSql once per batch, not per row.
// Inside the caller's transaction; flush() before committing it.
class BulkInsert final
{
public:
    BulkInsert(const QSqlDatabase& db, const QString& table, const QStringList& columns, int rowsPerStatement);

    Status add(const QVariantList& row); // exactly one value per column
    Status flush();                      // writes what add() is still holding
    qint64 rowsWritten() const { return m_written; }

private:
    QString statementFor(int rows) const;

    const QSqlDatabase& m_db;
    QString m_table;
    QStringList m_columns;
    int m_rowsPerStatement;
    std::optional<sql::Statement> m_full; // prepared on the first full batch
    QVariantList m_pending;
    qint64 m_written = 0;
};

} // namespace mood
