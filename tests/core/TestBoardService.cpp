#include "BoardService.h"
#include "FakeClock.h"
#include "MoodService.h"
#include "PasswordHasher.h"
#include "ScratchDatabase.h"
#include "UserService.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

namespace mood {
char* toString(const BoardDay& day)
{
    QStringList moods;
    for (Mood m : day.moods)
        moods.append(moodName(m));
    return QTest::toString(
        u"{%1 level %2 [%3]}"_s.arg(day.date.toString(Qt::ISODate)).arg(day.level).arg(moods.join(u", "_s)));
}
} // namespace mood

namespace {
constexpr qint64 kNow = 1773576000; // 2026-03-15T12:00:00Z, the FakeClock's default
constexpr qint64 kDay = 86400;
constexpr qint64 kHour = 3600;
} // namespace

class TestBoardService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void onlyDaysWithMoodsInDateOrder();
    void levelIsThatOfTheLaterMood();
    void equalTimestampsFollowRecordingOrder();
    void correctionChangesTheLevel();
    void yearBoundariesInUserTimeZone();
    void otherUsersNeverAppear();
    void emptyYear();
    void yearsWithData();

private:
    qint64 newUser(const QString& name, const QByteArray& zone = QByteArrayLiteral("UTC"));
    bool recordAt(qint64 userId, qint64 at, Mood mood);
    QList<BoardDay> boardOf(qint64 userId, int year);

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<MoodService> m_moods;
    std::unique_ptr<BoardService> m_board;
};

void TestBoardService::initTestCase_data()
{
    test::addBackendRows();
}

void TestBoardService::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>();
    QCOMPARE(m_clock->now().toSecsSinceEpoch(), kNow);
    m_hasher = std::make_unique<PasswordHasher>(PasswordHasher::Strength::Minimal);
    m_users = std::make_unique<UserService>(m_scratch.db(), *m_clock, *m_hasher);
    m_moods = std::make_unique<MoodService>(m_scratch.db(), *m_clock);
    m_board = std::make_unique<BoardService>(m_scratch.db());
}

void TestBoardService::cleanup()
{
    m_board.reset();
    m_moods.reset();
    m_users.reset();
    m_scratch.close();
}

qint64 TestBoardService::newUser(const QString& name, const QByteArray& zone)
{
    const auto user = m_users->registerUser(name, u"correct horse"_s);
    if (!user) {
        qWarning("register failed: %s", qPrintable(user.error().message));
        return 0;
    }
    if (const Status set = m_users->setTimeZone(user->id, zone); !set) {
        qWarning("setTimeZone failed: %s", qPrintable(set.error().message));
        return 0;
    }
    return user->id;
}

bool TestBoardService::recordAt(qint64 userId, qint64 at, Mood mood)
{
    const auto entry = m_moods->record(userId, mood, at);
    if (!entry)
        qWarning("record failed: %s", qPrintable(entry.error().message));
    return entry.ok();
}

QList<BoardDay> TestBoardService::boardOf(qint64 userId, int year)
{
    const auto board = m_board->board(userId, year);
    if (!board) {
        qWarning("board failed: %s", qPrintable(board.error().message));
        return {BoardDay{QDate(), -1, {}}};
    }
    return *board;
}

void TestBoardService::onlyDaysWithMoodsInDateOrder()
{
    const qint64 alice = newUser(u"alice"_s);
    // Recorded out of order, with gaps: the 11th, 13th and 14th have nothing.
    QVERIFY(recordAt(alice, kNow - 3 * kDay, Mood::Gloomy));     // 12th
    QVERIFY(recordAt(alice, kNow, Mood::Cheerful));              // 15th
    QVERIFY(recordAt(alice, kNow - 7 * kDay, Mood::Reflective)); // 8th
    QVERIFY(recordAt(alice, kNow - 5 * kDay, Mood::Melancholy)); // 10th
    QVERIFY(recordAt(alice, kNow - 6 * kDay, Mood::Whimsical));  // 9th

    const QList<BoardDay> expected{
        {QDate(2026, 3, 8), 3, {Mood::Reflective}},  {QDate(2026, 3, 9), 4, {Mood::Whimsical}},
        {QDate(2026, 3, 10), 2, {Mood::Melancholy}}, {QDate(2026, 3, 12), 1, {Mood::Gloomy}},
        {QDate(2026, 3, 15), 5, {Mood::Cheerful}},
    };
    QCOMPARE(boardOf(alice, 2026), expected);
}

void TestBoardService::levelIsThatOfTheLaterMood()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 march14 = kNow - kDay;
    // Recorded in the opposite order of their timestamps: the later one by timestamp decides.
    QVERIFY(recordAt(alice, march14 + kHour, Mood::Cheerful)); // 13:00
    QVERIFY(recordAt(alice, march14 - kHour, Mood::Gloomy));   // 11:00
    QVERIFY(recordAt(alice, kNow - kHour, Mood::Idyllic));     // 15th 11:00
    QVERIFY(recordAt(alice, kNow, Mood::Melancholy));          // 15th 12:00
    const QList<BoardDay> expected{
        {QDate(2026, 3, 14), 5, {Mood::Gloomy, Mood::Cheerful}},
        {QDate(2026, 3, 15), 2, {Mood::Idyllic, Mood::Melancholy}},
    };
    QCOMPARE(boardOf(alice, 2026), expected);
}

void TestBoardService::equalTimestampsFollowRecordingOrder()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 march13 = kNow - 2 * kDay;
    QVERIFY(recordAt(alice, march13, Mood::Cheerful));
    QVERIFY(recordAt(alice, march13, Mood::Gloomy)); // same second, recorded later: the later mood
    QVERIFY(recordAt(alice, kNow, Mood::Gloomy));
    QVERIFY(recordAt(alice, kNow, Mood::Whimsical));
    const QList<BoardDay> expected{
        {QDate(2026, 3, 13), 1, {Mood::Cheerful, Mood::Gloomy}},
        {QDate(2026, 3, 15), 4, {Mood::Gloomy, Mood::Whimsical}},
    };
    QCOMPARE(boardOf(alice, 2026), expected);
}

void TestBoardService::correctionChangesTheLevel()
{
    const qint64 alice = newUser(u"alice"_s);
    const auto entry = m_moods->record(alice, Mood::Gloomy);
    QVERIFY(entry.ok());
    QCOMPARE(boardOf(alice, 2026), (QList<BoardDay>{{QDate(2026, 3, 15), 1, {Mood::Gloomy}}}));
    QVERIFY(m_moods->correct(alice, entry->id, Mood::Romantic, {}).ok());
    QCOMPARE(boardOf(alice, 2026), (QList<BoardDay>{{QDate(2026, 3, 15), 4, {Mood::Romantic}}}));
    QVERIFY(m_moods->remove(alice, entry->id).ok());
    QVERIFY(boardOf(alice, 2026).isEmpty());
}

void TestBoardService::yearBoundariesInUserTimeZone()
{
    // Now: 2027-01-03T03:00Z. In Tokyo (+9) 2026-12-31T23:30Z is 2027-01-01 08:30 and 2026-12-31T14:00Z is
    // 23:00 on the 31st; in Los Angeles (-8) 2027-01-01T05:00Z is 21:00 on 2026-12-31.
    m_clock->setNow(QDateTime::fromSecsSinceEpoch(1798945200, Qt::UTC));
    const qint64 tokyo = newUser(u"tokyo"_s, "Asia/Tokyo");
    const qint64 angeleno = newUser(u"angeleno"_s, "America/Los_Angeles");
    constexpr qint64 dec31At2330Z = 1798759800;
    constexpr qint64 dec31At1400Z = 1798725600;
    constexpr qint64 jan1At0500Z = 1798779600;
    constexpr qint64 jan2At1200Z = 1798891200;

    QVERIFY(recordAt(tokyo, dec31At1400Z, Mood::Gloomy));
    QVERIFY(recordAt(tokyo, dec31At2330Z, Mood::Cheerful));
    QCOMPARE(boardOf(tokyo, 2026), (QList<BoardDay>{{QDate(2026, 12, 31), 1, {Mood::Gloomy}}}));
    QCOMPARE(boardOf(tokyo, 2027), (QList<BoardDay>{{QDate(2027, 1, 1), 5, {Mood::Cheerful}}}));

    QVERIFY(recordAt(angeleno, dec31At2330Z, Mood::Reflective));
    QVERIFY(recordAt(angeleno, jan1At0500Z, Mood::Whimsical));
    QVERIFY(recordAt(angeleno, jan2At1200Z, Mood::Melancholy));
    QCOMPARE(boardOf(angeleno, 2026), (QList<BoardDay>{{QDate(2026, 12, 31), 4, {Mood::Reflective, Mood::Whimsical}}}));
    QCOMPARE(boardOf(angeleno, 2027), (QList<BoardDay>{{QDate(2027, 1, 2), 2, {Mood::Melancholy}}}));
}

void TestBoardService::otherUsersNeverAppear()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 bob = newUser(u"bob"_s);
    QVERIFY(recordAt(alice, kNow - kDay, Mood::Cheerful));
    QVERIFY(recordAt(bob, kNow - kDay + kHour, Mood::Gloomy)); // later the same day: must not colour alice's
    QVERIFY(recordAt(bob, kNow - 2 * kDay, Mood::Gloomy));
    QVERIFY(recordAt(bob, kNow, Mood::Gloomy));
    QCOMPARE(boardOf(alice, 2026), (QList<BoardDay>{{QDate(2026, 3, 14), 5, {Mood::Cheerful}}}));
    QCOMPARE(boardOf(bob, 2026).size(), 3);
    QCOMPARE(boardOf(bob, 2026).at(1), (BoardDay{QDate(2026, 3, 14), 1, {Mood::Gloomy}}));
}

void TestBoardService::emptyYear()
{
    const qint64 alice = newUser(u"alice"_s);
    QVERIFY(boardOf(alice, 2026).isEmpty()); // no moods at all
    QVERIFY(recordAt(alice, kNow, Mood::Cheerful));
    QVERIFY(boardOf(alice, 2025).isEmpty());
    QVERIFY(boardOf(alice, 2027).isEmpty());
    QCOMPARE(boardOf(alice, 2026).size(), 1);
    QVERIFY(boardOf(4242, 2026).isEmpty()); // an unknown user has no moods either
}

void TestBoardService::yearsWithData()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 tokyo = newUser(u"tokyo"_s, QByteArrayLiteral("Asia/Tokyo"));
    auto years = m_board->yearsWithData(alice);
    QVERIFY(years.ok());
    QVERIFY(years->isEmpty());

    // Back-filling reaches into 2026 only; older years come from rows written as an old instance would have.
    QVERIFY(recordAt(alice, kNow, Mood::Cheerful));
    QVERIFY(recordAt(alice, kNow - 2 * kDay, Mood::Gloomy));
    m_scratch.exec(u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                   " VALUES (?, 'GLOOMY', ?, '2023-06-01', '', ?)"_s,
                   {alice, kNow - 1000 * kDay, kNow});
    years = m_board->yearsWithData(alice);
    QVERIFY(years.ok());
    QCOMPARE(*years, (QList<int>{2023, 2026}));

    // The year is that of the user's calendar day: 2025-12-31T20:00Z is already 2026 in Tokyo.
    m_clock->setNow(QDateTime(QDate(2025, 12, 31), QTime(20, 0), Qt::UTC));
    QVERIFY(recordAt(tokyo, m_clock->now().toSecsSinceEpoch(), Mood::Whimsical));
    years = m_board->yearsWithData(tokyo);
    QVERIFY(years.ok());
    QCOMPARE(*years, (QList<int>{2026}));
}

QTEST_GUILESS_MAIN(TestBoardService)
#include "TestBoardService.moc"
