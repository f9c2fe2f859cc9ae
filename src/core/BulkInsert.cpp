#include "BulkInsert.h"

#include <QSqlDriver>

#include <libpq-fe.h>

#include <algorithm>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype kCopyBytes = 8 * 1024 * 1024;

void appendCopyValue(QByteArray* out, const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        out->append("\\N");
        return;
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        out->append(QByteArray::number(value.toLongLong()));
        return;
    default:
        break;
    }
    for (const char c : value.toString().toUtf8()) {
        switch (c) {
        case '\\':
            out->append("\\\\");
            break;
        case '\t':
            out->append("\\t");
            break;
        case '\n':
            out->append("\\n");
            break;
        case '\r':
            out->append("\\r");
            break;
        default:
            out->append(c);
        }
    }
}

PGconn* libpqHandle(const QSqlDatabase& db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "PGconn*") != 0)
        return nullptr;
    return *static_cast<PGconn* const*>(handle.constData());
}

Error copyError(PGconn* connection, const QString& what)
{
    return Error{ErrorKind::Storage,
                 u"database error: %1: %2"_s.arg(what, QString::fromUtf8(PQerrorMessage(connection)).trimmed())};
}
} // namespace

BulkInsert::BulkInsert(const QSqlDatabase& db, const QString& table, const QStringList& columns, int rowsPerStatement)
    : m_db(db)
    , m_table(table)
    , m_columns(columns)
    , m_rowsPerStatement(std::max(1, rowsPerStatement))
{
    m_copy = db.driverName() == u"QPSQL"_s && libpqHandle(db);
    if (!m_copy)
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
    if (m_copy) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (i > 0)
                m_copyBuffer.append('\t');
            appendCopyValue(&m_copyBuffer, row.at(i));
        }
        m_copyBuffer.append('\n');
        ++m_copyRows;
        return m_copyBuffer.size() < kCopyBytes ? success() : copyPending();
    }
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

Status BulkInsert::copyPending()
{
    PGconn* connection = libpqHandle(m_db);
    if (!connection)
        return Error{ErrorKind::Storage, u"database error: the PostgreSQL connection is gone"_s, true};
    const QByteArray command = u"COPY %1 (%2) FROM STDIN"_s.arg(m_table, m_columns.join(u", "_s)).toUtf8();
    PGresult* started = PQexec(connection, command.constData());
    const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
    PQclear(started);
    if (!copying)
        return copyError(connection, u"COPY %1"_s.arg(m_table));
    const bool sent = PQputCopyData(connection, m_copyBuffer.constData(), static_cast<int>(m_copyBuffer.size())) == 1;
    const bool ended = PQputCopyEnd(connection, sent ? nullptr : "the rows could not be sent") == 1;
    bool ok = sent && ended;
    while (PGresult* result = PQgetResult(connection)) {
        ok = ok && PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
    }
    if (!ok)
        return copyError(connection, u"COPY %1"_s.arg(m_table));
    m_written += m_copyRows;
    m_copyRows = 0;
    m_copyBuffer.clear();
    return success();
}

Status BulkInsert::flush()
{
    if (m_copy)
        return m_copyRows > 0 ? copyPending() : success();
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
