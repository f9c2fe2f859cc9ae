#include "SqlRows.h"

#include "Database.h"

namespace mood::sql {

Rows::Rows(const QSqlDatabase& db, std::shared_ptr<PreparedSlot> slot)
    : m_db(db)
    , m_slot(std::move(slot))
{
}

Rows::Rows(const QSqlDatabase& db, PreparedQuery query)
    : m_db(db)
    , m_query(std::make_unique<PreparedQuery>(std::move(query)))
{
}

Rows::Rows(Rows&& other) noexcept = default;

Rows::~Rows()
{
    if (m_slot) {
        m_slot->raw->reset();
        m_slot->busy = false;
    }
}

bool Rows::next()
{
    return m_slot ? m_slot->raw->step() : (*m_query)->next();
}

qint64 Rows::integer(int column) const
{
    return m_slot ? m_slot->raw->integer(column) : (*m_query)->value(column).toLongLong();
}

QString Rows::text(int column) const
{
    if (m_slot) {
        const QByteArrayView text = m_slot->raw->utf8(column);
        return QString::fromUtf8(text.data(), text.size());
    }
    return (*m_query)->value(column).toString();
}

QByteArrayView Rows::utf8(int column) const
{
    if (m_slot)
        return m_slot->raw->utf8(column);
    if (m_utf8.size() <= column)
        m_utf8.resize(column + 1);
    m_utf8[column] = (*m_query)->value(column).toString().toUtf8();
    return m_utf8.at(column);
}

std::optional<Error> Rows::error() const
{
    const QSqlError error = m_slot ? m_slot->raw->lastError() : (*m_query)->lastError();
    if (!error.isValid())
        return std::nullopt;
    return storageError(error, isConnectionLost(m_db, error));
}

Status Rows::nextOr(const Error& ended)
{
    if (next())
        return success();
    if (auto failed = error())
        return *failed;
    return ended;
}

} // namespace mood::sql
