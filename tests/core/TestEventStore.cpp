#include "EventStore.h"
#include "FakeClock.h"
#include "ScratchDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSemaphore>
#include <QSet>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
// 2021-04-16T15:12:03.456Z as epoch microseconds (computed by hand).
constexpr qint64 kT0Micros = 1618585923456000;

QDateTime fromMicros(qint64 micros)
{
    return QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC);
}
} // namespace

class TestEventStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void addReturnsUuid4AndClockTime();
    void dataRoundTrips();
    void listInInsertionOrder();
    void exactFilters();
    void messageContainsIsLiteralAndCaseSensitive();
    void filtersAreAnded();
    void postedByRestricts();
    void timeRange();
    void fromDateWhetherOrNotStoredInTimeOrder();
    void afterIdCursor();
    void limitDefaultAndClamp();
    void cursorNeverSkipsAnEventCommittedLate();

private:
    bool add(const QString& component, const QString& email, const QString& environment, const QString& message,
             const QJsonObject& data = {});
    QStringList messages(const EventFilter& filter);
    void addFixture();

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<EventStore> m_store;
    QStringList m_ids; // of the events added through add(), in order
};

void TestEventStore::initTestCase_data()
{
    test::addBackendRows();
}

void TestEventStore::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>(fromMicros(kT0Micros));
    m_store = std::make_unique<EventStore>(m_scratch.db(), *m_clock);
    m_ids.clear();
}

void TestEventStore::cleanup()
{
    m_store.reset();
    m_scratch.close();
}

bool TestEventStore::add(const QString& component, const QString& email, const QString& environment,
                         const QString& message, const QJsonObject& data)
{
    // The fixture's posters: user 1 posts the events that carry a@x.io, user 2 those that carry b@x.io.
    const std::optional<qint64> poster = email == u"a@x.io"_s ? std::optional<qint64>(1)
        : email == u"b@x.io"_s                                ? std::optional<qint64>(2)
                                                              : std::nullopt;
    const auto event = m_store->add(component, data, email, environment, message, poster);
    if (!event) {
        qWarning("add failed: %s", qPrintable(event.error().message));
        return false;
    }
    m_ids.append(event->id);
    return true;
}

QStringList TestEventStore::messages(const EventFilter& filter)
{
    const auto events = m_store->list(filter);
    if (!events)
        return {u"<error: "_s + events.error().message + u'>'};
    QStringList result;
    for (const Event& e : *events)
        result.append(e.message);
    return result;
}

// Five events whose messages name them; the filters below pick them by hand.
void TestEventStore::addFixture()
{
    QVERIFY(add(u"api"_s, u"a@x.io"_s, u"prod"_s, u"e0 disk 50% full"_s));
    QVERIFY(add(u"api"_s, u"b@x.io"_s, u"dev"_s, u"e1 disk 500 GB"_s));
    QVERIFY(add(u"web"_s, u"a@x.io"_s, u"dev"_s, u"e2 Error in a_c"_s));
    QVERIFY(add(u"web"_s, u"b@x.io"_s, u"prod"_s, u"e3 error in abc"_s));
    QVERIFY(add(u"API"_s, u"A@x.io"_s, u"Prod"_s, u"e4 50%"_s));
}

void TestEventStore::addReturnsUuid4AndClockTime()
{
    const QJsonObject data{{u"k"_s, 1}};
    const auto event = m_store->add(u"api"_s, data, u"a@x.io"_s, u"prod"_s, u"hello"_s);
    QVERIFY2(event.ok(), qPrintable(event.error().message));
    static const QRegularExpression uuid4(u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
    QVERIFY2(uuid4.match(event->id).hasMatch(), qPrintable(event->id));
    QCOMPARE(event->createdMicros, kT0Micros);
    QCOMPARE(event->component, u"api"_s);
    QCOMPARE(event->email, u"a@x.io"_s);
    QCOMPARE(event->environment, u"prod"_s);
    QCOMPARE(event->message, u"hello"_s);
    QCOMPARE(event->data, data);

    QSet<QString> ids{event->id};
    for (int i = 0; i < 20; ++i) {
        m_clock->advance(1);
        const auto next = m_store->add(u"api"_s, {}, u"a@x.io"_s, u"prod"_s, u"again"_s);
        QVERIFY(next.ok());
        QVERIFY2(uuid4.match(next->id).hasMatch(), qPrintable(next->id));
        ids.insert(next->id);
    }
    QCOMPARE(ids.size(), 21);

    const auto listed = m_store->list({});
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), 21);
    QCOMPARE(listed->at(0).id, event->id);
    QCOMPARE(listed->at(0).createdMicros, kT0Micros);
    QCOMPARE(listed->at(1).createdMicros, kT0Micros + 1000000);
    QCOMPARE(listed->at(0).component, u"api"_s);
    QCOMPARE(listed->at(0).email, u"a@x.io"_s);
    QCOMPARE(listed->at(0).environment, u"prod"_s);
    QCOMPARE(listed->at(0).message, u"hello"_s);
}

void TestEventStore::dataRoundTrips()
{
    const QByteArray json = R"({
        "nested": {"level2": {"level3": [1, "two", {"three": null}]}, "empty": {}},
        "array": [1, 2.5, -3, true, false, null, "s", [], {}],
        "int": 42, "negative": -7, "fraction": 0.125, "big": 9007199254740991, "exp": 1.5e300,
        "unicode": "Grüße, 日本, emoji 🌈, quote \" backslash \\ tab \t nul-free",
        "ключ": "значение"
    })";
    QJsonParseError error;
    const QJsonObject data = QJsonDocument::fromJson(json, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(data.size(), 9);
    QVERIFY(add(u"comp ü"_s, u"a@x.io"_s, u"prod"_s, u"message with 🌈"_s, data));
    QVERIFY(add(u"api"_s, u"a@x.io"_s, u"prod"_s, u"empty data"_s, QJsonObject()));

    const auto events = m_store->list({});
    QVERIFY(events.ok());
    QCOMPARE(events->size(), 2);
    QCOMPARE(events->at(0).data, data);
    QCOMPARE(events->at(0).data.value(u"unicode"_s).toString(),
             u"Grüße, 日本, emoji 🌈, quote \" backslash \\ tab \t nul-free"_s);
    QCOMPARE(events->at(0).data.value(u"big"_s).toDouble(), 9007199254740991.0);
    QCOMPARE(events->at(0).data.value(u"nested"_s)[u"level2"_s][u"level3"_s][2][u"three"_s].type(), QJsonValue::Null);
    QCOMPARE(events->at(0).data.value(u"ключ"_s).toString(), u"значение"_s);
    QCOMPARE(events->at(0).component, u"comp ü"_s);
    QCOMPARE(events->at(0).message, u"message with 🌈"_s);
    QVERIFY(events->at(1).data.isEmpty());
}

void TestEventStore::listInInsertionOrder()
{
    // The clock runs backwards: insertion order, not created time, decides.
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"first"_s));
    m_clock->advance(-3600);
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"second"_s));
    m_clock->advance(7200);
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"third"_s));
    m_clock->advance(-86400);
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"fourth"_s));
    QCOMPARE(messages({}), (QStringList{u"first"_s, u"second"_s, u"third"_s, u"fourth"_s}));
}

void TestEventStore::exactFilters()
{
    addFixture();
    EventFilter filter;
    filter.email = u"a@x.io"_s;
    QCOMPARE(messages(filter), (QStringList{u"e0 disk 50% full"_s, u"e2 Error in a_c"_s}));
    filter.email = u"A@x.io"_s; // exact: case matters
    QCOMPARE(messages(filter), QStringList{u"e4 50%"_s});
    filter.email = u"a@x"_s; // exact: no prefix match
    QVERIFY(messages(filter).isEmpty());

    filter = EventFilter();
    filter.environment = u"prod"_s;
    QCOMPARE(messages(filter), (QStringList{u"e0 disk 50% full"_s, u"e3 error in abc"_s}));
    filter.environment = u"dev"_s;
    QCOMPARE(messages(filter), (QStringList{u"e1 disk 500 GB"_s, u"e2 Error in a_c"_s}));
    filter.environment = u"pro"_s;
    QVERIFY(messages(filter).isEmpty());

    filter = EventFilter();
    filter.component = u"api"_s;
    QCOMPARE(messages(filter), (QStringList{u"e0 disk 50% full"_s, u"e1 disk 500 GB"_s}));
    filter.component = u"API"_s;
    QCOMPARE(messages(filter), QStringList{u"e4 50%"_s});
    filter.component = u"%"_s;
    QVERIFY(messages(filter).isEmpty());
}

void TestEventStore::messageContainsIsLiteralAndCaseSensitive()
{
    addFixture();
    EventFilter filter;
    filter.messageContains = u"50%"_s;
    QCOMPARE(messages(filter), (QStringList{u"e0 disk 50% full"_s, u"e4 50%"_s})); // not "500 GB"
    filter.messageContains = u"%"_s;
    QCOMPARE(messages(filter), (QStringList{u"e0 disk 50% full"_s, u"e4 50%"_s}));
    filter.messageContains = u"a_c"_s;
    QCOMPARE(messages(filter), QStringList{u"e2 Error in a_c"_s}); // '_' is not a wildcard: not "abc"
    filter.messageContains = u"_"_s;
    QCOMPARE(messages(filter), QStringList{u"e2 Error in a_c"_s});
    filter.messageContains = u"error"_s;
    QCOMPARE(messages(filter), QStringList{u"e3 error in abc"_s});
    filter.messageContains = u"Error"_s;
    QCOMPARE(messages(filter), QStringList{u"e2 Error in a_c"_s});
    filter.messageContains = u"disk"_s;
    QCOMPARE(messages(filter), (QStringList{u"e0 disk 50% full"_s, u"e1 disk 500 GB"_s}));
    filter.messageContains = u"DISK"_s;
    QVERIFY(messages(filter).isEmpty());
    filter.messageContains = u"e1 disk 500 GB"_s; // the whole message
    QCOMPARE(messages(filter), QStringList{u"e1 disk 500 GB"_s});
    filter.messageContains = u"e1 disk 500 GB!"_s;
    QVERIFY(messages(filter).isEmpty());
}

void TestEventStore::filtersAreAnded()
{
    addFixture();
    EventFilter filter;
    filter.email = u"a@x.io"_s;
    filter.environment = u"dev"_s;
    QCOMPARE(messages(filter), QStringList{u"e2 Error in a_c"_s});

    filter = EventFilter();
    filter.component = u"api"_s;
    filter.environment = u"prod"_s;
    filter.messageContains = u"50"_s;
    QCOMPARE(messages(filter), QStringList{u"e0 disk 50% full"_s});

    filter = EventFilter();
    filter.email = u"b@x.io"_s;
    filter.component = u"web"_s;
    filter.messageContains = u"abc"_s;
    QCOMPARE(messages(filter), QStringList{u"e3 error in abc"_s});

    filter = EventFilter();
    filter.email = u"a@x.io"_s;
    filter.environment = u"prod"_s;
    filter.component = u"web"_s;
    QVERIFY(messages(filter).isEmpty());

    filter = EventFilter();
    filter.email = u"b@x.io"_s;
    filter.environment = u"dev"_s;
    filter.component = u"api"_s;
    filter.messageContains = u"500"_s;
    filter.fromMicros = kT0Micros;
    filter.untilMicros = kT0Micros + 1;
    QCOMPARE(messages(filter), QStringList{u"e1 disk 500 GB"_s});
    filter.untilMicros = kT0Micros;
    QVERIFY(messages(filter).isEmpty());
}

void TestEventStore::postedByRestricts()
{
    addFixture();
    EventFilter filter;
    filter.postedBy = 1;
    QCOMPARE(messages(filter), (QStringList{u"e0 disk 50% full"_s, u"e2 Error in a_c"_s}));
    filter.email = u"b@x.io"_s; // asking for someone else's events shows nothing
    QVERIFY(messages(filter).isEmpty());
    filter.email = u"a@x.io"_s;
    QCOMPARE(messages(filter), (QStringList{u"e0 disk 50% full"_s, u"e2 Error in a_c"_s}));
    filter = EventFilter();
    filter.postedBy = 2;
    filter.component = u"web"_s;
    QCOMPARE(messages(filter), QStringList{u"e3 error in abc"_s});
    filter = EventFilter();
    filter.postedBy = 99;
    QVERIFY(messages(filter).isEmpty());
}

void TestEventStore::timeRange()
{
    // Events at T0, T0 + 1 ms, T0 + 2 ms, T0 + 1 day.
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"t0"_s));
    m_clock->setNow(fromMicros(kT0Micros + 1000));
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"t1"_s));
    m_clock->setNow(fromMicros(kT0Micros + 2000));
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"t2"_s));
    m_clock->setNow(fromMicros(kT0Micros + 86400000000));
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"day"_s));

    EventFilter filter;
    filter.fromMicros = kT0Micros + 1000; // inclusive
    QCOMPARE(messages(filter), (QStringList{u"t1"_s, u"t2"_s, u"day"_s}));
    filter.fromMicros = kT0Micros + 1001;
    QCOMPARE(messages(filter), (QStringList{u"t2"_s, u"day"_s}));
    filter = EventFilter();
    filter.untilMicros = kT0Micros + 2000; // exclusive
    QCOMPARE(messages(filter), (QStringList{u"t0"_s, u"t1"_s}));
    filter.untilMicros = kT0Micros + 2001;
    QCOMPARE(messages(filter), (QStringList{u"t0"_s, u"t1"_s, u"t2"_s}));
    filter.untilMicros = kT0Micros;
    QVERIFY(messages(filter).isEmpty());
    filter.fromMicros = kT0Micros + 1000;
    filter.untilMicros = kT0Micros + 2000;
    QCOMPARE(messages(filter), QStringList{u"t1"_s});
    filter.fromMicros = kT0Micros + 2000;
    filter.untilMicros = kT0Micros + 2000;
    QVERIFY(messages(filter).isEmpty());
    // A whole UTC day from midnight: 2021-04-17T00:00:00Z = 1618617600 s.
    filter.fromMicros = qint64(1618617600) * 1000000;
    filter.untilMicros = qint64(1618617600 + 86400) * 1000000;
    QCOMPARE(messages(filter), QStringList{u"day"_s});
}

void TestEventStore::fromDateWhetherOrNotStoredInTimeOrder()
{
    // In time order, from_date starts at the first event from then on; once one event is stored with an earlier
    // time (another server's clock), every event is checked again: the answers are the same either way.
    const auto at = [&](qint64 offsetMs, const QString& message) {
        m_clock->setNow(fromMicros(kT0Micros + offsetMs * 1000));
        return add(u"c"_s, u"a@x.io"_s, u"e"_s, message);
    };
    QVERIFY(at(0, u"t0"_s) && at(10, u"t10"_s) && at(10, u"t10b"_s) && at(20, u"t20"_s));
    EventFilter filter;
    const auto from = [&](qint64 offsetMs) {
        filter.fromMicros = kT0Micros + offsetMs * 1000;
        return messages(filter);
    };
    QCOMPARE(from(10), (QStringList{u"t10"_s, u"t10b"_s, u"t20"_s}));
    QCOMPARE(from(11), QStringList{u"t20"_s});
    QCOMPARE(from(21), QStringList());
    filter.component = u"c"_s;
    QCOMPARE(from(5), (QStringList{u"t10"_s, u"t10b"_s, u"t20"_s}));
    filter.component = u"other"_s;
    QCOMPARE(from(5), QStringList());
    filter.component.reset();

    QVERIFY(at(5, u"late t5"_s)); // stored after t20 with an earlier time
    QCOMPARE(from(0), (QStringList{u"t0"_s, u"t10"_s, u"t10b"_s, u"t20"_s, u"late t5"_s}));
    QCOMPARE(from(5), (QStringList{u"t10"_s, u"t10b"_s, u"t20"_s, u"late t5"_s}));
    QCOMPARE(from(11), QStringList{u"t20"_s});
    QVERIFY(at(30, u"t30"_s)); // in order again, but the earlier disorder stays known
    QCOMPARE(from(5), (QStringList{u"t10"_s, u"t10b"_s, u"t20"_s, u"late t5"_s, u"t30"_s}));
    QCOMPARE(from(31), QStringList());
}

void TestEventStore::afterIdCursor()
{
    for (int i = 0; i < 5; ++i) {
        QVERIFY(add(i % 2 == 0 ? u"even"_s : u"odd"_s, u"a@x.io"_s, u"e"_s, u"m%1"_s.arg(i)));
        m_clock->advance(-10); // created times run backwards: the cursor follows insertion order
    }
    EventFilter filter;
    filter.afterId = m_ids[1];
    QCOMPARE(messages(filter), (QStringList{u"m2"_s, u"m3"_s, u"m4"_s}));
    filter.limit = 2;
    QCOMPARE(messages(filter), (QStringList{u"m2"_s, u"m3"_s}));
    filter.limit = 100;
    filter.component = u"even"_s;
    QCOMPARE(messages(filter), (QStringList{u"m2"_s, u"m4"_s}));
    filter.component.reset();
    filter.afterId = m_ids[4];
    QVERIFY(messages(filter).isEmpty());
    filter.afterId = u"00000000-0000-4000-8000-000000000000"_s; // unknown: nothing, not everything
    QVERIFY(messages(filter).isEmpty());
    filter.afterId = u""_s;
    QVERIFY(messages(filter).isEmpty());
    filter.afterId = m_ids[1].toUpper(); // ids are exact
    QVERIFY(messages(filter).isEmpty());
    filter.afterId = m_ids[0];
    QCOMPARE(messages(filter), (QStringList{u"m1"_s, u"m2"_s, u"m3"_s, u"m4"_s}));
}

void TestEventStore::limitDefaultAndClamp()
{
    QCOMPARE(EventFilter().limit, 100);
    QCOMPARE(EventStore::kMaxLimit, 1000);
    for (int i = 0; i < 1001; ++i)
        QVERIFY(add(u"bulk"_s, u"a@x.io"_s, u"e"_s, u"m%1"_s.arg(i)));

    const auto count = [this](int limit) -> qsizetype {
        EventFilter filter;
        filter.limit = limit;
        const auto events = m_store->list(filter);
        return events ? events->size() : -1;
    };
    const QStringList firstHundred = messages({});
    QCOMPARE(firstHundred.size(), 100);
    QCOMPARE(firstHundred.first(), u"m0"_s);
    QCOMPARE(firstHundred.last(), u"m99"_s);
    QCOMPARE(count(1), qsizetype(1));
    QCOMPARE(count(0), qsizetype(1));
    QCOMPARE(count(-5), qsizetype(1));
    QCOMPARE(count(999), qsizetype(999));
    QCOMPARE(count(1000), qsizetype(1000));
    QCOMPARE(count(1001), qsizetype(1000));
    QCOMPARE(count(5000), qsizetype(1000));

    EventFilter filter;
    filter.limit = 1000;
    filter.afterId = m_ids[999];
    QCOMPARE(messages(filter), QStringList{u"m1000"_s});
    filter.limit = 0;
    filter.afterId = m_ids[10];
    QCOMPARE(messages(filter), QStringList{u"m11"_s});
}

void TestEventStore::cursorNeverSkipsAnEventCommittedLate()
{
    // Two writers: the first takes its number, then stays uncommitted while the second adds and commits. A
    // reader paging with `after` meanwhile must not move its cursor past the first one's number, or it never
    // sees that event. With a plain sequence on PostgreSQL it would: 11 is visible before 10 commits.
    QVERIFY(add(u"c"_s, u"a@x.io"_s, u"e"_s, u"start"_s));
    const bool postgres = m_scratch.config().dialect == Dialect::Postgres;
    QSemaphore firstAdded;
    QSemaphore firstMayCommit;
    bool firstStored = false;
    bool firstCommitted = false;
    std::unique_ptr<QThread> first(QThread::create([&] {
        TransactionScope transaction(m_scratch.db());
        firstStored = m_store->add(u"c"_s, {}, u"a@x.io"_s, u"e"_s, u"first"_s).ok();
        firstAdded.release();
        firstMayCommit.acquire();
        firstCommitted = transaction.commit().ok();
    }));
    first->start();
    firstAdded.acquire();
    QVERIFY(firstStored);

    std::atomic<qint64> secondPid{0};
    std::atomic<bool> secondDone{false};
    bool secondStored = false;
    std::unique_ptr<QThread> second(QThread::create([&] {
        if (postgres) {
            if (const auto db = m_scratch.db().connection())
                secondPid = sql::scalar(*db, u"SELECT pg_backend_pid()"_s).value();
        }
        secondStored = m_store->add(u"c"_s, {}, u"a@x.io"_s, u"e"_s, u"second"_s).ok();
        secondDone = true;
    }));
    second->start();
    if (postgres) {
        // Either the second writer committed (a sequence) or it waits for the first one's lock (commit order).
        const auto waitsForALock = [&] {
            QSqlQuery q =
                m_scratch.exec(u"SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?"_s, {qint64(secondPid)});
            return q.next() && q.value(0).toString() == u"Lock"_s;
        };
        QTRY_VERIFY_WITH_TIMEOUT(secondDone || (secondPid != 0 && waitsForALock()), 10000);
    }

    EventFilter filter;
    filter.afterId = m_ids[0];
    QStringList seen;
    const auto page = [&] {
        const auto events = m_store->list(filter);
        QVERIFY2(events.ok(), qPrintable(events.error().message));
        for (const Event& event : *events) {
            seen.append(event.message);
            filter.afterId = event.id;
        }
    };
    page(); // while the first writer is still open
    firstMayCommit.release();
    QVERIFY(first->wait(30000));
    QVERIFY(second->wait(30000));
    QVERIFY(firstCommitted);
    QVERIFY(secondStored);
    page();
    QCOMPARE(seen, (QStringList{u"first"_s, u"second"_s}));
    EventFilter all;
    QCOMPARE(messages(all), (QStringList{u"start"_s, u"first"_s, u"second"_s})); // insertion (commit) order
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "TestEventStore.moc"
