#include "BulkInsert.h"

#include <algorithm>

namespace mood {

using namespace Qt::StringLiterals;

BulkInsert::BulkInsert(const QSqlDatabase& db, const QString& table, const QStringList& columns, int rowsPerStatement)
    : m_db(db)
    , m_table(table)
    , m_columns(columns)
    , m_rowsPerStatement(std::max(1, rowsPerStatement))
{
    m_pending.reserve(static_cast<qsizetype>(m_rowsPerStatement) * m_columns.size());
}

QString BulkInsert::statementFor(int rows) const
{
    QString one = u"(?"_s;
    for (qsizetype i = 1; i < m_columns.size(); ++i)
        one += u", ?"_s;
    one += u')';
    QString text = u"INSERT INTO "_s + m_table + u" ("_s + m_columns.join(u", "_s) + u") VALUES "_s;
    text.reserve(text.size() + rows * (one.size() + 2));
    for (int i = 0; i < rows; ++i) {
        if (i > 0)
            text += u", "_s;
        text += one;
    }
    return text;
}

Status BulkInsert::add(const QVariantList& row)
{
    Q_ASSERT(row.size() == m_columns.size());
    m_pending.append(row);
    if (m_pending.size() < static_cast<qsizetype>(m_rowsPerStatement) * m_columns.size())
        return success();
    if (!m_full)
        m_full.emplace(m_db, statementFor(m_rowsPerStatement));
    if (Status done = m_full->run(m_pending); !done)
        return done;
    m_written += m_rowsPerStatement;
    m_pending.clear();
    return success();
}

Status BulkInsert::flush()
{
    if (m_pending.isEmpty())
        return success();
    const int rows = static_cast<int>(m_pending.size() / m_columns.size());
    auto done = sql::exec(m_db, statementFor(rows), m_pending);
    if (!done)
        return done.error();
    m_written += rows;
    m_pending.clear();
    return success();
}

} // namespace mood
