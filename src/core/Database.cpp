#include "Database.h"

#include "Schema.h"
#include "StreakRanking.h"
#include "ThreadTransaction.h"
#include "WalCheckpointer.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

#include <libpq-fe.h>

#include <utility>
#include <vector>

Q_LOGGING_CATEGORY(lcDb, "mood.db")

namespace mood {

using namespace Qt::StringLiterals;

// Per connection name, the statements prepared() keeps. Only the connection's thread uses them; the mutex guards
// the maps, which other threads clear (a thread's end, the Database's destructor).
struct Database::PreparedStatements {
    QMutex mutex;
    QHash<QString, QHash<QString, std::shared_ptr<sql::PreparedSlot>>> byConnection;

    void forget(const QString& name)
    {
        QHash<QString, std::shared_ptr<sql::PreparedSlot>> gone;
        {
            QMutexLocker lock(&mutex);
            gone = byConnection.take(name);
        }
    }
};

namespace {
// Removes a thread's connection when the thread ends. From QThread::finished, which the thread emits before
// QThread::wait() returns: a thread_local destructor would run after that, possibly while the process exits and
// QtSql's own globals are being destroyed (a crash at exit, seen under load). Connections of the main thread go
// with their Database.
template <typename Prepared>
void removeWhenThreadEnds(const QString& name, std::weak_ptr<Prepared> prepared)
{
    QThread* thread = QThread::currentThread();
    QObject::connect(
        thread, &QThread::finished, thread,
        [name, prepared] {
            if (const auto statements = prepared.lock())
                statements->forget(name); // its queries go before their connection
            if (QSqlDatabase::contains(name))
                QSqlDatabase::removeDatabase(name);
        },
        Qt::DirectConnection);
}

QString quoteIdentifier(const QString& name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

// CREATE SCHEMA IF NOT EXISTS is not race-free (two servers starting at once: one fails on a duplicate
// key) and needs the CREATE privilege even when the schema is there: create only when missing, and
// accept losing the race to another server.
Status ensureSchema(const QSqlDatabase& db, const QString& schema)
{
    const QString exists = u"SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?"_s;
    if (const auto found = sql::scalar(db, exists, {schema}); !found || *found > 0)
        return found ? success() : Status(found.error());
    const auto created = sql::exec(db, u"CREATE SCHEMA IF NOT EXISTS "_s + quoteIdentifier(schema));
    if (created)
        return success();
    const auto found = sql::scalar(db, exists, {schema});
    return found && *found > 0 ? success() : Status(created.error());
}
} // namespace

Database::Database(DatabaseConfig config)
    : m_config(std::move(config))
    , m_prepared(std::make_shared<PreparedStatements>())
{
    static QAtomicInteger<quint32> counter;
    m_connectionPrefix = u"moodboard-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

Database::~Database()
{
    m_checkpointer.reset(); // its thread's connection goes with the thread
    // Every thread's connection goes now, also those of threads that keep running (pool threads). QtSql allows
    // removing a connection from another thread as long as nothing uses it any more (Qt 6.4's removeDatabase
    // only warns when a QSqlDatabase or QSqlQuery copy is still alive); the driver is then closed here.
    QStringList names;
    {
        QMutexLocker lock(&m_namesMutex);
        names = std::exchange(m_connectionNames, {});
    }
    {
        QMutexLocker lock(&m_prepared->mutex);
        m_prepared->byConnection.clear();
    }
    for (const QString& name : std::as_const(names)) {
        if (QSqlDatabase::contains(name))
            QSqlDatabase::removeDatabase(name);
    }
}

Result<std::unique_ptr<Database>> Database::open(const DatabaseConfig& config)
{
    if (config.dialect == Dialect::Sqlite) {
        const QFileInfo file(config.sqlitePath);
        if (!QDir().mkpath(file.absolutePath()))
            return Error{ErrorKind::Storage, u"cannot create the folder %1"_s.arg(file.absolutePath())};
    }
    std::unique_ptr<Database> database(new Database(config));
    const auto db = database->connection();
    if (!db)
        return db.error();
    if (const Status migrated = Schema::migrate(*db, config.dialect); !migrated)
        return migrated.error();
    if (const auto checked = StreakRanking::repairHistogram(*database); !checked)
        return checked.error();
    if (config.dialect == Dialect::Sqlite)
        database->m_checkpointer = std::make_unique<WalCheckpointer>(*database);
    return database;
}

QString Database::threadConnectionName() const
{
    return m_connectionPrefix + u'-' + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
}

Result<QSqlDatabase> Database::connection() const
{
    const QString name = threadConnectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        // Inside a transaction the connection is its state: a lost one must fail the transaction, never be
        // replaced by a fresh connection that would run the rest outside of it.
        const detail::ThreadTransaction* tx = detail::threadTransaction(this);
        if (db.isOpen() && ((tx && tx->open) || !sql::isConnectionLost(db)))
            return db;
        forgetPrepared(name);
        if (db.isOpen())
            db.close();
    }
    return openConnection(name);
}

void Database::discardConnection() const
{
    const QString name = threadConnectionName();
    forgetPrepared(name);
    if (QSqlDatabase::contains(name))
        QSqlDatabase::database(name, false).close();
}

void Database::forgetPrepared(const QString& connectionName) const
{
    m_prepared->forget(connectionName);
}

Result<QSqlDatabase> Database::openConnection(const QString& name) const
{
    const bool known = QSqlDatabase::contains(name);
    QSqlDatabase db = known
        ? QSqlDatabase::database(name, false)
        : QSqlDatabase::addDatabase(m_config.dialect == Dialect::Sqlite ? u"QSQLITE"_s : u"QPSQL"_s, name);
    if (!known) {
        removeWhenThreadEnds(name, std::weak_ptr<PreparedStatements>(m_prepared));
        QMutexLocker lock(&m_namesMutex);
        m_connectionNames.removeIf([](const QString& old) { return !QSqlDatabase::contains(old); }); // ended threads
        m_connectionNames.append(name);
    }
    if (!db.isValid())
        return Error{ErrorKind::Storage, u"the Qt SQL driver for %1 is not installed"_s.arg(m_config.displayName())};

    if (m_config.dialect == Dialect::Sqlite) {
        db.setDatabaseName(m_config.sqlitePath);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s); // as enterWriteGate()
    } else {
        db.setHostName(m_config.host);
        db.setPort(m_config.port);
        db.setDatabaseName(m_config.databaseName);
        db.setUserName(m_config.user);
        db.setPassword(m_config.password);
        db.setConnectOptions(m_config.connectOptions);
    }
    if (!db.open()) {
        qCWarning(lcDb) << "cannot open" << m_config.displayName() << db.lastError().text();
        return Error{ErrorKind::Storage,
                     u"cannot open the database %1: %2"_s.arg(m_config.displayName(), db.lastError().text())};
    }

    QStringList setup;
    if (m_config.dialect == Dialect::Sqlite) {
        // Checkpoints run on the WalCheckpointer's thread, not inside the COMMIT of a request.
        setup << u"PRAGMA journal_mode=WAL"_s << u"PRAGMA synchronous=NORMAL"_s << u"PRAGMA foreign_keys=ON"_s
              << u"PRAGMA wal_autocheckpoint=0"_s;
    } else if (!m_config.schema.isEmpty()) {
        // Once per Database: later connections (new threads, or one replacing a lost connection) open faster.
        if (!m_schemaReady.loadAcquire()) {
            if (const Status ready = ensureSchema(db, m_config.schema); !ready) {
                db.close();
                return ready.error();
            }
            m_schemaReady.storeRelease(true);
        }
        setup << u"SET search_path TO "_s + quoteIdentifier(m_config.schema);
    }
    for (const QString& statement : std::as_const(setup)) {
        if (const auto done = sql::exec(db, statement); !done) {
            db.close();
            return done.error();
        }
    }
    return db;
}

namespace sql {
Status checkParams(const QVariantList& params);
void bindParams(QSqlQuery& query, const QVariantList& params);
} // namespace sql

Result<sql::PreparedQuery> Database::prepared(const QSqlDatabase& db, const QString& statement,
                                              const QVariantList& params) const
{
    // PostgreSQL cannot PREPARE BEGIN or COMMIT (exec() runs statements without values directly); the others
    // save the PREPARE and DEALLOCATE round trips of exec() when kept.
    if (m_config.dialect != Dialect::Sqlite && params.isEmpty()) {
        auto query = sql::exec(db, statement, params);
        if (!query)
            return query.error();
        return sql::PreparedQuery(std::move(query).value());
    }
    if (Status ok = sql::checkParams(params); !ok)
        return ok.error();
    std::shared_ptr<sql::PreparedSlot> slot = takeSlot(db, statement);
    if (!slot) {
        auto query = sql::exec(db, statement, params);
        if (!query)
            return query.error();
        return sql::PreparedQuery(std::move(query).value());
    }
    sql::PreparedQuery prepared(slot);
    QSqlQuery& query = *prepared;
    if (!slot->ready) {
        if (!query.prepare(statement)) {
            const QSqlError error = query.lastError();
            dropSlot(db, statement);
            return sql::storageError(error, sql::isConnectionLost(db, error));
        }
        slot->ready = true;
    }
    sql::bindParams(query, params);
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        // Prepared anew next time: the server may have dropped the statement (DEALLOCATE ALL, a changed table).
        dropSlot(db, statement);
        return sql::storageError(error, sql::isConnectionLost(db, error));
    }
    return prepared;
}

Result<sql::Rows> Database::rows(const QSqlDatabase& db, const QString& statement, const QVariantList& params) const
{
    std::shared_ptr<sql::PreparedSlot> slot =
        sql::SqliteStatement::available(db) ? takeSlot(db, statement) : std::shared_ptr<sql::PreparedSlot>();
    if (!slot) {
        auto query = prepared(db, statement, params);
        if (!query)
            return query.error();
        return sql::Rows(db, std::move(query).value());
    }
    if (Status ok = sql::checkParams(params); !ok) {
        slot->busy = false;
        return ok.error();
    }
    if (!slot->raw)
        slot->raw = std::make_unique<sql::SqliteStatement>(db, statement);
    if (!slot->raw->start(params)) {
        const QSqlError error = slot->raw->lastError();
        slot->busy = false;
        dropSlot(db, statement);
        return sql::storageError(error, sql::isConnectionLost(db, error));
    }
    return sql::Rows(db, std::move(slot));
}

Status Database::run(const QSqlDatabase& db, const QString& statement, const QVariantList& params) const
{
    auto done = rows(db, statement, params);
    if (!done)
        return done.error();
    while (done->next()) { }
    if (const auto failed = done->error())
        return *failed;
    return success();
}

// This connection's kept slot for the statement, marked busy; none when a read of it is still going on.
std::shared_ptr<sql::PreparedSlot> Database::takeSlot(const QSqlDatabase& db, const QString& statement) const
{
    QMutexLocker lock(&m_prepared->mutex);
    auto& kept = m_prepared->byConnection[db.connectionName()][statement];
    if (kept && kept->busy)
        return nullptr;
    if (!kept) {
        kept = std::make_shared<sql::PreparedSlot>();
        kept->query = QSqlQuery(db);
        kept->query.setForwardOnly(true);
    }
    kept->busy = true;
    return kept;
}

void Database::dropSlot(const QSqlDatabase& db, const QString& statement) const
{
    std::shared_ptr<sql::PreparedSlot> gone; // destroyed (finalized) after the lock
    QMutexLocker lock(&m_prepared->mutex);
    gone = m_prepared->byConnection[db.connectionName()].take(statement);
}

bool Database::isReachable() const
{
    return read([](const QSqlDatabase& db) { return sql::scalar(db, u"SELECT 1"_s); }).ok();
}

Status Database::runRead(const Body& body, ReadMode mode) const
{
    if (detail::ThreadTransaction* tx = detail::threadTransaction(this); tx && tx->open) {
        // Inside this thread's write: read what it wrote so far; a lost connection fails the whole write.
        const auto db = connection();
        if (!db)
            return db.error();
        Status done = body(*db);
        if (!done && done.error().retryable)
            tx->lost = true;
        return done;
    }
    for (int attempt = 0;; ++attempt) {
        const auto db = connection();
        if (!db)
            return db.error();
        if (mode == ReadMode::Snapshot) {
            const QString begin = m_config.dialect == Dialect::Sqlite
                ? u"BEGIN"_s // deferred: the read transaction, and its snapshot, starts with the first SELECT
                : u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s;
            if (auto begun = prepared(*db, begin); !begun) {
                if (attempt == 0 && begun.error().retryable) {
                    discardConnection();
                    continue;
                }
                return begun.error();
            }
        }
        const Status done = body(*db);
        if (mode == ReadMode::Snapshot) {
            // What was read stays valid even if ending the read-only transaction fails.
            if (auto ended = prepared(*db, done ? u"COMMIT"_s : u"ROLLBACK"_s); !ended && ended.error().retryable)
                discardConnection();
        }
        if (done || attempt > 0 || !done.error().retryable)
            return done;
        discardConnection();
    }
}

Status Database::runWrite(const Body& body) const
{
    const bool joins = detail::threadTransaction(this) != nullptr;
    for (int attempt = 0;; ++attempt) {
        // The transaction has ended (rolled back) before a retry discards its connection.
        const Status done = [&]() -> Status {
            WriteTransaction tx(*this);
            if (Status begun = tx.begin(); !begun)
                return begun;
            if (Status ran = body(tx.db()); !ran)
                return ran;
            return tx.commit();
        }();
        if (done || !done.error().retryable)
            return done;
        if (joins) {
            if (detail::ThreadTransaction* tx = detail::threadTransaction(this))
                tx->lost = true;
            return done;
        }
        if (attempt > 0)
            return done;
        qCInfo(lcDb) << "connection lost before anything was committed; running the write again on a fresh one";
        discardConnection();
    }
}

bool Database::enterWriteGate() const
{
    constexpr int kBusyTimeoutMs = 10000; // as QSQLITE_BUSY_TIMEOUT
    if (m_config.dialect != Dialect::Sqlite)
        return false;
    if (m_writeGate.tryLock(kBusyTimeoutMs))
        return true;
    qCWarning(lcDb) << "a write waited" << kBusyTimeoutMs / 1000
                    << "s for this process's other writers; it goes on without the write gate";
    return false;
}

bool Database::tryWriteGate(int timeoutMs) const
{
    return m_config.dialect == Dialect::Sqlite && m_writeGate.tryLock(timeoutMs);
}

void Database::leaveWriteGate() const
{
    m_writeGate.unlock();
}

QString Database::beginWriteSql() const
{
    return m_config.dialect == Dialect::Sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
}

QString Database::forUpdate() const
{
    return m_config.dialect == Dialect::Postgres ? u" FOR UPDATE"_s : QString();
}

QString Database::containsSql(const QString& haystack, const QString& needle, QVariantList* params) const
{
    if (m_config.dialect == Dialect::Sqlite) {
        params->append(needle);
        return u"instr(%1, ?) > 0"_s.arg(haystack);
    }
    if (!trigramSearchable(needle)) {
        params->append(needle);
        return u"strpos(%1, ?) > 0"_s.arg(haystack);
    }
    QString escaped = needle;
    escaped.replace(u'!', u"!!"_s).replace(u'%', u"!%"_s).replace(u'_', u"!_"_s);
    params->append(QString(u'%' + escaped + u'%'));
    return u"%1 LIKE ? ESCAPE '!'"_s.arg(haystack);
}

bool Database::trigramSearchable(const QString& needle)
{
    if (needle.size() < kTrigram)
        return false;
    qsizetype codePoints = 0;
    for (qsizetype i = 0; i < needle.size() && codePoints < kTrigram; ++i) {
        if (!(needle.at(i).isLowSurrogate() && i > 0 && needle.at(i - 1).isHighSurrogate()))
            ++codePoints;
    }
    return codePoints >= kTrigram;
}

QString Database::byteOrder(const QString& textExpression) const
{
    // SQLite compares text with memcmp (BINARY) unless told otherwise; PostgreSQL uses the database's collation,
    // which differs between servers (en_US puts "_x" before "a" and "a" before "B").
    return m_config.dialect == Dialect::Postgres ? textExpression + u" COLLATE \"C\""_s : textExpression;
}

namespace sql {

Error storageError(const QSqlError& error, bool connectionLost)
{
    qCWarning(lcDb) << (connectionLost ? "database connection lost:" : "database error:") << error.text();
    return Error{ErrorKind::Storage, u"database error: "_s + error.text(), connectionLost};
}

bool isConnectionLost(const QSqlDatabase& db, const QSqlError& error)
{
    if (!db.isValid() || !db.isOpen())
        return true;
    if (db.driverName() == u"QPSQL"_s) {
        // libpq knows: a connection whose server side went is CONNECTION_BAD from the first failed exchange on.
        // Never the error text, which libpq translates into the process's language. PQconsumeInput reads what
        // already arrived without waiting: a session the server ended while it was idle (its goodbye and the
        // closed socket are there) is seen now, before any work is started on it.
        const QVariant handle = db.driver()->handle();
        if (handle.isValid() && qstrcmp(handle.typeName(), "PGconn*") == 0) {
            PGconn* connection = *static_cast<PGconn* const*>(handle.constData());
            if (!connection || PQstatus(connection) == CONNECTION_BAD)
                return true;
            if (!PQisBusy(connection) && (!PQconsumeInput(connection) || PQstatus(connection) == CONNECTION_BAD))
                return true;
        }
        // Class 08: connection exception; 57P01-03: the server shuts the session down or is not ready yet.
        const QString state = error.nativeErrorCode();
        return state.startsWith(u"08"_s) || state == u"57P01"_s || state == u"57P02"_s || state == u"57P03"_s;
    }
    // SQLite: I/O errors and a file that can no longer be opened (deleted, moved, unmounted). Busy is not one:
    // the busy timeout already waited.
    bool numeric = false;
    const int primaryCode = error.nativeErrorCode().toInt(&numeric) & 0xff;
    return numeric && (primaryCode == 10 /* SQLITE_IOERR */ || primaryCode == 14 /* SQLITE_CANTOPEN */);
}

// Text a database cannot hold as given (PostgreSQL has no U+0000, and QPSQL even cuts the statement there; lone
// surrogates come back altered): bad input on every backend, never a database failure (503).
Status checkParams(const QVariantList& params)
{
    for (const QVariant& param : params) {
        if (param.typeId() == QMetaType::QString) {
            const QString text = param.toString();
            if (text.contains(QChar(u'\0')) || !text.isValidUtf16())
                return Error{ErrorKind::Invalid, u"text must be valid Unicode without the character U+0000"_s};
        }
    }
    return success();
}

void bindParams(QSqlQuery& query, const QVariantList& params)
{
    for (qsizetype i = 0; i < params.size(); ++i) {
        const QVariant& param = params.at(i);
        // A null QString binds as SQL NULL; text columns here are NOT NULL, so text is always text.
        const bool nullText = param.typeId() == QMetaType::QString && param.toString().isNull();
        query.bindValue(static_cast<int>(i), nullText ? QVariant(QString(u""_s)) : param);
    }
}

Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& statement, const QVariantList& params)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (params.isEmpty()) {
        // Direct execution: PostgreSQL cannot PREPARE DDL, SET, BEGIN or LOCK.
        if (!query.exec(statement))
            return storageError(query.lastError(), isConnectionLost(db, query.lastError()));
        return query;
    }
    if (Status ok = checkParams(params); !ok)
        return ok.error();
    if (!query.prepare(statement))
        return storageError(query.lastError(), isConnectionLost(db, query.lastError()));
    bindParams(query, params);
    if (!query.exec())
        return storageError(query.lastError(), isConnectionLost(db, query.lastError()));
    return query;
}

Statement::Statement(const QSqlDatabase& db, const QString& text)
    : m_db(db)
    , m_text(text)
    , m_query(db)
{
    m_query.setForwardOnly(true);
    if (SqliteStatement::available(db))
        m_sqlite = std::make_unique<SqliteStatement>(db, text);
}

Statement::~Statement() = default;

Status Statement::run(const QVariantList& params)
{
    if (Status ok = checkParams(params); !ok)
        return ok;
    if (m_sqlite)
        return m_sqlite->run(params);
    if (!m_prepared) {
        if (!m_query.prepare(m_text))
            return storageError(m_query.lastError(), isConnectionLost(m_db, m_query.lastError()));
        m_prepared = true;
    }
    bindParams(m_query, params);
    if (!m_query.exec())
        return storageError(m_query.lastError(), isConnectionLost(m_db, m_query.lastError()));
    return success();
}

PreparedQuery::PreparedQuery(std::shared_ptr<PreparedSlot> slot)
    : m_slot(std::move(slot))
{
}

PreparedQuery::PreparedQuery(QSqlQuery oneOff)
    : m_oneOff(std::move(oneOff))
{
}

PreparedQuery::PreparedQuery(PreparedQuery&& other) noexcept
    : m_slot(std::move(other.m_slot))
    , m_oneOff(std::move(other.m_oneOff))
{
}

PreparedQuery::~PreparedQuery()
{
    if (m_slot) {
        m_slot->query.finish();
        m_slot->busy = false;
    }
}

Result<qint64> scalar(const QSqlDatabase& db, const QString& statement, const QVariantList& params)
{
    auto query = exec(db, statement, params);
    if (!query)
        return query.error();
    if (!query->next())
        return Error{ErrorKind::Storage, u"database error: no row from "_s + statement};
    return query->value(0).toLongLong();
}

} // namespace sql

} // namespace mood
