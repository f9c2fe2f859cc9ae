#pragma once

#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <optional>

namespace mood::sql {

struct PreparedSlot;
class PreparedQuery;

// The rows of a read that Database::rows() ran, column by column. On SQLite they come straight from its C API (no
// QVariant, no UTF-16 copy per value), elsewhere from QtSql: the same loop reads either.
class Rows final
{
public:
    Rows(const QSqlDatabase& db, std::shared_ptr<PreparedSlot> slot); // slot->raw started, slot busy
    Rows(const QSqlDatabase& db, PreparedQuery query);
    Rows(Rows&& other) noexcept;
    Rows& operator=(Rows&&) = delete;
    ~Rows();

    bool next(); // false at the end, and after a failure: see error()
    qint64 integer(int column) const;
    QString text(int column) const;
    QByteArrayView utf8(int column) const; // valid until next()
    std::optional<Error> error() const;    // once next() said false: none when the rows simply ended
    Status nextOr(const Error& ended);     // next() as a Status: its failure, or `ended` when there was no row

private:
    QSqlDatabase m_db;
    std::shared_ptr<PreparedSlot> m_slot;   // SQLite's C API
    std::unique_ptr<PreparedQuery> m_query; // QtSql
    mutable QList<QByteArray> m_utf8;       // QtSql: utf8()'s text
};

} // namespace mood::sql
