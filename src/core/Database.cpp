#include "Database.h"

#include "Schema.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QThread>

#include <vector>

Q_LOGGING_CATEGORY(lcDb, "mood.db")

namespace mood {

using namespace Qt::StringLiterals;

namespace {
// Removes this thread's connections when the thread ends (thread_local destructors run on thread exit).
struct ThreadConnections {
    std::vector<QString> names;
    ~ThreadConnections()
    {
        for (const QString& name : names) {
            if (QSqlDatabase::contains(name))
                QSqlDatabase::removeDatabase(name);
        }
    }
};
thread_local ThreadConnections t_connections;

QString threadConnectionName(const QString& prefix)
{
    return prefix + u'-' + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
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
{
    static QAtomicInteger<quint32> counter;
    m_connectionPrefix = u"moodboard-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

Database::~Database()
{
    // Connections of this thread go now; those of threads still running go when those threads end.
    const QString name = threadConnectionName(m_connectionPrefix);
    if (QSqlDatabase::contains(name))
        QSqlDatabase::removeDatabase(name);
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
    return database;
}

Result<QSqlDatabase> Database::connection() const
{
    const QString name = threadConnectionName(m_connectionPrefix);
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }
    return openConnection(name);
}

Result<QSqlDatabase> Database::openConnection(const QString& name) const
{
    const bool known = QSqlDatabase::contains(name);
    QSqlDatabase db = known
        ? QSqlDatabase::database(name, false)
        : QSqlDatabase::addDatabase(m_config.dialect == Dialect::Sqlite ? u"QSQLITE"_s : u"QPSQL"_s, name);
    if (!known)
        t_connections.names.push_back(name);
    if (!db.isValid())
        return Error{ErrorKind::Storage, u"the Qt SQL driver for %1 is not installed"_s.arg(m_config.displayName())};

    if (m_config.dialect == Dialect::Sqlite) {
        db.setDatabaseName(m_config.sqlitePath);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
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
        setup << u"PRAGMA journal_mode=WAL"_s << u"PRAGMA synchronous=NORMAL"_s << u"PRAGMA foreign_keys=ON"_s;
    } else if (!m_config.schema.isEmpty()) {
        if (const Status ready = ensureSchema(db, m_config.schema); !ready) {
            db.close();
            return ready.error();
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

bool Database::isReachable() const
{
    auto db = connection();
    if (!db)
        return false;
    if (sql::scalar(*db, u"SELECT 1"_s).ok())
        return true;
    db->close(); // a dead server connection: reopen on next use
    return false;
}

QString Database::beginWriteSql() const
{
    return m_config.dialect == Dialect::Sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
}

QString Database::forUpdate() const
{
    return m_config.dialect == Dialect::Postgres ? u" FOR UPDATE"_s : QString();
}

QString Database::containsSql(const QString& haystack) const
{
    return m_config.dialect == Dialect::Sqlite ? u"instr(%1, ?) > 0"_s.arg(haystack)
                                               : u"strpos(%1, ?) > 0"_s.arg(haystack);
}

namespace sql {

Error storageError(const QSqlError& error)
{
    qCWarning(lcDb) << "database error:" << error.text();
    return Error{ErrorKind::Storage, u"database error: "_s + error.text()};
}

Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& statement, const QVariantList& params)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (params.isEmpty()) {
        // Direct execution: PostgreSQL cannot PREPARE DDL, SET, BEGIN or LOCK.
        if (!query.exec(statement))
            return storageError(query.lastError());
        return query;
    }
    for (const QVariant& param : params) {
        // Text a database cannot hold as given (PostgreSQL has no U+0000, and QPSQL even cuts the statement
        // there; lone surrogates come back altered): bad input on every backend, never a database failure (503).
        if (param.typeId() == QMetaType::QString) {
            const QString text = param.toString();
            if (text.contains(QChar(u'\0')) || !text.isValidUtf16())
                return Error{ErrorKind::Invalid, u"text must be valid Unicode without the character U+0000"_s};
        }
    }
    if (!query.prepare(statement))
        return storageError(query.lastError());
    for (const QVariant& param : params) {
        // A null QString binds as SQL NULL; text columns here are NOT NULL, so text is always text.
        const bool nullText = param.typeId() == QMetaType::QString && param.toString().isNull();
        query.addBindValue(nullText ? QVariant(QString(u""_s)) : param);
    }
    if (!query.exec())
        return storageError(query.lastError());
    return query;
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

WriteTransaction::WriteTransaction(const Database& database)
    : m_database(database)
{
}

WriteTransaction::~WriteTransaction()
{
    if (m_active)
        (void)sql::exec(m_db, u"ROLLBACK"_s);
}

Status WriteTransaction::begin()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    m_db = *db;
    if (auto begun = sql::exec(m_db, m_database.beginWriteSql()); !begun)
        return begun.error();
    m_active = true;
    return success();
}

Status WriteTransaction::commit()
{
    if (auto committed = sql::exec(m_db, u"COMMIT"_s); !committed)
        return committed.error();
    m_active = false;
    return success();
}

} // namespace mood
