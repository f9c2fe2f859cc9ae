#include "Database.h"
#include "ScratchDatabase.h"

#include <QRegularExpression>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// sql::Statement writes what sql::exec writes, on SQLite through SQLite's C API (SqliteStatement), on PostgreSQL
// through QtSql, inside the caller's transaction.
class TestStatement final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();

    void sqliteRunsThroughItsCApi();
    void storesWhatExecStores();
    void belongsToTheTransaction();
    void reportsAFailureAndGoesOn();
    void refusesWhatExecRefuses();

private:
    QVariantList sampleRow(const QString& key) const;
    QStringList rowText(const QString& key);

    test::ScratchDatabase m_scratch;
};

void TestStatement::initTestCase_data()
{
    test::addBackendRows();
}

void TestStatement::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_scratch.exec(u"DROP TABLE IF EXISTS statement_probe"_s);
    QVERIFY(m_scratch
                .exec(u"CREATE TABLE statement_probe (probe_key TEXT PRIMARY KEY, text_value TEXT NOT NULL,"
                      " big BIGINT, small INTEGER, real_value DOUBLE PRECISION, flag BOOLEAN, absent TEXT)"_s)
                .isActive());
}

QVariantList TestStatement::sampleRow(const QString& key) const
{
    return {key,       u"Grüße, 🙂 \"quoted\", 'single', ;--"_s, Q_INT64_C(-9007199254740993), 42, 0.1 + 0.2, true,
            QVariant()};
}

QStringList TestStatement::rowText(const QString& key)
{
    QSqlQuery q = m_scratch.exec(u"SELECT text_value, big, small, real_value, flag, absent IS NULL,"
                                 " LENGTH(text_value) FROM statement_probe WHERE probe_key = ?"_s,
                                 {key});
    QStringList values;
    if (q.next()) {
        values = {q.value(0).toString(),
                  QString::number(q.value(1).toLongLong()),
                  QString::number(q.value(2).toInt()),
                  QString::number(q.value(3).toDouble(), 'g', 17),
                  QString::number(q.value(4).toInt()),
                  QString::number(q.value(5).toInt()),
                  QString::number(q.value(6).toInt())};
    }
    return values;
}

void TestStatement::sqliteRunsThroughItsCApi()
{
    const auto db = m_scratch.db().connection();
    QVERIFY(db.ok());
    sql::Statement insert(*db, u"INSERT INTO statement_probe (probe_key, text_value) VALUES (?, ?)"_s);
    QCOMPARE(insert.usesSqliteApi(), m_scratch.config().dialect == Dialect::Sqlite);
}

void TestStatement::storesWhatExecStores()
{
    const auto db = m_scratch.db().connection();
    const QString insertText = u"INSERT INTO statement_probe VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    QVERIFY(sql::exec(*db, insertText, sampleRow(u"exec"_s)).ok());
    sql::Statement insert(*db, insertText);
    for (const QString& key : {u"statement 1"_s, u"statement 2"_s}) {
        const Status stored = insert.run(sampleRow(key));
        QVERIFY2(stored.ok(), qPrintable(stored.error().message));
    }
    const QStringList expected = rowText(u"exec"_s);
    QCOMPARE(expected.size(), 7);
    QCOMPARE(expected.at(0), sampleRow(u"exec"_s).at(1).toString());
    QCOMPARE(rowText(u"statement 1"_s), expected);
    QCOMPARE(rowText(u"statement 2"_s), expected);

    // A null QString is stored as '' (text columns are NOT NULL), a null QVariant as NULL.
    QVERIFY(insert.run({u"null text"_s, QString(), 0, 0, 0.0, false, QVariant()}).ok());
    QCOMPARE(rowText(u"null text"_s).value(0), QString(u""_s));
    QCOMPARE(rowText(u"null text"_s).value(5), u"1"_s);
}

void TestStatement::belongsToTheTransaction()
{
    {
        WriteTransaction tx(m_scratch.db());
        QVERIFY(tx.begin().ok());
        sql::Statement insert(tx.db(), u"INSERT INTO statement_probe (probe_key, text_value) VALUES (?, ?)"_s);
        QVERIFY(insert.run({u"rolled back"_s, u"x"_s}).ok());
        QCOMPARE(*sql::scalar(tx.db(), u"SELECT COUNT(*) FROM statement_probe"_s), 1); // seen inside
    }
    QCOMPARE(*sql::scalar(*m_scratch.db().connection(), u"SELECT COUNT(*) FROM statement_probe"_s), 0);

    WriteTransaction tx(m_scratch.db());
    QVERIFY(tx.begin().ok());
    sql::Statement insert(tx.db(), u"INSERT INTO statement_probe (probe_key, text_value) VALUES (?, ?)"_s);
    QVERIFY(insert.run({u"kept"_s, u"y"_s}).ok());
    QVERIFY(tx.commit().ok());
    QCOMPARE(*sql::scalar(*m_scratch.db().connection(), u"SELECT COUNT(*) FROM statement_probe"_s), 1);
}

void TestStatement::reportsAFailureAndGoesOn()
{
    const auto db = m_scratch.db().connection();
    sql::Statement insert(*db, u"INSERT INTO statement_probe (probe_key, text_value) VALUES (?, ?)"_s);
    QVERIFY(insert.run({u"k"_s, u"first"_s}).ok());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"database error"_s));
    const Status duplicate = insert.run({u"k"_s, u"second"_s});
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().kind, ErrorKind::Storage);
    QVERIFY2(duplicate.error().message.startsWith(u"database error: "_s), qPrintable(duplicate.error().message));
    QVERIFY(insert.run({u"k2"_s, u"third"_s}).ok()); // the statement still runs
    QCOMPARE(rowText(u"k"_s).value(0), u"first"_s);
    QCOMPARE(rowText(u"k2"_s).value(0), u"third"_s);

    sql::Statement broken(*db, u"INSERT INTO no_such_table VALUES (?)"_s);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"database error"_s));
    const Status missing = broken.run({1});
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().kind, ErrorKind::Storage);
}

void TestStatement::refusesWhatExecRefuses()
{
    const auto db = m_scratch.db().connection();
    sql::Statement insert(*db, u"INSERT INTO statement_probe (probe_key, text_value) VALUES (?, ?)"_s);
    const Status nul = insert.run({u"nul"_s, QString(u"a\0b"_s)});
    QVERIFY(!nul.ok());
    QCOMPARE(nul.error().kind, ErrorKind::Invalid);
    const Status surrogate = insert.run({u"lone"_s, QString(QChar(0xD800))});
    QVERIFY(!surrogate.ok());
    QCOMPARE(*sql::scalar(*db, u"SELECT COUNT(*) FROM statement_probe"_s), 0);
}

QTEST_GUILESS_MAIN(TestStatement)
#include "TestStatement.moc"
