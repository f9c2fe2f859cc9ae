#include "ScratchDatabase.h"
#include "UiLogStore.h"

#include <QJsonArray>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
// Instants computed by hand, in epoch microseconds.
constexpr qint64 k033728Z = 1539920248000000;    // 2018-10-18T21:37:28-06:00 = 2018-10-19T03:37:28Z
constexpr qint64 k030000Z = 1539918000000000;    // 2018-10-19T03:00:00+00:00
constexpr qint64 k030000_25Z = 1539918000250000; // 2018-10-19T05:00:00.250+02:00
constexpr qint64 k025959Z = 1539917999999999;    // 2018-10-19T02:59:59.999999Z
constexpr qint64 k183000Z = 1539973800000000;    // 2018-10-20T00:00:00+05:30 = 2018-10-19T18:30:00Z

UiAction action(const QString& time, qint64 micros, const QString& type, const QJsonObject& properties = {})
{
    return UiAction{time, micros, type, properties};
}

UiAction click(const QString& time, qint64 micros, int x = 0, int y = 0)
{
    return action(time, micros, u"CLICK"_s, {{u"locationX"_s, x}, {u"locationY"_s, y}});
}

UiAction view(const QString& time, qint64 micros, const QString& id = u"v"_s)
{
    return action(time, micros, u"VIEW"_s, {{u"viewedId"_s, id}});
}

UiAction navigate(const QString& time, qint64 micros)
{
    return action(time, micros, u"NAVIGATE"_s, {{u"pageFrom"_s, u"a"_s}, {u"pageTo"_s, u"b"_s}});
}

// "user/session: TYPE@time TYPE@time" per log.
QStringList describe(const QList<UiLog>& logs)
{
    QStringList result;
    for (const UiLog& log : logs) {
        QStringList actions;
        for (const UiAction& a : log.actions)
            actions.append(a.type + u'@' + a.time);
        result.append(log.userId + u'/' + log.sessionId + u": "_s + actions.join(u' '));
    }
    return result;
}
} // namespace

class TestUiLogStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void appendAndListRoundTrip();
    void sameSessionAppendsActions();
    void sameSessionTwiceInOneBatch();
    void allOrNothingWhenActionsTableIsGone();
    void allOrNothingWhenALaterActionFails();
    void filterByUser();
    void timeFilterComparesInstantsAcrossOffsets();
    void filterByTypes();
    void onlyMatchingActionsAndNonEmptyLogs();
    void logsInCreationOrder();

private:
    QList<UiLog> listed(const UiLogFilter& filter = {});
    qint64 count(const QString& table);

    test::ScratchDatabase m_scratch;
    std::unique_ptr<UiLogStore> m_store;
};

void TestUiLogStore::initTestCase_data()
{
    test::addBackendRows();
}

void TestUiLogStore::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_store = std::make_unique<UiLogStore>(m_scratch.db());
}

void TestUiLogStore::cleanup()
{
    m_store.reset();
    m_scratch.close();
}

QList<UiLog> TestUiLogStore::listed(const UiLogFilter& filter)
{
    const auto logs = m_store->list(filter);
    if (!logs) {
        qWarning("list failed: %s", qPrintable(logs.error().message));
        return {UiLog{u"<error>"_s, u"<error>"_s, {action(u"<error>"_s, -1, u"<error>"_s)}}};
    }
    return *logs;
}

qint64 TestUiLogStore::count(const QString& table)
{
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM "_s + table);
    return q.next() ? q.value(0).toLongLong() : -1;
}

void TestUiLogStore::appendAndListRoundTrip()
{
    const QJsonObject nested{{u"pageFrom"_s, u"/home"_s},
                             {u"pageTo"_s, u"/board?year=2026"_s},
                             {u"extra"_s, QJsonObject{{u"list"_s, QJsonArray{1, u"zwei"_s, true}}}}};
    const UiLog log{u"alice"_s,
                    u"session-1"_s,
                    {click(u"2018-10-18T21:37:28-06:00"_s, k033728Z, 0, 12),
                     view(u"2018-10-19T05:00:00.250+02:00"_s, k030000_25Z, u"fälle-7"_s),
                     action(u"2018-10-19t03:00:00z"_s, k030000Z, u"NAVIGATE"_s, nested)}};
    const Status appended = m_store->append({log});
    QVERIFY2(appended.ok(), qPrintable(appended.error().message));

    const QList<UiLog> logs = listed();
    QCOMPARE(logs.size(), 1);
    QCOMPARE(logs[0].userId, u"alice"_s);
    QCOMPARE(logs[0].sessionId, u"session-1"_s);
    QCOMPARE(logs[0].actions.size(), 3);
    // Times come back exactly as sent: offset, fraction and letter case kept.
    QCOMPARE(logs[0].actions[0].time, u"2018-10-18T21:37:28-06:00"_s);
    QCOMPARE(logs[0].actions[1].time, u"2018-10-19T05:00:00.250+02:00"_s);
    QCOMPARE(logs[0].actions[2].time, u"2018-10-19t03:00:00z"_s);
    QCOMPARE(logs[0].actions[0].timeMicros, k033728Z);
    QCOMPARE(logs[0].actions[1].timeMicros, k030000_25Z);
    QCOMPARE(logs[0].actions[2].timeMicros, k030000Z);
    QCOMPARE(logs[0].actions[0].type, u"CLICK"_s);
    QCOMPARE(logs[0].actions[1].type, u"VIEW"_s);
    QCOMPARE(logs[0].actions[2].type, u"NAVIGATE"_s);
    QCOMPARE(logs[0].actions[0].properties, (QJsonObject{{u"locationX"_s, 0}, {u"locationY"_s, 12}}));
    QCOMPARE(logs[0].actions[1].properties.value(u"viewedId"_s).toString(), u"fälle-7"_s);
    QCOMPARE(logs[0].actions[2].properties, nested);
}

void TestUiLogStore::sameSessionAppendsActions()
{
    QVERIFY(m_store
                ->append(
                    {UiLog{u"alice"_s,
                           u"s1"_s,
                           {click(u"2018-10-19T03:00:00Z"_s, k030000Z, 1), view(u"2018-10-19T03:37:28Z"_s, k033728Z)}}})
                .ok());
    QVERIFY(m_store->append({UiLog{u"alice"_s, u"s1"_s, {click(u"2018-10-19T02:59:59.999999Z"_s, k025959Z, 3)}}}).ok());
    QCOMPARE(describe(listed()),
             QStringList{u"alice/s1: CLICK@2018-10-19T03:00:00Z VIEW@2018-10-19T03:37:28Z "
                         "CLICK@2018-10-19T02:59:59.999999Z"_s});
    QCOMPARE(listed().at(0).actions.at(2).properties.value(u"locationX"_s).toInt(), 3);
    QCOMPARE(count(u"ui_logs"_s), 1);

    // Another session of the same user, or the same session id of another user, is another log.
    QVERIFY(m_store
                ->append({UiLog{u"alice"_s, u"s2"_s, {navigate(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                          UiLog{u"bob"_s, u"s1"_s, {navigate(u"2018-10-19T03:00:00Z"_s, k030000Z)}}})
                .ok());
    QCOMPARE(listed().size(), 3);
    QCOMPARE(listed().at(0).actions.size(), 3);
    QCOMPARE(count(u"ui_logs"_s), 3);
}

void TestUiLogStore::sameSessionTwiceInOneBatch()
{
    QVERIFY(m_store
                ->append({UiLog{u"alice"_s, u"s1"_s, {click(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                          UiLog{u"bob"_s, u"s1"_s, {view(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                          UiLog{u"alice"_s, u"s1"_s, {navigate(u"2018-10-19T03:37:28Z"_s, k033728Z)}}})
                .ok());
    QCOMPARE(describe(listed()),
             (QStringList{u"alice/s1: CLICK@2018-10-19T03:00:00Z NAVIGATE@2018-10-19T03:37:28Z"_s,
                          u"bob/s1: VIEW@2018-10-19T03:00:00Z"_s}));
}

void TestUiLogStore::allOrNothingWhenActionsTableIsGone()
{
    QVERIFY(m_store->append({UiLog{u"alice"_s, u"s0"_s, {click(u"2018-10-19T03:00:00Z"_s, k030000Z)}}}).ok());
    QCOMPARE(count(u"ui_logs"_s), 1);
    m_scratch.exec(u"DROP TABLE ui_actions"_s);
    // The first log row goes in, then its first action fails: the log row must go too.
    const Status appended = m_store->append({UiLog{u"bob"_s, u"s1"_s, {click(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                                             UiLog{u"carol"_s, u"s1"_s, {view(u"2018-10-19T03:00:00Z"_s, k030000Z)}}});
    QVERIFY(!appended.ok());
    QCOMPARE(appended.error().kind, ErrorKind::Storage);
    QCOMPARE(count(u"ui_logs"_s), 1);
    QSqlQuery q = m_scratch.exec(u"SELECT user_name FROM ui_logs"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"alice"_s);
    QVERIFY(!q.next());
}

void TestUiLogStore::allOrNothingWhenALaterActionFails()
{
    QVERIFY(m_store->append({UiLog{u"alice"_s, u"s0"_s, {click(u"2018-10-19T03:00:00Z"_s, k030000Z)}}}).ok());
    // Storage refuses actions of type BOOM (a stand-in for any failure half-way through a batch).
    if (m_scratch.config().dialect == Dialect::Postgres) {
        m_scratch.exec(u"ALTER TABLE ui_actions ADD CONSTRAINT no_boom CHECK (action_type <> 'BOOM')"_s);
    } else {
        m_scratch.exec(u"CREATE TRIGGER no_boom BEFORE INSERT ON ui_actions WHEN NEW.action_type = 'BOOM'"
                       " BEGIN SELECT RAISE(ABORT, 'boom'); END"_s);
    }
    // Existing log gets an action, a new log with a good action, then the failing one.
    const Status appended = m_store->append(
        {UiLog{u"alice"_s, u"s0"_s, {view(u"2018-10-19T03:37:28Z"_s, k033728Z)}},
         UiLog{u"bob"_s, u"s1"_s, {click(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
         UiLog{u"carol"_s,
               u"s1"_s,
               {view(u"2018-10-19T03:00:00Z"_s, k030000Z), action(u"2018-10-19T03:00:00Z"_s, k030000Z, u"BOOM"_s)}}});
    QVERIFY(!appended.ok());
    QCOMPARE(count(u"ui_logs"_s), 1);
    QCOMPARE(count(u"ui_actions"_s), 1);
    QCOMPARE(describe(listed()), QStringList{u"alice/s0: CLICK@2018-10-19T03:00:00Z"_s});
    // The store is still usable afterwards.
    QVERIFY(m_store->append({UiLog{u"bob"_s, u"s1"_s, {click(u"2018-10-19T03:00:00Z"_s, k030000Z)}}}).ok());
    QCOMPARE(listed().size(), 2);
}

void TestUiLogStore::filterByUser()
{
    QVERIFY(m_store
                ->append({UiLog{u"alice"_s, u"s1"_s, {click(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                          UiLog{u"bob"_s, u"s1"_s, {view(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                          UiLog{u"alice"_s, u"s2"_s, {navigate(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                          UiLog{u"alice2"_s, u"s1"_s, {navigate(u"2018-10-19T03:00:00Z"_s, k030000Z)}}})
                .ok());
    UiLogFilter filter;
    filter.userId = u"alice"_s;
    QCOMPARE(describe(listed(filter)),
             (QStringList{u"alice/s1: CLICK@2018-10-19T03:00:00Z"_s, u"alice/s2: NAVIGATE@2018-10-19T03:00:00Z"_s}));
    filter.userId = u"ALICE"_s;
    QVERIFY(listed(filter).isEmpty());
    filter.userId = u"nobody"_s;
    QVERIFY(listed(filter).isEmpty());

    filter = UiLogFilter();
    filter.onlyUser = u"bob"_s;
    QCOMPARE(describe(listed(filter)), QStringList{u"bob/s1: VIEW@2018-10-19T03:00:00Z"_s});
    filter.userId = u"alice"_s; // a non-admin asking for someone else's logs gets nothing
    QVERIFY(listed(filter).isEmpty());
    filter.userId = u"bob"_s;
    QCOMPARE(listed(filter).size(), 1);
    QCOMPARE(listed().size(), 4);
}

void TestUiLogStore::timeFilterComparesInstantsAcrossOffsets()
{
    // In text order these would sort differently from their instants.
    QVERIFY(m_store
                ->append({UiLog{u"alice"_s,
                                u"s1"_s,
                                {click(u"2018-10-18T21:37:28-06:00"_s, k033728Z),        // 03:37:28Z
                                 click(u"2018-10-19T03:00:00+00:00"_s, k030000Z),        // 03:00:00Z
                                 click(u"2018-10-19T05:00:00.250+02:00"_s, k030000_25Z), // 03:00:00.25Z
                                 click(u"2018-10-19T02:59:59.999999Z"_s, k025959Z),      // just before 03:00Z
                                 click(u"2018-10-20T00:00:00+05:30"_s, k183000Z)}}})     // 18:30Z on the 19th
                .ok());
    const auto times = [this](std::optional<qint64> from, std::optional<qint64> to) {
        UiLogFilter filter;
        filter.fromMicros = from;
        filter.toMicros = to;
        QStringList result;
        for (const UiLog& log : listed(filter)) {
            for (const UiAction& a : log.actions)
                result.append(a.time);
        }
        return result;
    };
    // from 2018-10-19T03:00:00+00:00 inclusive: "2018-10-18T21:37:28-06:00" is after it.
    QCOMPARE(times(k030000Z, std::nullopt),
             (QStringList{u"2018-10-18T21:37:28-06:00"_s, u"2018-10-19T03:00:00+00:00"_s,
                          u"2018-10-19T05:00:00.250+02:00"_s, u"2018-10-20T00:00:00+05:30"_s}));
    QCOMPARE(times(std::nullopt, k030000Z),
             (QStringList{u"2018-10-19T03:00:00+00:00"_s, u"2018-10-19T02:59:59.999999Z"_s}));
    QCOMPARE(times(k030000_25Z, k033728Z),
             (QStringList{u"2018-10-18T21:37:28-06:00"_s, u"2018-10-19T05:00:00.250+02:00"_s}));
    QCOMPARE(times(k030000Z + 1, k033728Z - 1), QStringList{u"2018-10-19T05:00:00.250+02:00"_s});
    QCOMPARE(times(k033728Z, k033728Z), QStringList{u"2018-10-18T21:37:28-06:00"_s});
    QVERIFY(times(k183000Z + 1, std::nullopt).isEmpty());
    QVERIFY(times(std::nullopt, k025959Z - 1).isEmpty());
    QVERIFY(times(k033728Z, k030000Z).isEmpty()); // from after to
    QCOMPARE(times(std::nullopt, std::nullopt).size(), 5);
}

void TestUiLogStore::filterByTypes()
{
    QVERIFY(m_store
                ->append({UiLog{u"alice"_s,
                                u"s1"_s,
                                {click(u"2018-10-19T03:00:00Z"_s, k030000Z), view(u"2018-10-19T03:00:01Z"_s, k030000Z),
                                 navigate(u"2018-10-19T03:00:02Z"_s, k030000Z),
                                 click(u"2018-10-19T03:00:03Z"_s, k030000Z)}}})
                .ok());
    const auto types = [this](const QStringList& wanted) {
        UiLogFilter filter;
        filter.types = wanted;
        QStringList result;
        for (const UiLog& log : listed(filter)) {
            for (const UiAction& a : log.actions)
                result.append(a.type + u'@' + a.time.mid(17, 2));
        }
        return result;
    };
    QCOMPARE(types({u"CLICK"_s}), (QStringList{u"CLICK@00"_s, u"CLICK@03"_s}));
    QCOMPARE(types({u"VIEW"_s, u"NAVIGATE"_s}), (QStringList{u"VIEW@01"_s, u"NAVIGATE@02"_s}));
    QCOMPARE(types({u"NAVIGATE"_s, u"CLICK"_s, u"VIEW"_s}).size(), 4);
    QVERIFY(types({u"SCROLL"_s}).isEmpty());
    QVERIFY(types({u"click"_s}).isEmpty());
    QCOMPARE(types({u"SCROLL"_s, u"VIEW"_s}), QStringList{u"VIEW@01"_s});
    QVERIFY(types({}).isEmpty()); // an empty list matches nothing
    QCOMPARE(listed().at(0).actions.size(), 4);
}

void TestUiLogStore::onlyMatchingActionsAndNonEmptyLogs()
{
    QVERIFY(
        m_store
            ->append({UiLog{u"alice"_s,
                            u"s1"_s,
                            {click(u"2018-10-19T03:00:00Z"_s, k030000Z), view(u"2018-10-19T03:37:28Z"_s, k033728Z)}},
                      UiLog{u"bob"_s, u"s1"_s, {view(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                      UiLog{u"carol"_s, u"s1"_s, {navigate(u"2018-10-19T03:37:28Z"_s, k033728Z)}}})
            .ok());
    UiLogFilter filter;
    filter.types = QStringList{u"VIEW"_s};
    QCOMPARE(describe(listed(filter)),
             (QStringList{u"alice/s1: VIEW@2018-10-19T03:37:28Z"_s, u"bob/s1: VIEW@2018-10-19T03:00:00Z"_s}));
    filter.fromMicros = k033728Z;
    QCOMPARE(describe(listed(filter)), QStringList{u"alice/s1: VIEW@2018-10-19T03:37:28Z"_s});
    filter.types.reset();
    QCOMPARE(describe(listed(filter)),
             (QStringList{u"alice/s1: VIEW@2018-10-19T03:37:28Z"_s, u"carol/s1: NAVIGATE@2018-10-19T03:37:28Z"_s}));
    filter.userId = u"bob"_s;
    QVERIFY(listed(filter).isEmpty()); // bob's log has no action left
    filter = UiLogFilter();
    filter.userId = u"alice"_s;
    filter.types = QStringList{u"CLICK"_s};
    filter.toMicros = k030000Z;
    QCOMPARE(describe(listed(filter)), QStringList{u"alice/s1: CLICK@2018-10-19T03:00:00Z"_s});
}

void TestUiLogStore::logsInCreationOrder()
{
    QVERIFY(m_store->append({UiLog{u"zed"_s, u"s9"_s, {click(u"2018-10-19T03:37:28Z"_s, k033728Z)}}}).ok());
    QVERIFY(m_store
                ->append({UiLog{u"alice"_s, u"s5"_s, {click(u"2018-10-19T03:00:00Z"_s, k030000Z)}},
                          UiLog{u"bob"_s, u"s1"_s, {click(u"2018-10-18T21:37:28-06:00"_s, k033728Z)}}})
                .ok());
    // Appending to the oldest log later does not move it.
    QVERIFY(m_store->append({UiLog{u"zed"_s, u"s9"_s, {click(u"2018-10-19T02:59:59.999999Z"_s, k025959Z)}}}).ok());
    QCOMPARE(describe(listed()),
             (QStringList{u"zed/s9: CLICK@2018-10-19T03:37:28Z CLICK@2018-10-19T02:59:59.999999Z"_s,
                          u"alice/s5: CLICK@2018-10-19T03:00:00Z"_s, u"bob/s1: CLICK@2018-10-18T21:37:28-06:00"_s}));
}

QTEST_GUILESS_MAIN(TestUiLogStore)
#include "TestUiLogStore.moc"
