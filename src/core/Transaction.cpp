#include "Database.h"
#include "ThreadTransaction.h"
#include "WalCheckpointer.h"

#include <QLoggingCategory>
#include <QThread>

#include <algorithm>
#include <utility>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace mood {

using namespace Qt::StringLiterals;

namespace detail {
namespace {
thread_local std::vector<ThreadTransaction> t_transactions; // a handful at most: a vector beats a hash
}

ThreadTransaction* threadTransaction(const Database* database)
{
    for (ThreadTransaction& tx : t_transactions) {
        if (tx.database == database)
            return &tx;
    }
    return nullptr;
}

ThreadTransaction& addThreadTransaction(const Database* database)
{
    Q_ASSERT(!threadTransaction(database));
    t_transactions.push_back(ThreadTransaction{database});
    return t_transactions.back();
}

bool endThreadTransaction(const Database* database)
{
    const ThreadTransaction* tx = threadTransaction(database);
    const bool gated = tx && tx->gated;
    removeThreadTransaction(database);
    return gated;
}

void removeThreadTransaction(const Database* database)
{
    t_transactions.erase(std::remove_if(t_transactions.begin(), t_transactions.end(),
                                        [database](const ThreadTransaction& tx) { return tx.database == database; }),
                         t_transactions.end());
}
} // namespace detail

WriteTransaction::WriteTransaction(const Database& database)
    : m_database(database)
{
}

WriteTransaction::~WriteTransaction()
{
    if (m_active)
        rollback();
}

Status WriteTransaction::begin()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    m_db = *db;
    detail::ThreadTransaction* outer = detail::threadTransaction(&m_database);
    if (!outer) {
        const bool gated = m_database.enterWriteGate();
        if (auto begun = m_database.prepared(m_db, m_database.beginWriteSql()); !begun) {
            if (gated)
                m_database.leaveWriteGate();
            return begun.error();
        }
        detail::ThreadTransaction& tx = detail::addThreadTransaction(&m_database);
        tx.open = true;
        tx.gated = gated;
        m_active = true;
        return success();
    }
    if (!outer->open) {
        // The first write of a TransactionScope begins it. Nothing was sent yet: a lost connection may be replaced.
        outer->gated = m_database.enterWriteGate();
        auto begun = sql::exec(m_db, m_database.beginWriteSql());
        if (!begun && begun.error().retryable) {
            m_database.discardConnection();
            if (auto fresh = m_database.connection())
                m_db = *fresh;
            begun = sql::exec(m_db, m_database.beginWriteSql());
        }
        if (!begun) {
            outer->lost = begun.error().retryable;
            if (std::exchange(outer->gated, false))
                m_database.leaveWriteGate();
            return begun.error();
        }
        outer->open = true;
    }
    const QString savepoint = u"mood_write_%1"_s.arg(outer->savepoints + 1);
    if (auto saved = sql::exec(m_db, u"SAVEPOINT "_s + savepoint); !saved)
        return saved.error();
    ++outer->savepoints;
    m_savepoint = savepoint;
    m_active = true;
    return success();
}

Status WriteTransaction::commit()
{
    if (!m_active)
        return Error{ErrorKind::Storage, u"database error: no transaction to commit"_s};
    if (isNested()) {
        auto released = sql::exec(m_db, u"RELEASE SAVEPOINT "_s + m_savepoint);
        if (!released)
            return released.error(); // the destructor rolls the savepoint back
        m_active = false;
        if (detail::ThreadTransaction* outer = detail::threadTransaction(&m_database))
            --outer->savepoints;
        return success();
    }
    m_active = false;
    const bool gated = detail::endThreadTransaction(&m_database);
    const Status committed = m_database.commitOutermost(m_db);
    if (gated)
        m_database.leaveWriteGate();
    return committed;
}

void WriteTransaction::rollback()
{
    m_active = false;
    if (isNested()) {
        (void)sql::exec(m_db, u"ROLLBACK TO SAVEPOINT "_s + m_savepoint);
        (void)sql::exec(m_db, u"RELEASE SAVEPOINT "_s + m_savepoint);
        if (detail::ThreadTransaction* outer = detail::threadTransaction(&m_database))
            --outer->savepoints;
        return;
    }
    const bool gated = detail::endThreadTransaction(&m_database);
    if (!sql::isConnectionLost(m_db))
        (void)sql::exec(m_db, u"ROLLBACK"_s);
    if (gated)
        m_database.leaveWriteGate();
}

TransactionScope::TransactionScope(const Database& database)
    : m_database(database)
{
    detail::addThreadTransaction(&m_database).scope = true;
}

TransactionScope::~TransactionScope()
{
    if (m_done)
        return;
    const detail::ThreadTransaction* tx = detail::threadTransaction(&m_database);
    if (tx && tx->open && !tx->lost) {
        // While the transaction is registered, connection() hands out its connection as it is, lost or not.
        if (const auto db = m_database.connection(); db && !sql::isConnectionLost(*db))
            (void)sql::exec(*db, u"ROLLBACK"_s);
    }
    if (detail::endThreadTransaction(&m_database))
        m_database.leaveWriteGate();
}

bool TransactionScope::hasBegun() const
{
    const detail::ThreadTransaction* tx = detail::threadTransaction(&m_database);
    return tx && tx->open;
}

bool TransactionScope::connectionLost() const
{
    if (m_done)
        return m_lost;
    const detail::ThreadTransaction* tx = detail::threadTransaction(&m_database);
    return tx && tx->lost;
}

Status TransactionScope::commit()
{
    if (m_done)
        return Error{ErrorKind::Storage, u"database error: the transaction scope has ended"_s};
    m_done = true;
    const detail::ThreadTransaction* tx = detail::threadTransaction(&m_database);
    const bool open = tx && tx->open;
    m_lost = tx && tx->lost;
    const auto db = m_database.connection(); // the transaction's own, while it is still registered
    const bool gated = detail::endThreadTransaction(&m_database);
    const Status committed = [&]() -> Status {
        if (m_lost)
            return Error{ErrorKind::Storage, u"database error: the connection was lost; nothing was committed"_s, true};
        if (!open)
            return success();
        if (!db)
            return db.error();
        return m_database.commitOutermost(*db);
    }();
    if (gated)
        m_database.leaveWriteGate();
    m_lost = m_lost || (!committed && committed.error().retryable);
    return committed;
}

Status Database::commitOutermost(const QSqlDatabase& db) const
{
    std::optional<qint64> transactionId;
    if (m_config.dialect == Dialect::Postgres) {
        // Taken before COMMIT: if its answer is lost with the connection, a fresh connection can still tell.
        const auto id = sql::scalar(db, u"SELECT txid_current()"_s);
        if (!id) {
            (void)sql::exec(db, u"ROLLBACK"_s);
            return id.error();
        }
        transactionId = *id;
    }
    const auto committed = prepared(db, u"COMMIT"_s);
    if (committed) {
        if (m_checkpointer)
            m_checkpointer->noteCommit();
        return success();
    }
    const Error error = committed.error();
    if (!error.retryable || !transactionId) {
        // The server answered (PostgreSQL rolled back; SQLite may keep the transaction open, e.g. when busy), or
        // SQLite, which commits in this process: a COMMIT that failed did not happen.
        if (!sql::isConnectionLost(db))
            (void)sql::exec(db, u"ROLLBACK"_s);
        return error;
    }
    discardConnection();
    return resolveLostCommit(*transactionId, error);
}

Status Database::resolveLostCommit(qint64 transactionId, const Error& lost) const
{
    // "in progress" lasts while the server still ends the old session; bounded so that a request never hangs.
    constexpr int kAttempts = 200;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        const auto db = connection();
        if (!db)
            break;
        auto status = sql::exec(*db, u"SELECT txid_status(?)"_s, {transactionId});
        if (!status) {
            if (!status.error().retryable)
                break;
            discardConnection();
            continue;
        }
        const QString state = status->next() ? status->value(0).toString() : QString();
        if (state == u"committed"_s) {
            qCInfo(lcDb) << "connection lost during COMMIT; the transaction had committed";
            return success();
        }
        if (state == u"aborted"_s)
            return Error{ErrorKind::Storage, lost.message, true};
        if (state != u"in progress"_s)
            break; // NULL: too old for the server to know
        QThread::msleep(10);
    }
    qCWarning(lcDb) << "connection lost during COMMIT of transaction" << transactionId << "with unknown outcome";
    return Error{ErrorKind::Storage, u"database error: the connection was lost during COMMIT"_s};
}

} // namespace mood
