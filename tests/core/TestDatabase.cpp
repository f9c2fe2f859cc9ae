#include "Database.h"
#include "Schema.h"
#include "ScratchDatabase.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSqlError>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
const QStringList kTables{u"meta"_s,
                          u"users"_s,
                          u"streak_histogram"_s,
                          u"moods"_s,
                          u"follows"_s,
                          u"events"_s,
                          u"activities"_s,
                          u"ui_logs"_s,
                          u"ui_actions"_s,
                          u"auth_tokens"_s,
                          u"streak_milestones"_s,
                          u"idempotency_keys"_s,
                          u"event_counter"_s,
                          u"yearend_mail"_s,
                          u"registration_attempts"_s,
                          u"event_order"_s};

// Runs fn in a new QThread and waits for it.
template <typename Fn>
bool runInThread(Fn fn)
{
    std::unique_ptr<QThread> thread(QThread::create(std::move(fn)));
    thread->start();
    return thread->wait(60000);
}
} // namespace

class TestDatabase final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void openMigratesToCurrentVersion();
    void openCreatesStorageLocation();
    void reopenIsIdempotentAndKeepsData();
    void newerSchemaIsRefusedAndLeftUntouched();
    void concurrentOpensOfAFreshDatabase();
    void sqliteUsesWal();
    void connectionPerThread();
    void connectionPerDatabaseObject();
    void poolThreadConnectionsCloseWithTheDatabase();
    void shortLivedThreadsEachGetAWorkingConnection();
    void writeTransactionRollsBackWithoutCommit();
    void writeTransactionCommitPersists();
    void failedStatementLeavesNothingHalfWritten();
    void uncommittedWritesInvisibleToOtherConnections();
    void execReportsStorageErrors();
    void scalarHelper();
    void nullStringStoredAsEmpty();
    void containsSqlIsLiteralAndCaseSensitive();
    void isReachable();
    void droppedPostgresConnectionIsReopened();
    void readsAreRetriedOnAFreshConnection();
    void writeLostBeforeCommitRunsOnceMore();
    void writeLostTwiceGivesUpWithNothingStored();
    void failedWriteIsNotRetried();
    void nestedWritesAreSavepoints();
    void transactionScopeCommitsItsWritesTogether();

private:
    bool isPostgres() const;
    // Cuts this thread's connection of database: the server ends the session (PostgreSQL), or the handle is
    // closed under the code that uses it (SQLite, whose connections do not break otherwise).
    void cutConnection(const Database& database);
    std::unique_ptr<Database> m_killer; // PostgreSQL: a second connection that terminates the first
    qint64 metaCount(const QString& key);
    QString metaValue(const QString& key);
    // A config for a database nobody opened yet: another file, or another schema (dropped at cleanup).
    DatabaseConfig freshConfig();

    test::ScratchDatabase m_scratch;
    std::unique_ptr<QTemporaryDir> m_extraDir;
    QStringList m_extraSchemas;
    int m_freshCount = 0;
};

void TestDatabase::initTestCase_data()
{
    test::addBackendRows();
}

void TestDatabase::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
}

void TestDatabase::cleanup()
{
    for (const QString& schema : std::as_const(m_extraSchemas))
        m_scratch.exec(u"DROP SCHEMA IF EXISTS \"%1\" CASCADE"_s.arg(schema));
    m_extraSchemas.clear();
    m_killer.reset();
    m_scratch.close();
    m_extraDir.reset();
    m_freshCount = 0;
}

bool TestDatabase::isPostgres() const
{
    return m_scratch.config().dialect == Dialect::Postgres;
}

qint64 TestDatabase::metaCount(const QString& key)
{
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM meta WHERE meta_key = ?"_s, {key});
    return q.next() ? q.value(0).toLongLong() : -1;
}

QString TestDatabase::metaValue(const QString& key)
{
    QSqlQuery q = m_scratch.exec(u"SELECT meta_value FROM meta WHERE meta_key = ?"_s, {key});
    return q.next() ? q.value(0).toString() : u"<absent>"_s;
}

DatabaseConfig TestDatabase::freshConfig()
{
    DatabaseConfig config = m_scratch.config();
    ++m_freshCount;
    if (config.dialect == Dialect::Postgres) {
        config.schema += u"_fresh%1"_s.arg(m_freshCount);
        m_extraSchemas.append(config.schema);
    } else {
        if (!m_extraDir)
            m_extraDir = std::make_unique<QTemporaryDir>();
        config.sqlitePath = m_extraDir->filePath(u"fresh-%1.sqlite"_s.arg(m_freshCount));
    }
    return config;
}

void TestDatabase::openMigratesToCurrentVersion()
{
    const auto db = m_scratch.db().connection();
    QVERIFY2(db.ok(), qPrintable(db.error().message));
    const auto version = Schema::version(*db);
    QVERIFY2(version.ok(), qPrintable(version.error().message));
    QCOMPARE(*version, Schema::kVersion);
    QCOMPARE(metaValue(u"schema_version"_s), QString::number(Schema::kVersion));
    QCOMPARE(metaCount(u"schema_version"_s), 1);

    for (const QString& table : kTables) {
        const auto rows = sql::scalar(*db, u"SELECT COUNT(*) FROM "_s + table);
        QVERIFY2(rows.ok(), qPrintable(table + u": "_s + rows.error().message));
        if (table == u"event_counter"_s || table == u"event_order"_s)
            QCOMPARE(*rows, 1); // the one counter row, the one order row
        else if (table != u"meta"_s)
            QCOMPARE(*rows, 0); // a fresh database is empty
    }
    // A table that does not exist is an error, so the loop above proves something.
    QVERIFY(!sql::scalar(*db, u"SELECT COUNT(*) FROM no_such_table"_s).ok());

    // Columns the services rely on, with their defaults.
    QVERIFY(sql::exec(
                *db, u"INSERT INTO users (username, password_hash, timezone, created_at) VALUES ('a', 'h', 'UTC', 1)"_s)
                .ok());
    QSqlQuery q = m_scratch.exec(u"SELECT email, share_level, is_admin, longest_streak FROM users"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QString(u""_s));
    QCOMPARE(q.value(1).toString(), u"milestones"_s);
    QCOMPARE(q.value(2).toInt(), 0);
    QCOMPARE(q.value(3).toInt(), 0);
    // Usernames are unique.
    QVERIFY(
        !sql::exec(*db,
                   u"INSERT INTO users (username, password_hash, timezone, created_at) VALUES ('a', 'h', 'UTC', 2)"_s)
             .ok());

    if (isPostgres()) {
        // Everything lives in the configured schema, nothing in public.
        QSqlQuery tables = m_scratch.exec(
            u"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'"_s,
            {m_scratch.config().schema});
        QVERIFY(tables.next());
        QCOMPARE(tables.value(0).toInt(), int(kTables.size()));
    }
}

void TestDatabase::openCreatesStorageLocation()
{
    DatabaseConfig config = m_scratch.config();
    QString folder;
    if (isPostgres()) {
        config.schema = freshConfig().schema;
        QSqlQuery before = m_scratch.exec(u"SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?"_s, {config.schema});
        QVERIFY(before.next());
        QCOMPARE(before.value(0).toInt(), 0);
    } else {
        m_extraDir = std::make_unique<QTemporaryDir>();
        folder = m_extraDir->filePath(u"not/yet/there"_s);
        QVERIFY(!QFileInfo::exists(folder));
        const auto parsed = DatabaseConfig::parse(folder + u"/moodboard.sqlite"_s);
        QVERIFY(parsed.ok());
        config = *parsed;
    }

    auto database = Database::open(config);
    QVERIFY2(database.ok(), qPrintable(database.error().message));
    const auto db = (*database)->connection();
    QVERIFY(db.ok());
    QCOMPARE(*Schema::version(*db), Schema::kVersion);
    QVERIFY(sql::scalar(*db, u"SELECT COUNT(*) FROM users"_s).ok());

    if (isPostgres()) {
        QSqlQuery after = m_scratch.exec(u"SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?"_s, {config.schema});
        QVERIFY(after.next());
        QCOMPARE(after.value(0).toInt(), 1);
        QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM users"_s), 0); // its own tables, not the scratch ones
    } else {
        QVERIFY(QFileInfo(folder).isDir());
        QVERIFY(QFileInfo::exists(folder + u"/moodboard.sqlite"_s));
    }
}

void TestDatabase::reopenIsIdempotentAndKeepsData()
{
    QVERIFY(m_scratch
                .exec(u"INSERT INTO users (username, password_hash, timezone, created_at)"
                      " VALUES ('keeper', 'h', 'Europe/Berlin', 42)"_s)
                .isActive());
    QVERIFY(m_scratch.exec(u"INSERT INTO meta (meta_key, meta_value) VALUES ('custom', 'kept')"_s).isActive());

    for (int round = 0; round < 2; ++round) {
        auto again = Database::open(m_scratch.config());
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        const auto db = (*again)->connection();
        QVERIFY(db.ok());
        QCOMPARE(*Schema::version(*db), Schema::kVersion);
        QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM users WHERE username = 'keeper' AND created_at = 42"_s), 1);
    }
    // Migrating an up-to-date database directly is a no-op too.
    const auto db = m_scratch.db().connection();
    QVERIFY(Schema::migrate(*db, m_scratch.config().dialect).ok());

    QCOMPARE(metaCount(u"schema_version"_s), 1);
    QCOMPARE(metaValue(u"schema_version"_s), QString::number(Schema::kVersion));
    QCOMPARE(metaValue(u"custom"_s), u"kept"_s);
    QSqlQuery users = m_scratch.exec(u"SELECT username, timezone FROM users"_s);
    QVERIFY(users.next());
    QCOMPARE(users.value(0).toString(), u"keeper"_s);
    QCOMPARE(users.value(1).toString(), u"Europe/Berlin"_s);
    QVERIFY(!users.next());
}

void TestDatabase::newerSchemaIsRefusedAndLeftUntouched()
{
    const QString newer = QString::number(Schema::kVersion + 1);
    QVERIFY(m_scratch
                .exec(u"INSERT INTO users (username, password_hash, timezone, created_at)"
                      " VALUES ('future', 'h', 'UTC', 7)"_s)
                .isActive());
    QVERIFY(m_scratch.exec(u"UPDATE meta SET meta_value = ? WHERE meta_key = 'schema_version'"_s, {newer}).isActive());
    QCOMPARE(metaValue(u"schema_version"_s), newer);

    auto refused = Database::open(m_scratch.config());
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(u"newer"_s), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(newer), qPrintable(refused.error().message));

    // Untouched: same version, same data, no second version row; and still refused next time.
    QCOMPARE(metaValue(u"schema_version"_s), newer);
    QCOMPARE(metaCount(u"schema_version"_s), 1);
    QSqlQuery users = m_scratch.exec(u"SELECT username, created_at FROM users"_s);
    QVERIFY(users.next());
    QCOMPARE(users.value(0).toString(), u"future"_s);
    QCOMPARE(users.value(1).toLongLong(), 7);
    QVERIFY(!users.next());
    QVERIFY(!Database::open(m_scratch.config()).ok());

    // The refusal did not leave a transaction or lock behind: the database is writable.
    QVERIFY(m_scratch
                .exec(u"UPDATE meta SET meta_value = ? WHERE meta_key = 'schema_version'"_s,
                      {QString::number(Schema::kVersion)})
                .isActive());
    auto reopened = Database::open(m_scratch.config());
    QVERIFY2(reopened.ok(), qPrintable(reopened.error().message));
}

void TestDatabase::concurrentOpensOfAFreshDatabase()
{
    // Several servers may start at once on one new database: all succeed, one migration happens.
    constexpr int kOpeners = 4;
    const DatabaseConfig config = freshConfig();
    QAtomicInt failures;
    QStringList errors;
    QMutex errorsMutex;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < kOpeners; ++i) {
        threads.emplace_back(QThread::create([&] {
            auto database = Database::open(config);
            QString error;
            if (!database) {
                error = database.error().message;
            } else {
                const auto db = (*database)->connection();
                const auto rows = db ? sql::scalar(*db, u"SELECT COUNT(*) FROM users"_s) : Result<qint64>(db.error());
                if (!rows)
                    error = rows.error().message;
            }
            if (!error.isEmpty()) {
                failures.fetchAndAddRelaxed(1);
                QMutexLocker lock(&errorsMutex);
                errors.append(error);
            }
        }));
    }
    for (auto& thread : threads)
        thread->start();
    for (auto& thread : threads)
        QVERIFY(thread->wait(60000));
    QVERIFY2(failures.loadRelaxed() == 0, qPrintable(errors.join(u" | "_s)));

    auto database = Database::open(config);
    QVERIFY2(database.ok(), qPrintable(database.error().message));
    const auto db = (*database)->connection();
    QCOMPARE(*Schema::version(*db), Schema::kVersion);
    QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM meta WHERE meta_key = 'schema_version'"_s), 1);
}

void TestDatabase::sqliteUsesWal()
{
    if (isPostgres())
        QSKIP("SQLite only");
    QSqlQuery q = m_scratch.exec(u"PRAGMA journal_mode"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString().toLower(), u"wal"_s);
    QSqlQuery fk = m_scratch.exec(u"PRAGMA foreign_keys"_s);
    QVERIFY(fk.next());
    QCOMPARE(fk.value(0).toInt(), 1);

    // Per-connection settings hold on other threads' connections too.
    QString threadMode;
    int threadForeignKeys = -1;
    QVERIFY(runInThread([&] {
        const auto db = m_scratch.db().connection();
        if (!db)
            return;
        if (auto r = sql::exec(*db, u"PRAGMA journal_mode"_s); r && r->next())
            threadMode = r->value(0).toString();
        if (auto r = sql::exec(*db, u"PRAGMA foreign_keys"_s); r && r->next())
            threadForeignKeys = r->value(0).toInt();
    }));
    QCOMPARE(threadMode.toLower(), u"wal"_s);
    QCOMPARE(threadForeignKeys, 1);
    QVERIFY(QFileInfo::exists(m_scratch.config().sqlitePath + u"-wal"_s));
}

void TestDatabase::connectionPerThread()
{
    Database& database = m_scratch.db();
    const auto mine = database.connection();
    QVERIFY(mine.ok());
    QVERIFY(mine->isOpen());
    const QString mainName = mine->connectionName();
    QCOMPARE(database.connection()->connectionName(), mainName); // same thread: same connection

    QString threadName;
    QString threadSecondName;
    QString threadError;
    QString threadSchema;
    QVERIFY(runInThread([&] {
        const auto db = database.connection();
        if (!db) {
            threadError = db.error().message;
            return;
        }
        threadName = db->connectionName();
        threadSecondName = database.connection()->connectionName();
        if (auto done = sql::exec(*db, u"INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)"_s,
                                  {u"from-thread"_s, u"hello"_s});
            !done)
            threadError = done.error().message;
        if (database.dialect() == Dialect::Postgres) {
            if (auto q = sql::exec(*db, u"SELECT current_schema()"_s); q && q->next())
                threadSchema = q->value(0).toString();
        }
    }));
    QVERIFY2(threadError.isEmpty(), qPrintable(threadError));
    QVERIFY(!threadName.isEmpty());
    QVERIFY(threadName != mainName);
    QCOMPARE(threadSecondName, threadName);
    if (isPostgres())
        QCOMPARE(threadSchema, m_scratch.config().schema);
    // The thread's write went to the same database, and this thread's connection still works.
    QCOMPARE(metaValue(u"from-thread"_s), u"hello"_s);
    QVERIFY(mine->isOpen());
    // The thread's connection goes away with the thread.
    QTRY_VERIFY_WITH_TIMEOUT(!QSqlDatabase::contains(threadName), 5000);
    QVERIFY(QSqlDatabase::contains(mainName));
}

void TestDatabase::connectionPerDatabaseObject()
{
    const QString first = m_scratch.db().connection()->connectionName();
    QString second;
    {
        auto other = Database::open(m_scratch.config());
        QVERIFY2(other.ok(), qPrintable(other.error().message));
        second = (*other)->connection()->connectionName();
        QVERIFY(second != first);
        QVERIFY(QSqlDatabase::contains(second));
    }
    QVERIFY2(!QSqlDatabase::contains(second), "a destroyed Database left its connection behind");
    QVERIFY(m_scratch.db().connection()->isOpen());
}

namespace {
// Descriptors this process holds on the SQLite file (and its -wal and -shm files).
int openFilesOf(const QString& path)
{
    int count = 0;
    const QFileInfoList links =
        QDir(u"/proc/self/fd"_s).entryInfoList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo& link : links) {
        if (link.symLinkTarget().startsWith(path))
            ++count;
    }
    return count;
}
} // namespace

void TestDatabase::poolThreadConnectionsCloseWithTheDatabase()
{
    // No "connection ... is still in use" or any other warning while a Database goes.
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    const DatabaseConfig config = freshConfig();
    auto opened = Database::open(config);
    QVERIFY2(opened.ok(), qPrintable(opened.error().message));
    std::unique_ptr<Database> database = std::move(opened).value();

    QThreadPool pool;
    pool.setMaxThreadCount(1);
    pool.setExpiryTimeout(-1); // the pool thread lives on until the pool goes
    QSemaphore used;
    QString error;
    qint64 backend = 0;
    pool.start([&] {
        {
            const auto db = database->connection();
            const auto id = !db ? Result<qint64>(db.error())
                                : sql::scalar(*db,
                                              config.dialect == Dialect::Postgres ? u"SELECT pg_backend_pid()"_s
                                                                                  : u"SELECT COUNT(*) FROM users"_s);
            if (id)
                backend = *id;
            else
                error = id.error().message;
        } // no handle on the connection is left, but the thread goes on
        used.release();
    });
    used.acquire();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const auto backendAlive = [&] {
        QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?"_s, {backend});
        return q.next() ? q.value(0).toInt() : -1;
    };
    if (config.dialect == Dialect::Postgres)
        QCOMPARE(backendAlive(), 1);
    else
        QVERIFY(openFilesOf(config.sqlitePath) > 0);

    database.reset(); // while the pool thread is still running
    if (config.dialect == Dialect::Postgres)
        QTRY_COMPARE_WITH_TIMEOUT(backendAlive(), 0, 10000);
    else
        QCOMPARE(openFilesOf(config.sqlitePath), 0);
    QCOMPARE(pool.activeThreadCount(), 0);
    pool.waitForDone();
}

void TestDatabase::shortLivedThreadsEachGetAWorkingConnection()
{
    // Thread ids are reused by the system as soon as a thread is gone: a new thread must never be handed
    // (or refused because of) the connection of one that just ended.
    constexpr int kRounds = 100;
    int failures = 0;
    QString firstError;
    for (int round = 0; round < kRounds; ++round) {
        QString error;
        QVERIFY(runInThread([&] {
            const auto db = m_scratch.db().connection();
            const auto one = db ? sql::scalar(*db, u"SELECT 1"_s) : Result<qint64>(db.error());
            if (!one)
                error = one.error().message;
        }));
        if (!error.isEmpty()) {
            ++failures;
            if (firstError.isEmpty())
                firstError = error;
        }
    }
    QVERIFY2(failures == 0, qPrintable(u"%1 of %2 threads failed: %3"_s.arg(failures).arg(kRounds).arg(firstError)));
}

void TestDatabase::writeTransactionRollsBackWithoutCommit()
{
    {
        WriteTransaction tx(m_scratch.db());
        QVERIFY(tx.begin().ok());
        QVERIFY(sql::exec(tx.db(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('tx', 'uncommitted')"_s).ok());
        QCOMPARE(*sql::scalar(tx.db(), u"SELECT COUNT(*) FROM meta WHERE meta_key = 'tx'"_s), 1); // seen inside
    }
    QCOMPARE(metaCount(u"tx"_s), 0);

    // The connection is usable again, and a later transaction starts cleanly.
    WriteTransaction tx(m_scratch.db());
    QVERIFY(tx.begin().ok());
    QVERIFY(sql::exec(tx.db(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('tx', 'second')"_s).ok());
    QVERIFY(tx.commit().ok());
    QCOMPARE(metaValue(u"tx"_s), u"second"_s);
}

void TestDatabase::writeTransactionCommitPersists()
{
    {
        WriteTransaction tx(m_scratch.db());
        QVERIFY(tx.begin().ok());
        QVERIFY(sql::exec(tx.db(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('a', '1')"_s).ok());
        QVERIFY(sql::exec(tx.db(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('b', '2')"_s).ok());
        const Status committed = tx.commit();
        QVERIFY2(committed.ok(), qPrintable(committed.error().message));
    } // the destructor after commit() must not roll anything back
    QCOMPARE(metaValue(u"a"_s), u"1"_s);
    QCOMPARE(metaValue(u"b"_s), u"2"_s);

    // Durable for everyone, not only in this connection's view.
    qint64 seen = -1;
    QVERIFY(runInThread([&] {
        if (const auto db = m_scratch.db().connection()) {
            if (const auto n = sql::scalar(*db, u"SELECT COUNT(*) FROM meta WHERE meta_key IN ('a', 'b')"_s))
                seen = *n;
        }
    }));
    QCOMPARE(seen, 2);
    // And across a reopen.
    auto reopened = Database::open(m_scratch.config());
    QVERIFY(reopened.ok());
    QCOMPARE(*sql::scalar(*(*reopened)->connection(), u"SELECT COUNT(*) FROM meta WHERE meta_key IN ('a', 'b')"_s), 2);
}

void TestDatabase::failedStatementLeavesNothingHalfWritten()
{
    QVERIFY(m_scratch.exec(u"INSERT INTO meta (meta_key, meta_value) VALUES ('taken', 'old')"_s).isActive());
    {
        WriteTransaction tx(m_scratch.db());
        QVERIFY(tx.begin().ok());
        QVERIFY(sql::exec(tx.db(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('half', 'written')"_s).ok());
        QVERIFY(sql::exec(tx.db(), u"UPDATE meta SET meta_value = 'new' WHERE meta_key = 'taken'"_s).ok());
        const auto clash = sql::exec(tx.db(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('taken', 'dup')"_s);
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().kind, ErrorKind::Storage);
        // A service returns here on error: the transaction is dropped without commit().
    }
    QCOMPARE(metaCount(u"half"_s), 0);
    QCOMPARE(metaValue(u"taken"_s), u"old"_s);

    // Also a NOT NULL violation in a real table.
    {
        WriteTransaction tx(m_scratch.db());
        QVERIFY(tx.begin().ok());
        QVERIFY(sql::exec(
                    tx.db(),
                    u"INSERT INTO users (username, password_hash, timezone, created_at) VALUES ('x', 'h', 'UTC', 1)"_s)
                    .ok());
        QVERIFY(!sql::exec(tx.db(),
                           u"INSERT INTO users (username, password_hash, timezone, created_at)"
                           " VALUES ('y', 'h', NULL, 1)"_s)
                     .ok());
    }
    QSqlQuery users = m_scratch.exec(u"SELECT COUNT(*) FROM users"_s);
    QVERIFY(users.next());
    QCOMPARE(users.value(0).toInt(), 0);

    // The connection recovered: a new transaction works (PostgreSQL aborts a transaction after an error).
    WriteTransaction tx(m_scratch.db());
    QVERIFY(tx.begin().ok());
    QVERIFY(sql::exec(tx.db(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('after', 'ok')"_s).ok());
    QVERIFY(tx.commit().ok());
    QCOMPARE(metaValue(u"after"_s), u"ok"_s);
}

void TestDatabase::uncommittedWritesInvisibleToOtherConnections()
{
    WriteTransaction tx(m_scratch.db());
    QVERIFY(tx.begin().ok());
    QVERIFY(sql::exec(tx.db(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('pending', 'x')"_s).ok());

    // A reader on another thread is neither blocked (WAL / MVCC) nor shown the uncommitted row.
    qint64 seenDuring = -1;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(runInThread([&] {
        if (const auto db = m_scratch.db().connection()) {
            if (const auto n = sql::scalar(*db, u"SELECT COUNT(*) FROM meta WHERE meta_key = 'pending'"_s))
                seenDuring = *n;
        }
    }));
    QVERIFY2(timer.elapsed() < 5000, "the reader waited for the writer");
    QCOMPARE(seenDuring, 0);

    QVERIFY(tx.commit().ok());
    qint64 seenAfter = -1;
    QVERIFY(runInThread([&] {
        if (const auto db = m_scratch.db().connection()) {
            if (const auto n = sql::scalar(*db, u"SELECT COUNT(*) FROM meta WHERE meta_key = 'pending'"_s))
                seenAfter = *n;
        }
    }));
    QCOMPARE(seenAfter, 1);
}

void TestDatabase::execReportsStorageErrors()
{
    const auto db = m_scratch.db().connection();
    QVERIFY(db.ok());

    const auto syntax = sql::exec(*db, u"SELEKT 1"_s);
    QVERIFY(!syntax.ok());
    QCOMPARE(syntax.error().kind, ErrorKind::Storage);
    QVERIFY(!syntax.error().message.isEmpty());

    const auto prepared = sql::exec(*db, u"SELECT meta_value FROM no_such_table WHERE meta_key = ?"_s, {u"k"_s});
    QVERIFY(!prepared.ok());
    QCOMPARE(prepared.error().kind, ErrorKind::Storage);

    const auto column = sql::exec(*db, u"SELECT no_such_column FROM meta WHERE meta_key = ?"_s, {u"k"_s});
    QVERIFY(!column.ok());
    QCOMPARE(column.error().kind, ErrorKind::Storage);

    QVERIFY(sql::exec(*db, u"INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)"_s, {u"dup"_s, u"1"_s}).ok());
    const auto duplicate =
        sql::exec(*db, u"INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)"_s, {u"dup"_s, u"2"_s});
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().kind, ErrorKind::Storage);
    QCOMPARE(metaValue(u"dup"_s), u"1"_s);

    // After errors outside a transaction, the connection still serves statements.
    const auto fine = sql::exec(*db, u"SELECT meta_value FROM meta WHERE meta_key = ?"_s, {u"dup"_s});
    QVERIFY(fine.ok());
    QSqlQuery q = *fine;
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"1"_s);
}

void TestDatabase::scalarHelper()
{
    const auto db = m_scratch.db().connection();
    QCOMPARE(*sql::scalar(*db, u"SELECT 40 + 2"_s), 42);
    QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM meta WHERE meta_key = ?"_s, {u"schema_version"_s}), 1);
    QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM meta WHERE meta_key = ?"_s, {u"nothing"_s}), 0);
    QCOMPARE(*sql::scalar(*db, u"SELECT CAST(? AS BIGINT) * 2"_s, {Q_INT64_C(5000000000)}), Q_INT64_C(10000000000));

    const auto noRow = sql::scalar(*db, u"SELECT meta_value FROM meta WHERE meta_key = ?"_s, {u"nothing"_s});
    QVERIFY(!noRow.ok());
    QCOMPARE(noRow.error().kind, ErrorKind::Storage);
    const auto bad = sql::scalar(*db, u"SELECT COUNT(*) FROM nowhere"_s);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().kind, ErrorKind::Storage);
}

void TestDatabase::nullStringStoredAsEmpty()
{
    const auto db = m_scratch.db().connection();
    const auto inserted =
        sql::exec(*db, u"INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)"_s, {u"nullish"_s, QString()});
    QVERIFY2(inserted.ok(), qPrintable(inserted.error().message));
    QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM meta WHERE meta_key = 'nullish' AND meta_value IS NULL"_s), 0);
    QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM meta WHERE meta_key = 'nullish' AND meta_value = ''"_s), 1);

    // The same through a real NOT NULL column with a default: a null email is stored as ''.
    const auto user = sql::exec(*db,
                                u"INSERT INTO users (username, password_hash, email, timezone, created_at)"
                                " VALUES (?, ?, ?, ?, ?)"_s,
                                {u"n"_s, u"h"_s, QString(), u"UTC"_s, 1});
    QVERIFY2(user.ok(), qPrintable(user.error().message));
    QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM users WHERE email = ''"_s), 1);

    // Only null *text* is mapped: a null QVariant stays SQL NULL (nullable columns such as object_text).
    QCOMPARE(*sql::scalar(*db, u"SELECT CASE WHEN CAST(? AS TEXT) IS NULL THEN 1 ELSE 0 END"_s, {QVariant()}), 1);
    QCOMPARE(*sql::scalar(*db, u"SELECT CASE WHEN CAST(? AS TEXT) IS NULL THEN 1 ELSE 0 END"_s, {QString()}), 0);
}

void TestDatabase::containsSqlIsLiteralAndCaseSensitive()
{
    for (const auto& [key, value] :
         {std::pair{u"k1"_s, u"100% sure"_s}, std::pair{u"k2"_s, u"snake_case"_s}, std::pair{u"k3"_s, u"Hello World"_s},
          std::pair{u"k4"_s, u"plain"_s}, std::pair{u"k5"_s, u"wow!% \\x"_s}}) {
        QVERIFY(m_scratch.exec(u"INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)"_s, {key, value}).isActive());
    }
    const auto db = m_scratch.db().connection();
    // Short needles and long ones (a LIKE on PostgreSQL, for its trigram index) say the same.
    const auto count = [&](const QString& needle) {
        QVariantList params;
        const QString statement = u"SELECT COUNT(*) FROM meta WHERE meta_key LIKE 'k_' AND "_s
            + m_scratch.db().containsSql(u"meta_value"_s, needle, &params);
        return *sql::scalar(*db, statement, params);
    };
    QCOMPARE(count(u"%"_s), 2);
    QCOMPARE(count(u"_"_s), 1);
    QCOMPARE(count(u"e_c"_s), 1);
    QCOMPARE(count(u"s%"_s), 0);
    QCOMPARE(count(u"0% s"_s), 1);
    QCOMPARE(count(u"0%_s"_s), 0);
    QCOMPARE(count(u"World"_s), 1);
    QCOMPARE(count(u"world"_s), 0);
    QCOMPARE(count(u"HELLO"_s), 0);
    QCOMPARE(count(u"l"_s), 2);
    QCOMPARE(count(u"!"_s), 1);
    QCOMPARE(count(u"w!%"_s), 1);
    QCOMPARE(count(u"!%!"_s), 0);
    QCOMPARE(count(u"% \\"_s), 1);
    QCOMPARE(count(u"\\x"_s), 1);
    QCOMPARE(count(u"\\%"_s), 0);
    QVERIFY(Database::trigramSearchable(u"abc"_s));
    QVERIFY(!Database::trigramSearchable(u"ab"_s));
    QVERIFY(!Database::trigramSearchable(u"😀😀"_s)); // four UTF-16 units, two code points
    QVERIFY(Database::trigramSearchable(u"😀é😀"_s));
}

void TestDatabase::isReachable()
{
    QVERIFY(m_scratch.db().isReachable());
    bool reachableFromThread = false;
    QVERIFY(runInThread([&] { reachableFromThread = m_scratch.db().isReachable(); }));
    QVERIFY(reachableFromThread);
}

void TestDatabase::droppedPostgresConnectionIsReopened()
{
    if (m_scratch.db().dialect() != Dialect::Postgres)
        QSKIP("a server that drops connections exists only on PostgreSQL");
    const auto pid = sql::scalar(*m_scratch.db().connection(), u"SELECT pg_backend_pid()"_s);
    QVERIFY(pid.ok());
    auto other = Database::open(m_scratch.config()); // another connection kills ours, as a server restart would
    QVERIFY(other.ok());
    const auto killed =
        sql::scalar(*(*other)->connection(),
                    u"SELECT CASE WHEN pg_terminate_backend(CAST(? AS INTEGER)) THEN 1 ELSE 0 END"_s, {*pid});
    QVERIFY(killed.ok());
    QCOMPARE(*killed, 1);
    QVERIFY(!sql::scalar(*m_scratch.db().connection(), u"SELECT 1"_s).ok()); // the one failure
    const auto again = sql::scalar(*m_scratch.db().connection(), u"SELECT pg_backend_pid()"_s);
    QVERIFY2(again.ok(), qPrintable(again.error().message));
    QVERIFY(*again != *pid);
    QVERIFY(m_scratch.db().isReachable());
}

void TestDatabase::cutConnection(const Database& database)
{
    auto db = database.connection();
    QVERIFY(db.ok());
    if (!isPostgres()) {
        QSqlDatabase(*db).close();
        return;
    }
    const auto pid = sql::scalar(*db, u"SELECT pg_backend_pid()"_s);
    QVERIFY(pid.ok());
    if (!m_killer) {
        auto killer = Database::open(m_scratch.config());
        QVERIFY(killer.ok());
        m_killer = std::move(killer).value();
    }
    const auto killed =
        sql::scalar(*m_killer->connection(),
                    u"SELECT CASE WHEN pg_terminate_backend(CAST(? AS INTEGER)) THEN 1 ELSE 0 END"_s, {*pid});
    QVERIFY(killed.ok());
    QCOMPARE(*killed, 1);
    // The server ends the session asynchronously: wait until it is gone.
    QTRY_COMPARE_WITH_TIMEOUT(
        *sql::scalar(*m_killer->connection(), u"SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?"_s, {*pid}),
        qint64(0), 5000);
}

void TestDatabase::readsAreRetriedOnAFreshConnection()
{
    Database& database = m_scratch.db();
    QVERIFY(sql::exec(*database.connection(), u"INSERT INTO meta (meta_key, meta_value) VALUES ('r', 'v')"_s).ok());
    cutConnection(database);
    int runs = 0;
    const auto value = database.read([&](const QSqlDatabase& db) -> Result<QString> {
        ++runs;
        auto q = sql::exec(db, u"SELECT meta_value FROM meta WHERE meta_key = 'r'"_s);
        if (!q)
            return q.error();
        return q->next() ? q->value(0).toString() : QString();
    });
    QVERIFY2(value.ok(), qPrintable(value.error().message));
    QCOMPARE(*value, u"v"_s);
    // Either the lost connection was noticed before anything ran, or the first run failed and a second one ran.
    QVERIFY(runs == 1 || runs == 2);
    cutConnection(database);
    const auto snapshot = database.snapshot(
        [](const QSqlDatabase& db) { return sql::scalar(db, u"SELECT COUNT(*) FROM meta WHERE meta_key = 'r'"_s); });
    QVERIFY2(snapshot.ok(), qPrintable(snapshot.error().message));
    QCOMPARE(*snapshot, 1);
}

void TestDatabase::writeLostBeforeCommitRunsOnceMore()
{
    Database& database = m_scratch.db();
    int runs = 0;
    const auto written = database.write([&](const QSqlDatabase& db) -> Result<qint64> {
        ++runs;
        if (auto done = sql::exec(db, u"INSERT INTO meta (meta_key, meta_value) VALUES ('w', ?)"_s, {runs}); !done)
            return done.error();
        if (runs == 1)
            cutConnection(database); // after the first insert: it dies with the transaction
        return sql::scalar(db, u"SELECT COUNT(*) FROM meta WHERE meta_key = 'w'"_s);
    });
    QVERIFY2(written.ok(), qPrintable(written.error().message));
    QCOMPARE(runs, 2);
    QCOMPARE(*written, 1);
    QCOMPARE(metaCount(u"w"_s), 1);
    QCOMPARE(metaValue(u"w"_s), u"2"_s); // the second run's row: the first was never committed
}

void TestDatabase::writeLostTwiceGivesUpWithNothingStored()
{
    Database& database = m_scratch.db();
    int runs = 0;
    const Status written = database.write([&](const QSqlDatabase& db) -> Status {
        ++runs;
        if (auto done = sql::exec(db, u"INSERT INTO meta (meta_key, meta_value) VALUES ('lost', 'x')"_s); !done)
            return done.error();
        cutConnection(database);
        auto again = sql::exec(db, u"UPDATE meta SET meta_value = 'y' WHERE meta_key = 'lost'"_s);
        return again ? success() : Status(again.error());
    });
    QVERIFY(!written.ok());
    QCOMPARE(written.error().kind, ErrorKind::Storage);
    QVERIFY(written.error().retryable); // nothing was committed: a client may send it again
    QCOMPARE(runs, 2);
    QCOMPARE(metaCount(u"lost"_s), 0);
}

void TestDatabase::failedWriteIsNotRetried()
{
    int runs = 0;
    const Status written = m_scratch.db().write([&](const QSqlDatabase& db) -> Status {
        ++runs;
        auto dup = sql::exec(db, u"INSERT INTO meta (meta_key, meta_value) VALUES ('schema_version', '0')"_s);
        return dup ? success() : Status(dup.error());
    });
    QVERIFY(!written.ok());
    QVERIFY(!written.error().retryable);
    QCOMPARE(runs, 1);
    QCOMPARE(metaValue(u"schema_version"_s), QString::number(Schema::kVersion));
}

void TestDatabase::nestedWritesAreSavepoints()
{
    Database& database = m_scratch.db();
    const Status outer = database.write([&](const QSqlDatabase& db) -> Status {
        if (auto done = sql::exec(db, u"INSERT INTO meta (meta_key, meta_value) VALUES ('outer', '1')"_s); !done)
            return done.error();
        // A nested write that fails leaves the outer one intact (PostgreSQL would abort the whole transaction).
        const Status inner = database.write([](const QSqlDatabase& nested) -> Status {
            if (auto done = sql::exec(nested, u"INSERT INTO meta (meta_key, meta_value) VALUES ('inner', '1')"_s);
                !done)
                return done.error();
            auto dup = sql::exec(nested, u"INSERT INTO meta (meta_key, meta_value) VALUES ('outer', '2')"_s);
            return dup ? success() : Status(dup.error());
        });
        if (inner.ok())
            return Error{ErrorKind::Storage, u"the duplicate was accepted"_s};
        return database.write([](const QSqlDatabase& nested) -> Status {
            auto done = sql::exec(nested, u"INSERT INTO meta (meta_key, meta_value) VALUES ('second', '1')"_s);
            return done ? success() : Status(done.error());
        });
    });
    QVERIFY2(outer.ok(), qPrintable(outer.error().message));
    QCOMPARE(metaValue(u"outer"_s), u"1"_s);
    QCOMPARE(metaCount(u"inner"_s), 0);
    QCOMPARE(metaValue(u"second"_s), u"1"_s);
}

void TestDatabase::transactionScopeCommitsItsWritesTogether()
{
    Database& database = m_scratch.db();
    const auto put = [&](const QString& key) {
        return database.write([&](const QSqlDatabase& db) -> Status {
            auto done = sql::exec(db, u"INSERT INTO meta (meta_key, meta_value) VALUES (?, 'v')"_s, {key});
            return done ? success() : Status(done.error());
        });
    };
    {
        TransactionScope scope(database);
        QVERIFY(!scope.hasBegun()); // nothing is locked before the first write
        QVERIFY(put(u"s1"_s).ok());
        QVERIFY(scope.hasBegun());
        QVERIFY(put(u"s2"_s).ok());
        qint64 seenElsewhere = -1;
        QVERIFY(runInThread([&] {
            seenElsewhere =
                *sql::scalar(*database.connection(), u"SELECT COUNT(*) FROM meta WHERE meta_key LIKE 's_'"_s);
        }));
        QCOMPARE(seenElsewhere, 0); // not committed yet
    }                               // dropped without commit()
    QCOMPARE(metaCount(u"s1"_s), 0);
    QCOMPARE(metaCount(u"s2"_s), 0);
    {
        TransactionScope scope(database);
        QVERIFY(put(u"s1"_s).ok());
        QVERIFY(put(u"s2"_s).ok());
        QVERIFY(scope.commit().ok());
    }
    QCOMPARE(metaCount(u"s1"_s), 1);
    QCOMPARE(metaCount(u"s2"_s), 1);
    TransactionScope empty(database);
    QVERIFY(empty.commit().ok()); // nothing written: nothing to commit
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "TestDatabase.moc"
