#include "DataGenerator.h"
#include "EventStore.h"
#include "FakeClock.h"
#include "MessageIndexSchema.h"
#include "Schema.h"
#include "ScratchDatabase.h"

#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>

#include <sqlite3.h>

using namespace mood;
using namespace Qt::StringLiterals;

// GET /events?message=: the trigram index of messages (schema step 11: FTS5 on SQLite, pg_trgm on PostgreSQL)
// answers exactly what reading every message answers.
namespace {
constexpr qint64 kT0Micros = 1618585923456000;

struct Stored {
    QString id;
    QString message;
    QString environment;
    qint64 createdMicros = 0;
};

// What EventStore::list answers, computed by reading every stored event.
QStringList expected(const QList<Stored>& stored, const QString& needle, const std::optional<QString>& environment,
                     qsizetype afterIndex, int limit)
{
    QStringList ids;
    for (qsizetype i = afterIndex + 1; i < stored.size() && ids.size() < limit; ++i) {
        if (stored[i].message.contains(needle, Qt::CaseSensitive)
            && (!environment || stored[i].environment == *environment))
            ids.append(stored[i].id);
    }
    return ids;
}

QString codePoints(const QList<uint>& ucs4, qsizetype from, qsizetype count)
{
    return QString::fromUcs4(reinterpret_cast<const char32_t*>(ucs4.constData() + from), count);
}
} // namespace

class TestEventSearch final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void literalAndCaseSensitive_data();
    void literalAndCaseSensitive();
    void deletedAndUpdatedRows();
    void cursorAndFromDate();
    void randomAgainstScan();
    void generatedEventsAreFound();
    void planUsesIndex();
    void migrationFromVersion10BuildsIndex();
    void withoutIndexStillAnswers();
    void unreadableIndexStopsBeingKeptAndIsRebuiltLater();
    void indexIsMadeWhereStepElevenCouldNot();
    void missingFeatureIsToldFromStorageFailure();

private:
    void setIndexModule(const QString& from, const QString& to);
    void dropSqliteIndex(); // as a build without FTS5 leaves a file at step 11: no table, no triggers
    qint64 indexTriggers();
    void add(const QString& message, const QString& environment = u"production"_s);
    QStringList ids(const EventFilter& filter);
    void addFixture();
    void compareWithScan(const QString& needle, const std::optional<QString>& environment = {},
                         qsizetype afterIndex = -1, int limit = EventStore::kMaxLimit);
    bool sqlite() { return m_scratch.db().dialect() == Dialect::Sqlite; }

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<EventStore> m_store;
    QList<Stored> m_stored;
};

void TestEventSearch::initTestCase_data()
{
    test::addBackendRows();
}

void TestEventSearch::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>(QDateTime::fromMSecsSinceEpoch(kT0Micros / 1000, Qt::UTC));
    m_store = std::make_unique<EventStore>(m_scratch.db(), *m_clock);
    m_stored.clear();
}

void TestEventSearch::cleanup()
{
    m_store.reset();
    m_scratch.close();
}

void TestEventSearch::add(const QString& message, const QString& environment)
{
    const auto event = m_store->add(u"billing"_s, {}, u"a@example.org"_s, environment, message);
    QVERIFY2(event.ok(), qPrintable(event.ok() ? QString() : event.error().message));
    m_stored.append({event->id, message, environment, event->createdMicros});
}

QStringList TestEventSearch::ids(const EventFilter& filter)
{
    const auto events = m_store->list(filter);
    QStringList result;
    if (!events.ok()) {
        qWarning().noquote() << events.error().message;
        return {u"(error)"_s};
    }
    for (const Event& event : *events)
        result.append(event.id);
    return result;
}

void TestEventSearch::compareWithScan(const QString& needle, const std::optional<QString>& environment,
                                      qsizetype afterIndex, int limit)
{
    EventFilter filter;
    filter.messageContains = needle;
    filter.environment = environment;
    if (afterIndex >= 0)
        filter.afterId = m_stored.at(afterIndex).id;
    filter.limit = limit;
    const QStringList got = ids(filter);
    const QStringList want = expected(m_stored, needle, environment, afterIndex, limit);
    if (got != want) {
        qWarning().noquote() << "needle" << needle << "environment" << environment.value_or(u"-"_s) << "after"
                             << afterIndex << "got" << got.size() << "want" << want.size();
    }
    QCOMPARE(got, want);
}

void TestEventSearch::addFixture()
{
    for (const QString& message : {u"payment failed"_s,
                                   u"Payment FAILED twice"_s,
                                   u"disk 50% full"_s,
                                   u"disk 500 GB"_s,
                                   u"a_c and abc"_s,
                                   u"say \"hi\" to \"them\""_s,
                                   u"glob * and a*b"_s,
                                   u"x AND y OR z NOT w"_s,
                                   u"NEAR(a b) and near"_s,
                                   u"(paren) [bracket] {brace}"_s,
                                   u"it's o'clock"_s,
                                   u"café crème"_s,
                                   u"emoji 😀 here😀😀"_s,
                                   u"ab"_s,
                                   u"a"_s,
                                   u""_s,
                                   u"failedfailed"_s,
                                   u"-- comment; DROP TABLE events"_s,
                                   u"^start$ and \\back\\slash"_s,
                                   u"tab\there"_s,
                                   u"end with space "_s,
                                   u"  two leading"_s})
        add(message);
}

void TestEventSearch::literalAndCaseSensitive_data()
{
    QTest::addColumn<QString>("needle");
    for (const QString& needle : {u"failed"_s,
                                  u"FAILED"_s,
                                  u"Failed"_s,
                                  u"fail"_s,
                                  u"ed"_s,
                                  u"d"_s,
                                  u"t f"_s,
                                  u"nt fa"_s,
                                  u"payment failed"_s,
                                  u"pay"_s,
                                  u"iled"_s,
                                  u"edfa"_s,
                                  u"50%"_s,
                                  u"%"_s,
                                  u"% f"_s,
                                  u"0%"_s,
                                  u"a_c"_s,
                                  u"_"_s,
                                  u"_c "_s,
                                  u"\"hi\""_s,
                                  u"\""_s,
                                  u"\"\""_s,
                                  u"y \"hi"_s,
                                  u"*"_s,
                                  u"a*b"_s,
                                  u"* and"_s,
                                  u"AND"_s,
                                  u"OR"_s,
                                  u"NOT"_s,
                                  u"NEAR"_s,
                                  u"NEAR(a b)"_s,
                                  u"AND y OR"_s,
                                  u"(paren)"_s,
                                  u"("_s,
                                  u") ["_s,
                                  u"{brace}"_s,
                                  u"'"_s,
                                  u"it's"_s,
                                  u"o'c"_s,
                                  u"é"_s,
                                  u"café"_s,
                                  u"fé c"_s,
                                  u"É"_s,
                                  u"😀"_s,
                                  u"😀😀"_s,
                                  u"😀😀😀"_s,
                                  u"e😀😀"_s,
                                  u" 😀 "_s,
                                  u"ab"_s,
                                  u"a"_s,
                                  u"abc"_s,
                                  u"ABC"_s,
                                  u"; DROP"_s,
                                  u"--"_s,
                                  u"\\back\\"_s,
                                  u"^start$"_s,
                                  u"\t"_s,
                                  u"b\the"_s,
                                  u"space "_s,
                                  u"  t"_s,
                                  u"   "_s,
                                  u"no such text"_s,
                                  u"e1 disk 500 GB!"_s,
                                  u"disk 500 GB"_s})
        QTest::newRow(needle.toUtf8().toPercentEncoding().constData()) << needle;
}

void TestEventSearch::literalAndCaseSensitive()
{
    QFETCH(QString, needle);
    addFixture();
    compareWithScan(needle);
    compareWithScan(needle, u"production"_s);
    compareWithScan(needle, u"staging"_s);
    compareWithScan(needle, {}, 3, 2);
}

void TestEventSearch::deletedAndUpdatedRows()
{
    addFixture();
    // Any writer (a retention job, sqlite3, psql) may delete or edit events: the index follows.
    QVERIFY(m_scratch.exec(u"DELETE FROM events WHERE message = 'payment failed'"_s).isActive());
    m_stored.removeAt(0);
    compareWithScan(u"failed"_s);
    compareWithScan(u"ment"_s);
    QVERIFY(
        m_scratch.exec(u"UPDATE events SET message = 'refund failed' WHERE uuid = ?"_s, {m_stored[1].id}).isActive());
    m_stored[1].message = u"refund failed"_s;
    compareWithScan(u"disk"_s);
    compareWithScan(u"refund"_s);
    compareWithScan(u"failed"_s);
    QVERIFY(m_scratch.exec(u"DELETE FROM events"_s).isActive());
    m_stored.clear();
    compareWithScan(u"failed"_s);
    add(u"failed again"_s);
    compareWithScan(u"failed"_s);
}

void TestEventSearch::cursorAndFromDate()
{
    // 300 events a minute apart, every third failed; from_date and the after cursor cut the indexed answer too.
    for (int i = 0; i < 300; ++i) {
        m_clock->advance(60);
        add(i % 3 == 0 ? u"payment %1 failed"_s.arg(i) : u"payment %1 done"_s.arg(i),
            i % 2 == 0 ? u"production"_s : u"staging"_s);
    }
    EventFilter filter;
    filter.messageContains = u"failed"_s;
    filter.fromMicros = m_stored[150].createdMicros;
    filter.afterId = m_stored[200].id;
    filter.environment = u"production"_s;
    filter.limit = 10;
    QCOMPARE(ids(filter), expected(m_stored, u"failed"_s, u"production"_s, 200, 10));
    filter.afterId = m_stored[100].id;
    filter.limit = 1000;
    QStringList want = expected(m_stored, u"failed"_s, u"production"_s, 149, 1000);
    QCOMPARE(ids(filter), want);
    filter.untilMicros = m_stored[250].createdMicros;
    want = expected(m_stored.mid(0, 250), u"failed"_s, u"production"_s, 149, 1000);
    QCOMPARE(ids(filter), want);
    filter.afterId = u"00000000-0000-4000-8000-000000000000"_s; // unknown: nothing
    QCOMPARE(ids(filter), QStringList());
}

void TestEventSearch::randomAgainstScan()
{
    QRandomGenerator rng(20260703);
    const QList<QString> pieces{u"a"_s, u"b"_s, u"A"_s, u" "_s,      u"%"_s,   u"_"_s,    u"\""_s, u"*"_s, u"'"_s,
                                u"("_s, u"é"_s, u"😀"_s, u"failed"_s, u"AND"_s, u"NEAR"_s, u"ab"_s, u"x"_s, u"1"_s};
    const auto randomText = [&](int maxPieces) {
        QString text;
        const int n = static_cast<int>(rng.bounded(maxPieces + 1));
        for (int i = 0; i < n; ++i)
            text += pieces.at(static_cast<qsizetype>(rng.bounded(static_cast<quint32>(pieces.size()))));
        return text;
    };
    const auto written = m_scratch.db().write([&](const QSqlDatabase&) -> Status {
        for (int i = 0; i < 2000; ++i) {
            const QString environment = rng.bounded(4) == 0 ? u"staging"_s : u"production"_s;
            const QString message = randomText(12);
            const auto event = m_store->add(u"sync"_s, {}, QString(), environment, message);
            if (!event)
                return event.error();
            m_stored.append({event->id, message, environment, event->createdMicros});
        }
        return success();
    });
    QVERIFY(written.ok());
    for (int p = 0; p < 300; ++p) {
        QString needle;
        if (p < 200) {
            const QList<uint> ucs4 = m_stored.at(rng.bounded(2000)).message.toUcs4();
            if (ucs4.isEmpty())
                continue;
            const auto from = static_cast<qsizetype>(rng.bounded(static_cast<quint32>(ucs4.size())));
            const auto count = 1 + static_cast<qsizetype>(rng.bounded(static_cast<quint32>(ucs4.size() - from)));
            needle = codePoints(ucs4, from, std::min<qsizetype>(count, 10));
        } else {
            needle = randomText(3);
            if (needle.isEmpty())
                continue;
        }
        const int mode = p % 3;
        compareWithScan(needle, mode == 1 ? std::optional<QString>(u"staging"_s) : std::nullopt,
                        mode == 2 ? static_cast<qsizetype>(rng.bounded(2000)) : -1, mode == 0 ? 1000 : 50);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestEventSearch::generatedEventsAreFound()
{
    // moodboard generate's bulk inserts go through the same triggers.
    GeneratorPlan plan;
    plan.users = 20;
    plan.days = 3;
    plan.follows = 1;
    plan.activities = 1;
    plan.events = 3000;
    const auto totals = DataGenerator(m_scratch.db(), *m_clock, plan).run();
    QVERIFY2(totals.ok(), qPrintable(totals.ok() ? QString() : totals.error().message));
    QSqlQuery all = m_scratch.exec(u"SELECT uuid, message, environment, created_us FROM events ORDER BY seq"_s);
    while (all.next())
        m_stored.append(
            {all.value(0).toString(), all.value(1).toString(), all.value(2).toString(), all.value(3).toLongLong()});
    QCOMPARE(m_stored.size(), 3000);
    for (const QString& needle : {u"failed"_s, u"took 1999 ms"_s, u"took 19"_s, u"k9"_s, u"signed in"_s, u"s"_s})
        compareWithScan(needle);
    compareWithScan(u"failed"_s, u"development"_s, 1000, 100);
}

void TestEventSearch::planUsesIndex()
{
    if (!sqlite())
        QSKIP("the plan of the FTS5 index: SQLite only");
    addFixture();
    const auto connection = m_scratch.db().connection();
    QVERIFY(connection.ok());
    const QVariant handle = connection->driver()->handle();
    QCOMPARE(handle.typeName(), "sqlite3*");
    sqlite3* raw = *static_cast<sqlite3* const*>(handle.constData());
    QStringList listed;
    const auto onStatement = [](unsigned, void* context, void* statement, void*) -> int {
        char* text = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(statement));
        if (text && QByteArray(text).contains("FROM events"))
            static_cast<QStringList*>(context)->append(QString::fromUtf8(text));
        sqlite3_free(text);
        return 0;
    };
    const auto planOf = [&](const EventFilter& filter) {
        listed.clear();
        sqlite3_trace_v2(raw, SQLITE_TRACE_STMT, onStatement, &listed);
        (void)m_store->list(filter);
        sqlite3_trace_v2(raw, 0, nullptr, nullptr);
        QString plan;
        if (listed.isEmpty())
            return plan;
        QSqlQuery explain = m_scratch.exec(u"EXPLAIN QUERY PLAN "_s + listed.constLast());
        while (explain.next())
            plan += explain.value(3).toString() + u'\n';
        return plan;
    };
    EventFilter filter;
    filter.messageContains = u"failed"_s;
    filter.environment = u"production"_s;
    filter.afterId = m_stored[2].id;
    QString plan = planOf(filter);
    QVERIFY2(plan.contains(u"SCAN f VIRTUAL TABLE"_s), qPrintable(plan));
    QVERIFY2(!plan.contains(u"TEMP B-TREE"_s), qPrintable(plan)); // already in seq order: LIMIT stops early
    filter.messageContains = u"fa"_s;                             // too short for trigrams: the messages are read
    plan = planOf(filter);
    QVERIFY2(!plan.isEmpty() && !plan.contains(u"VIRTUAL TABLE"_s), qPrintable(plan));
}

void TestEventSearch::migrationFromVersion10BuildsIndex()
{
    // A database at version 10 (no index) with events: step 11 indexes the events already there.
    const auto connection = m_scratch.db().connection();
    QVERIFY(connection.ok());
    const QStringList drop = sqlite() ? QStringList{u"DROP TABLE events_message"_s}
                                      : QStringList{u"DROP INDEX IF EXISTS events_message_trgm"_s};
    for (const QString& statement : drop)
        QVERIFY(sql::exec(*connection, statement).ok());
    if (sqlite()) {
        for (const char* trigger : {"insert", "delete", "update"})
            QVERIFY(sql::exec(*connection, u"DROP TRIGGER events_message_"_s + QLatin1StringView(trigger)).ok());
    }
    QVERIFY(sql::exec(*connection, u"UPDATE meta SET meta_value = '10' WHERE meta_key = 'schema_version'"_s).ok());
    addFixture();
    const Status migrated = Schema::migrate(*connection, m_scratch.db().dialect());
    QVERIFY2(migrated.ok(), qPrintable(migrated.ok() ? QString() : migrated.error().message));
    QCOMPARE(*Schema::version(*connection), Schema::kVersion);
    if (sqlite()) {
        QCOMPARE(*sql::scalar(*connection,
                              u"SELECT COUNT(*) FROM events_message WHERE events_message MATCH"
                              " '\"failed\"'"_s),
                 qint64(2)); // "payment failed", "failedfailed"
    } else {
        QCOMPARE(*sql::scalar(*connection,
                              u"SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'events_message_trgm'"
                              " AND schemaname = current_schema()"_s),
                 qint64(1));
    }
    // And runs again on a database that has it (tests replay steps).
    QVERIFY(sql::exec(*connection, u"UPDATE meta SET meta_value = '10' WHERE meta_key = 'schema_version'"_s).ok());
    QVERIFY(Schema::migrate(*connection, m_scratch.db().dialect()).ok());
    m_store = std::make_unique<EventStore>(m_scratch.db(), *m_clock);
    for (const QString& needle : {u"failed"_s, u"disk 50"_s, u"😀😀"_s, u"ab"_s})
        compareWithScan(needle);
    add(u"failed after the migration"_s);
    compareWithScan(u"failed"_s);
}

void TestEventSearch::withoutIndexStillAnswers()
{
    if (!sqlite())
        QSKIP("PostgreSQL without pg_trgm: the LIKE is the same, only unindexed");
    // As on an SQLite without FTS5's trigram tokenizer, where step 11 makes no index.
    addFixture();
    dropSqliteIndex();
    if (QTest::currentTestFailed())
        return;
    m_store = std::make_unique<EventStore>(m_scratch.db(), *m_clock);
    add(u"failed later"_s);
    for (const QString& needle : {u"failed"_s, u"\"hi\""_s, u"AND"_s, u"😀😀"_s, u"ab"_s, u"50%"_s})
        compareWithScan(needle);
}

// Rewrites the module the FTS5 table names in the schema, as another SQLite build would find it.
void TestEventSearch::setIndexModule(const QString& from, const QString& to)
{
    QSqlQuery version = m_scratch.exec(u"PRAGMA schema_version"_s);
    QVERIFY(version.next());
    const qint64 schemaVersion = version.value(0).toLongLong();
    version.finish();
    QVERIFY(m_scratch.exec(u"PRAGMA writable_schema = ON"_s).isActive());
    QVERIFY(m_scratch
                .exec(u"UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = 'events_message'"_s,
                      {QVariant(from + u"("_s), QVariant(to + u"("_s)})
                .isActive());
    QVERIFY(m_scratch.exec(u"PRAGMA writable_schema = OFF"_s).isActive());
    QVERIFY(m_scratch.exec(u"PRAGMA schema_version = %1"_s.arg(schemaVersion + 1)).isActive());
    QSqlQuery check = m_scratch.exec(u"SELECT sql FROM sqlite_master WHERE name = 'events_message'"_s);
    QVERIFY(check.next());
    QVERIFY2(check.value(0).toString().contains(u"USING "_s + to + u'('), qPrintable(check.value(0).toString()));
}

void TestEventSearch::dropSqliteIndex()
{
    for (const QString& statement : {u"DROP TRIGGER events_message_insert"_s, u"DROP TRIGGER events_message_delete"_s,
                                     u"DROP TRIGGER events_message_update"_s, u"DROP TABLE events_message"_s})
        QVERIFY(m_scratch.exec(statement).isActive());
}

qint64 TestEventSearch::indexTriggers()
{
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
                                 " AND name LIKE 'events_message_%'"_s);
    return q.next() ? q.value(0).toLongLong() : -1;
}

void TestEventSearch::unreadableIndexStopsBeingKeptAndIsRebuiltLater()
{
    if (!sqlite())
        QSKIP("the FTS5 table is SQLite's");
    addFixture();
    QCOMPARE(indexTriggers(), qint64(3));
    // A file indexed by a build with FTS5, opened by one without: the table names a module this SQLite lacks.
    setIndexModule(u"fts5"_s, u"fts5_absent"_s);
    {
        auto without = Database::open(m_scratch.config());
        QVERIFY2(without.ok(), qPrintable(without.ok() ? QString() : without.error().message));
        QCOMPARE(indexTriggers(), qint64(0)); // else every event write fails in them: "no such module"
        m_store = std::make_unique<EventStore>(**without, *m_clock);
        add(u"failed while the index could not be read"_s);
        compareWithScan(u"failed"_s); // every message read
        compareWithScan(u"disk 50"_s);
        m_store.reset();
    }
    // The same file back in a build with FTS5: the triggers again, and the index holds what was written meanwhile.
    setIndexModule(u"fts5_absent"_s, u"fts5"_s);
    auto with = Database::open(m_scratch.config());
    QVERIFY2(with.ok(), qPrintable(with.ok() ? QString() : with.error().message));
    QCOMPARE(indexTriggers(), qint64(3));
    QSqlQuery matched =
        m_scratch.exec(u"SELECT COUNT(*) FROM events_message WHERE events_message MATCH '\"failed\"'"_s);
    QVERIFY(matched.next());
    QCOMPARE(matched.value(0).toLongLong(), qint64(3)); // "payment failed", "failedfailed" and the new one
    m_store = std::make_unique<EventStore>(**with, *m_clock);
    add(u"failed again, indexed"_s);
    compareWithScan(u"failed"_s);
    compareWithScan(u"😀😀"_s);
    m_store.reset();
}

void TestEventSearch::indexIsMadeWhereStepElevenCouldNot()
{
    if (!sqlite())
        QSKIP("the FTS5 table is SQLite's");
    // A file that reached step 11 in a build without FTS5 (no table, no triggers), opened by one with it.
    addFixture();
    dropSqliteIndex();
    if (QTest::currentTestFailed())
        return;
    auto reopened = Database::open(m_scratch.config());
    QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error().message));
    QCOMPARE(indexTriggers(), qint64(3));
    QSqlQuery matched =
        m_scratch.exec(u"SELECT COUNT(*) FROM events_message WHERE events_message MATCH '\"failed\"'"_s);
    QVERIFY(matched.next());
    QCOMPARE(matched.value(0).toLongLong(), qint64(2)); // the events already there
    m_store = std::make_unique<EventStore>(**reopened, *m_clock);
    add(u"failed once indexed"_s);
    compareWithScan(u"failed"_s);
    m_store.reset();
}

void TestEventSearch::missingFeatureIsToldFromStorageFailure()
{
    using Schema::MessageIndexSchema::isMissingFeature;
    const auto sqlError = [](const QString& text, const QString& code) {
        return QSqlError(u"Unable to execute statement"_s, text, QSqlError::StatementError, code);
    };
    QVERIFY(isMissingFeature(sqlError(u"no such module: fts5"_s, u"1"_s), Dialect::Sqlite));
    QVERIFY(isMissingFeature(sqlError(u"no such tokenizer: trigram"_s, u"1"_s), Dialect::Sqlite));
    QVERIFY(!isMissingFeature(sqlError(u"database or disk is full"_s, u"13"_s), Dialect::Sqlite));
    QVERIFY(!isMissingFeature(sqlError(u"disk I/O error"_s, u"10"_s), Dialect::Sqlite));
    QVERIFY(!isMissingFeature(sqlError(u"database is locked"_s, u"5"_s), Dialect::Sqlite));
    // PostgreSQL by SQLSTATE: not installed (before 15 / since), no right, no such schema; not a lost server.
    for (const QString& code : {u"58P01"_s, u"0A000"_s, u"42501"_s, u"3F000"_s, u"42704"_s})
        QVERIFY2(isMissingFeature(sqlError(u"ERROR: ..."_s, code), Dialect::Postgres), qPrintable(code));
    for (const QString& code : {u"57P01"_s, u"08006"_s, u"53100"_s, u"40P01"_s, u"25P02"_s, QString()})
        QVERIFY2(!isMissingFeature(sqlError(u"ERROR: ..."_s, code), Dialect::Postgres), qPrintable(code));
}

QTEST_GUILESS_MAIN(TestEventSearch)
#include "TestEventSearch.moc"
