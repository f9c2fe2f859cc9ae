#include "MessageIndexSchema.h"

#include "Database.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QStringList>

#include <atomic>
#include <iterator>

namespace mood::Schema::MessageIndexSchema {

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcMessageIndex, "mood.schema")

const char* const kTriggers[] = {"events_message_insert", "events_message_delete", "events_message_update"};

// Runs statements inside a savepoint. When one fails because the feature is missing here, everything since the
// savepoint is undone and the answer is false: the migration goes on without the index. Any other failure is the
// migration's error.
Result<bool> tryInSavepoint(const QSqlDatabase& db, Dialect dialect, const QStringList& statements)
{
    if (auto begun = sql::exec(db, u"SAVEPOINT message_index"_s); !begun)
        return begun.error();
    for (const QString& statement : statements) {
        QSqlQuery query(db);
        if (query.exec(statement))
            continue;
        const QSqlError error = query.lastError();
        query.finish();
        if (!isMissingFeature(error, dialect))
            return sql::storageError(error, sql::isConnectionLost(db, error)); // migrate() rolls everything back
        if (auto undone = sql::exec(db, u"ROLLBACK TO SAVEPOINT message_index"_s); !undone)
            return undone.error();
        if (auto released = sql::exec(db, u"RELEASE SAVEPOINT message_index"_s); !released)
            return released.error();
        return false;
    }
    if (auto released = sql::exec(db, u"RELEASE SAVEPOINT message_index"_s); !released)
        return released.error();
    return true;
}

Status createSqlite(const QSqlDatabase& db)
{
    const QString insert = u"INSERT INTO events_message (rowid, message) VALUES (NEW.seq, NEW.message);"_s;
    const QString remove =
        u"INSERT INTO events_message (events_message, rowid, message) VALUES ('delete', OLD.seq, OLD.message);"_s;
    const auto made = tryInSavepoint(
        db, Dialect::Sqlite,
        {u"CREATE VIRTUAL TABLE IF NOT EXISTS events_message USING fts5(message, content='events',"
         " content_rowid='seq', tokenize='trigram case_sensitive 1', columnsize=0)"_s,
         u"CREATE TRIGGER IF NOT EXISTS events_message_insert AFTER INSERT ON events BEGIN "_s + insert + u" END"_s,
         u"CREATE TRIGGER IF NOT EXISTS events_message_delete AFTER DELETE ON events BEGIN "_s + remove + u" END"_s,
         u"CREATE TRIGGER IF NOT EXISTS events_message_update AFTER UPDATE OF seq, message ON events BEGIN "_s + remove
             + u" "_s + insert + u" END"_s,
         u"INSERT INTO events_message (events_message) VALUES ('rebuild')"_s});
    static std::atomic<bool> told{false}; // every open tries again (repair): said once per process
    if (made && !*made && !told.exchange(true))
        qCWarning(lcMessageIndex)
            << "no FTS5 trigram tokenizer in this SQLite: GET /events?message= reads every message";
    return made ? success() : Status(made.error());
}

// An extension belongs to the whole database: in public, it outlives a schema of the tables dropped later (another
// Moodboard's on the same database, a test's), which would drop its indexes everywhere with it.
Status createPostgres(const QSqlDatabase& db)
{
    auto made = tryInSavepoint(db, Dialect::Postgres, {u"CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"_s});
    if (made && !*made)
        made = tryInSavepoint(db, Dialect::Postgres, {u"CREATE EXTENSION IF NOT EXISTS pg_trgm"_s});
    if (!made)
        return made.error();
    if (!*made) {
        qCWarning(lcMessageIndex) << "pg_trgm could not be created (not installed, or no right to):"
                                     " GET /events?message= reads every message";
        return success();
    }
    // The extension may live in another schema than the tables (created there before): name its operator class.
    auto schema = sql::exec(db,
                            u"SELECT quote_ident(n.nspname) FROM pg_extension e"
                            " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"_s);
    if (!schema)
        return schema.error();
    if (!schema->next())
        return success();
    const QString opclass = schema->value(0).toString() + u".gin_trgm_ops"_s;
    schema->finish();
    const auto indexed = tryInSavepoint(
        db, Dialect::Postgres,
        {u"CREATE INDEX IF NOT EXISTS events_message_trgm ON events USING gin (message %1)"_s.arg(opclass)});
    if (indexed && !*indexed)
        qCWarning(lcMessageIndex) << "the pg_trgm index of events.message could not be created:"
                                     " GET /events?message= reads every message";
    return indexed ? success() : Status(indexed.error());
}
} // namespace

Status create(const QSqlDatabase& db, Dialect dialect)
{
    return dialect == Dialect::Sqlite ? createSqlite(db) : createPostgres(db);
}

Status repair(const QSqlDatabase& db)
{
    auto table =
        sql::scalar(db, u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'events_message'"_s);
    if (!table)
        return table.error();
    if (*table == 0)
        return createSqlite(db); // step 11 ran where FTS5 was missing: this SQLite may have it
    QSqlQuery probe(db);
    if (!probe.exec(u"SELECT rowid FROM events_message LIMIT 0"_s)) {
        const QSqlError error = probe.lastError();
        probe.finish();
        if (!isMissingFeature(error, Dialect::Sqlite))
            return sql::storageError(error, sql::isConnectionLost(db, error));
        for (const char* trigger : kTriggers) {
            if (auto dropped = sql::exec(db, u"DROP TRIGGER IF EXISTS "_s + QLatin1StringView(trigger)); !dropped)
                return dropped.error();
        }
        qCWarning(lcMessageIndex) << "this SQLite cannot read the message index:" << error.text()
                                  << "- it is no longer kept up to date; a build with FTS5 rebuilds it";
        return success();
    }
    probe.finish();
    QStringList names;
    for (const char* trigger : kTriggers)
        names.append(u'\'' + QLatin1StringView(trigger) + u'\'');
    auto triggers = sql::scalar(
        db, u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%1)"_s.arg(names.join(u", "_s)));
    if (!triggers)
        return triggers.error();
    if (*triggers == static_cast<qint64>(std::size(kTriggers)))
        return success();
    // The triggers again, and 'rebuild' reads every event: under the migration's write lock, for the index and its
    // triggers must start together.
    QElapsedTimer timer;
    timer.start();
    const Status rebuilt = createSqlite(db);
    if (rebuilt)
        qCInfo(lcMessageIndex) << "the message index had not been kept up to date: rebuilt in" << timer.elapsed()
                               << "ms";
    return rebuilt;
}

bool isMissingFeature(const QSqlError& error, Dialect dialect)
{
    if (dialect == Dialect::Sqlite) {
        // An SQLite without FTS5 ("no such module: fts5"), or with an FTS5 older than its trigram tokenizer (3.34).
        const QString text = error.databaseText();
        return text.contains(u"no such module"_s) || text.contains(u"no such tokenizer"_s)
            || text.contains(u"parse error in tokenize directive"_s);
    }
    // SQLSTATEs of an extension that is not installed (58P01 before PostgreSQL 15, 0A000 since), a missing right
    // (42501), a schema or an operator class that is not there (3F000, 42704).
    static const QStringList kMissing{u"58P01"_s, u"0A000"_s, u"42501"_s, u"3F000"_s, u"42704"_s};
    return kMissing.contains(error.nativeErrorCode());
}

} // namespace mood::Schema::MessageIndexSchema
