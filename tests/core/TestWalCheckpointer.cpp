#include "Database.h"
#include "ScratchDatabase.h"
#include "SqliteStatement.h"

#include <QFileInfo>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// SQLite's checkpoints run beside the requests (WalCheckpointer), never inside a request's COMMIT, and the WAL file
// still starts over instead of growing with every write.
class TestWalCheckpointer final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void commitsNeverCheckpoint();
    void walStaysBounded();
    void databaseFileIsFlushedApart();

private:
    test::ScratchDatabase m_scratch;
};

void TestWalCheckpointer::init()
{
    QVERIFY2(m_scratch.open(QString::fromLatin1(test::kSqlite)), qPrintable(m_scratch.error()));
}

void TestWalCheckpointer::cleanup()
{
    m_scratch.close();
}

void TestWalCheckpointer::commitsNeverCheckpoint()
{
    QSqlQuery pragma = m_scratch.exec(u"PRAGMA wal_autocheckpoint"_s);
    QVERIFY(pragma.next());
    QCOMPARE(pragma.value(0).toInt(), 0);
    QSqlQuery mode = m_scratch.exec(u"PRAGMA journal_mode"_s);
    QVERIFY(mode.next());
    QCOMPARE(mode.value(0).toString(), u"wal"_s);
}

void TestWalCheckpointer::walStaysBounded()
{
    // 6,000 transactions of a few pages each: some 70 MiB of WAL if it never started over.
    const Database& db = m_scratch.db();
    QVERIFY(db.write([](const QSqlDatabase& c) {
                  return sql::exec(c, u"CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"_s);
              }).ok());
    const QString body(3000, u'x');
    for (int i = 0; i < 6000; ++i) {
        const auto written = db.write(
            [&](const QSqlDatabase& c) { return sql::exec(c, u"INSERT INTO filler (body) VALUES (?)"_s, {body}); });
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
    }
    const QFileInfo wal(m_scratch.config().sqlitePath + u"-wal"_s);
    QVERIFY(wal.exists());
    QVERIFY2(wal.size() < 40 * 1024 * 1024, qPrintable(u"WAL file of %1 bytes"_s.arg(wal.size())));
}

// The checkpointer flushes the database file itself before it holds writers back (see WalCheckpointer::run).
void TestWalCheckpointer::databaseFileIsFlushedApart()
{
    QVERIFY(!sql::syncDatabaseFile(QSqlDatabase())); // no connection: nothing to flush, and no crash
    const auto connection = m_scratch.db().connection();
    QVERIFY(connection.ok());
    if (!sql::SqliteStatement::available(*connection))
        QSKIP("this build reaches SQLite through QtSql only");
    QVERIFY(sql::syncDatabaseFile(*connection));
}

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "TestWalCheckpointer.moc"
