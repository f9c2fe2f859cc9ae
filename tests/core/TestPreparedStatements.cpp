#include "Database.h"
#include "ScratchDatabase.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// Database::prepared(): a statement is prepared once per connection and run again with new values, on SQLite and
// on PostgreSQL (where statements without values run directly); a statement the server no longer has is
// prepared anew.
class TestPreparedStatements final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();

    void answersWithEachRunsValues();
    void nestedUseOfTheSameTextGetsItsOwnQuery();
    void postgresKeepsOneServerStatement();
    void postgresRunsStatementsWithoutValuesDirectly();
    void aStatementTheServerDroppedIsPreparedAgain();
    void aFailedRunLeavesTheStatementUsable();
    void aDiscardedConnectionPreparesAgain();

private:
    bool isPostgres() const { return m_scratch.config().dialect == Dialect::Postgres; }
    QString valueOf(const QString& key);
    qint64 serverStatements(const QString& like);

    test::ScratchDatabase m_scratch;
};

namespace {
const QString kLookup = u"SELECT probe_value FROM prepared_probe WHERE probe_key = ?"_s;
}

void TestPreparedStatements::initTestCase_data()
{
    test::addBackendRows();
}

void TestPreparedStatements::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_scratch.exec(u"DROP TABLE IF EXISTS prepared_probe"_s);
    QVERIFY(m_scratch.exec(u"CREATE TABLE prepared_probe (probe_key TEXT PRIMARY KEY, probe_value TEXT NOT NULL)"_s)
                .isActive());
    for (const QString& key : {u"a"_s, u"b"_s, u"c"_s})
        QVERIFY(m_scratch.exec(u"INSERT INTO prepared_probe VALUES (?, ?)"_s, {key, key.toUpper()}).isActive());
}

QString TestPreparedStatements::valueOf(const QString& key)
{
    const Database& database = m_scratch.db();
    auto q = database.prepared(*database.connection(), kLookup, {key});
    if (!q)
        return u"error: "_s + q.error().message;
    return (*q)->next() ? (*q)->value(0).toString() : u"none"_s;
}

qint64 TestPreparedStatements::serverStatements(const QString& like)
{
    const auto n = sql::scalar(*m_scratch.db().connection(),
                               u"SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE ?"_s, {like});
    return n ? *n : -1;
}

void TestPreparedStatements::answersWithEachRunsValues()
{
    for (int round = 0; round < 3; ++round) {
        QCOMPARE(valueOf(u"a"_s), u"A"_s);
        QCOMPARE(valueOf(u"c"_s), u"C"_s);
        QCOMPARE(valueOf(u"zz"_s), u"none"_s);
    }
    QVERIFY(m_scratch.exec(u"UPDATE prepared_probe SET probe_value = 'changed' WHERE probe_key = 'b'"_s).isActive());
    QCOMPARE(valueOf(u"b"_s), u"changed"_s);
}

void TestPreparedStatements::nestedUseOfTheSameTextGetsItsOwnQuery()
{
    const Database& database = m_scratch.db();
    const QSqlDatabase db = *database.connection();
    auto outer = database.prepared(db, kLookup, {u"a"_s});
    QVERIFY(outer.ok());
    auto inner = database.prepared(db, kLookup, {u"b"_s}); // while the outer one's results are still read
    QVERIFY(inner.ok());
    QVERIFY((*inner)->next());
    QCOMPARE((*inner)->value(0).toString(), u"B"_s);
    QVERIFY((*outer)->next());
    QCOMPARE((*outer)->value(0).toString(), u"A"_s);
}

void TestPreparedStatements::postgresKeepsOneServerStatement()
{
    if (!isPostgres())
        QSKIP("server-side prepared statements are PostgreSQL's");
    const QString pattern = u"%prepared_probe WHERE probe_key%"_s;
    QCOMPARE(serverStatements(pattern), 0);
    for (const QString& key : {u"a"_s, u"b"_s, u"c"_s, u"a"_s})
        QVERIFY(valueOf(key) != u"none"_s);
    QCOMPARE(serverStatements(pattern), 1); // one PREPARE for four runs, not one each
}

void TestPreparedStatements::postgresRunsStatementsWithoutValuesDirectly()
{
    if (!isPostgres())
        QSKIP("PostgreSQL cannot PREPARE BEGIN or COMMIT");
    const Database& database = m_scratch.db();
    const QSqlDatabase db = *database.connection();
    QVERIFY(database.prepared(db, u"BEGIN"_s).ok());
    QVERIFY(database.prepared(db, u"INSERT INTO prepared_probe VALUES (?, ?)"_s, {u"d"_s, u"D"_s}).ok());
    QVERIFY(database.prepared(db, u"ROLLBACK"_s).ok());
    QCOMPARE(valueOf(u"d"_s), u"none"_s);
}

void TestPreparedStatements::aStatementTheServerDroppedIsPreparedAgain()
{
    if (!isPostgres())
        QSKIP("only PostgreSQL can drop a connection's prepared statements under it");
    QCOMPARE(valueOf(u"a"_s), u"A"_s);
    QVERIFY(m_scratch.exec(u"DEALLOCATE ALL"_s).isActive());
    QVERIFY(valueOf(u"a"_s).startsWith(u"error: "_s)); // this run fails, as any statement could
    QCOMPARE(valueOf(u"a"_s), u"A"_s);                 // the next one prepares it again
    QCOMPARE(valueOf(u"b"_s), u"B"_s);
}

void TestPreparedStatements::aFailedRunLeavesTheStatementUsable()
{
    const Database& database = m_scratch.db();
    const QSqlDatabase db = *database.connection();
    const QString insert = u"INSERT INTO prepared_probe VALUES (?, ?)"_s;
    QVERIFY(database.prepared(db, insert, {u"e"_s, u"E"_s}).ok());
    const auto duplicate = database.prepared(db, insert, {u"e"_s, u"again"_s});
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().kind, ErrorKind::Storage);
    QVERIFY(database.prepared(db, insert, {u"f"_s, u"F"_s}).ok());
    QCOMPARE(valueOf(u"e"_s), u"E"_s);
    QCOMPARE(valueOf(u"f"_s), u"F"_s);
}

void TestPreparedStatements::aDiscardedConnectionPreparesAgain()
{
    QCOMPARE(valueOf(u"a"_s), u"A"_s);
    m_scratch.db().discardConnection();
    QCOMPARE(valueOf(u"b"_s), u"B"_s);
    if (isPostgres())
        QCOMPARE(serverStatements(u"%prepared_probe WHERE probe_key%"_s), 1); // on the new session
}

QTEST_GUILESS_MAIN(TestPreparedStatements)
#include "TestPreparedStatements.moc"
