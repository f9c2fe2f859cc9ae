#include "Authenticator.h"
#include "ServiceFixture.h"
#include "StreakCalculator.h"

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(MOODBOARD_BINARY), arguments);
    Run result;
    if (!process.waitForFinished(240000)) {
        process.kill();
        process.waitForFinished();
        result.err = u"timed out"_s;
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}
} // namespace

// moodboard generate: the real binary fills a scratch database; the data must be what the core would have made of
// the same history (streaks, histogram), so the start-up check finds nothing to repair.
class TestGenerateCommand final : public QObject
{
    Q_OBJECT

private slots:
    void badArguments_data();
    void badArguments();

    void initTestCase_data();
    void init();
    void cleanup();

    void fillsTheDatabase();
    void streaksAndHistogramAreTheCores();
    void refusesADatabaseWithUsers();
    void oneUserNoDays();
    void everyDayHistoriesAndTokens();
    void tokensFileIsOwnersOnly();

private:
    QString databaseLocation() const;
    qint64 count(const QString& statement) { return m_fixture.count(statement); }

    test::ServiceFixture m_fixture;
};

void TestGenerateCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString generate = u"generate"_s;
    QTest::newRow("no --users") << QStringList{generate} << u"--users"_s;
    QTest::newRow("--users 0") << QStringList{generate, u"--users"_s, u"0"_s} << u"--users"_s;
    QTest::newRow("--users not a number") << QStringList{generate, u"--users"_s, u"many"_s} << u"--users"_s;
    QTest::newRow("--users without a value") << QStringList{generate, u"--users"_s} << u"--users"_s;
    QTest::newRow("--days negative") << QStringList{generate, u"--users"_s, u"5"_s, u"--days"_s, u"-1"_s}
                                     << u"--days"_s;
    QTest::newRow("--follows too many") << QStringList{generate, u"--users"_s, u"5"_s, u"--follows"_s, u"1001"_s}
                                        << u"--follows"_s;
    QTest::newRow("--activities a fraction")
        << QStringList{generate, u"--users"_s, u"5"_s, u"--activities"_s, u"1.5"_s} << u"--activities"_s;
    QTest::newRow("--events negative") << QStringList{generate, u"--users"_s, u"5"_s, u"--events"_s, u"-3"_s}
                                       << u"--events"_s;
    QTest::newRow("--users without generate") << QStringList{u"--headless"_s, u"--users"_s, u"5"_s} << u"generate"_s;
    QTest::newRow("--listen with generate")
        << QStringList{generate, u"--users"_s, u"5"_s, u"--listen"_s, u"127.0.0.1:0"_s} << u"generate"_s;
    QTest::newRow("unknown option") << QStringList{generate, u"--users"_s, u"5"_s, u"--fast"_s} << u"--fast"_s;
    QTest::newRow("--tokens without a file")
        << QStringList{generate, u"--users"_s, u"5"_s, u"--tokens"_s} << u"--tokens"_s;
    QTest::newRow("--tokens in a missing folder") << QStringList{generate,
                                                                 u"--users"_s,
                                                                 u"5"_s,
                                                                 u"--tokens"_s,
                                                                 u"/nonexistent/folder/tokens"_s,
                                                                 u"--database"_s,
                                                                 u"/nonexistent/folder/db.sqlite"_s}
                                                  << u"cannot write the tokens to /nonexistent/folder/tokens"_s;
    QTest::newRow("--every-day without generate") << QStringList{u"--headless"_s, u"--every-day"_s} << u"generate"_s;
    QTest::newRow("--tokens without generate") << QStringList{u"--tokens"_s, u"t"_s} << u"generate"_s;
    QTest::newRow("bad database URL") << QStringList{generate, u"--users"_s, u"5"_s, u"--database"_s,
                                                     u"postgresql://"_s}
                                      << u"postgresql"_s;
}

void TestGenerateCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(u"moodboard: "_s), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
}

void TestGenerateCommand::initTestCase_data()
{
    test::addBackendRows();
}

void TestGenerateCommand::init()
{
    if (QByteArray(QTest::currentTestFunction()) == "badArguments")
        return;
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_fixture.open(backend, &error), qPrintable(error));
}

void TestGenerateCommand::cleanup()
{
    m_fixture.close();
}

QString TestGenerateCommand::databaseLocation() const
{
    return m_fixture.scratch.location();
}

void TestGenerateCommand::fillsTheDatabase()
{
    const Run result = run({u"generate"_s, u"--users"_s, u"300"_s, u"--days"_s, u"90"_s, u"--follows"_s, u"7"_s,
                            u"--activities"_s, u"4"_s, u"--events"_s, u"500"_s, u"--database"_s, databaseLocation()});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(!result.err.contains(u"moodboard:"_s), qPrintable(result.err));
    QVERIFY2(result.out.contains(u"300 users"_s), qPrintable(result.out));
    QVERIFY2(result.out.contains(u"2100 follows"_s), qPrintable(result.out));

    QCOMPARE(count(u"SELECT COUNT(*) FROM users"_s), 300);
    QCOMPARE(count(u"SELECT COUNT(*) FROM users WHERE is_admin = 1"_s), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM follows"_s), 300 * 7);
    QCOMPARE(count(u"SELECT COUNT(*) FROM follows WHERE follower_id = followee_id"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM activities"_s), 300 * 4);
    QCOMPARE(count(u"SELECT COUNT(*) FROM events"_s), 500);
    QCOMPARE(count(u"SELECT last_seq FROM event_counter WHERE id = 1"_s), count(u"SELECT MAX(seq) FROM events"_s));
    QCOMPARE(count(u"SELECT COUNT(*) FROM events WHERE poster_id IS NULL"_s), 0);
    QVERIFY(count(u"SELECT COUNT(*) FROM moods"_s) > 300 * 10);
    // At most two moods a day, none in the future, each on the day its time falls on in its user's zone.
    QCOMPARE(count(u"SELECT COUNT(*) FROM (SELECT user_id, local_day FROM moods GROUP BY user_id, local_day"
                   " HAVING COUNT(*) > 2) d"_s),
             0);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods WHERE at_epoch > %1"_s.arg(now)), 0);
    QSqlQuery moods = m_fixture.scratch.exec(
        u"SELECT m.at_epoch, m.local_day, u.timezone FROM moods m JOIN users u ON u.id = m.user_id"_s);
    int checked = 0;
    while (moods.next()) {
        const QDateTime at =
            QDateTime::fromSecsSinceEpoch(moods.value(0).toLongLong(), QTimeZone(moods.value(2).toString().toLatin1()));
        QCOMPARE(at.date().toString(Qt::ISODate), moods.value(1).toString());
        ++checked;
    }
    QVERIFY(checked > 0);
    // Ids follow time, everyone's moods mixed (one batch of users here), as in a database that grew day by day.
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods a JOIN moods b ON b.id = a.id + 1 WHERE b.at_epoch < a.at_epoch"_s), 0);
    QVERIFY(count(u"SELECT COUNT(*) FROM moods a JOIN moods b ON b.id = a.id + 1 AND b.user_id = a.user_id"_s)
            < count(u"SELECT COUNT(*) FROM moods"_s) / 10);
    // Followed activities name a user the actor follows.
    QCOMPARE(count(u"SELECT COUNT(*) FROM activities a WHERE a.verb = 'followed' AND NOT EXISTS (SELECT 1 FROM"
                   " follows f JOIN users b ON b.id = f.followee_id WHERE f.follower_id = a.actor_id"
                   " AND b.username = a.target)"_s),
             0);

    // Every user signs in with the one password; the API serves the generated data.
    const auto admin = m_fixture.services->users.findById(1);
    QVERIFY(admin && admin->has_value());
    QVERIFY2(result.out.contains((*admin)->username), qPrintable(result.out));
    const auto last = m_fixture.services->users.findById(300);
    QVERIFY(last && last->has_value());
    QVERIFY(m_fixture.services->users.authenticate((*last)->username, u"moodboard"_s).ok());
    EventFilter everything;
    everything.limit = 1000;
    QCOMPARE(m_fixture.services->events.list(everything)->size(), 500);
    // Registration goes on after the generated ids.
    const qint64 newcomer = m_fixture.addUser(u"newcomer"_s);
    QVERIFY(newcomer > 300);
    // And moods after the generated ones (PostgreSQL's sequence was moved past them).
    const qint64 lastMood = count(u"SELECT MAX(id) FROM moods"_s);
    const auto recorded = m_fixture.services->moods.record(newcomer, Mood::Cheerful, std::nullopt, {});
    QVERIFY2(recorded.ok(), qPrintable(recorded.ok() ? QString() : recorded.error().message));
    QVERIFY(recorded->id > lastMood);
}

void TestGenerateCommand::streaksAndHistogramAreTheCores()
{
    const Run result = run({u"generate"_s, u"--users"_s, u"400"_s, u"--days"_s, u"120"_s, u"--follows"_s, u"3"_s,
                            u"--activities"_s, u"2"_s, u"--database"_s, databaseLocation()});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));

    // Each stored longest streak is what the core computes from the user's days.
    QHash<qint64, QList<QDate>> days;
    QSqlQuery rows = m_fixture.scratch.exec(u"SELECT DISTINCT user_id, local_day FROM moods"_s);
    while (rows.next())
        days[rows.value(0).toLongLong()].append(QDate::fromString(rows.value(1).toString(), Qt::ISODate));
    QSqlQuery users = m_fixture.scratch.exec(u"SELECT id, longest_streak FROM users"_s);
    QSet<int> lengths;
    int compared = 0;
    while (users.next()) {
        const qint64 id = users.value(0).toLongLong();
        QCOMPARE(users.value(1).toInt(), computeStreaks(days.value(id), QDate::currentDate()).longest);
        lengths.insert(users.value(1).toInt());
        ++compared;
    }
    QCOMPARE(compared, 400);
    QVERIFY2(lengths.size() >= 10, "streaks of many lengths");
    QVERIFY(lengths.contains(0)); // some never record
    QVERIFY(*std::max_element(lengths.begin(), lengths.end()) >= 20);

    // The histogram counts exactly those: the start-up check rebuilds nothing (and would warn if it did).
    const auto db = m_fixture.scratch.db().connection();
    QVERIFY(db.ok());
    QCOMPARE(*StreakRanking::histogramMatchesUsers(*db), true);
    const auto repaired = StreakRanking::repairHistogram(m_fixture.scratch.db());
    QVERIFY(repaired.ok());
    QCOMPARE(*repaired, false);
    QCOMPARE(count(u"SELECT SUM(user_count) FROM streak_histogram"_s), 400);
}

void TestGenerateCommand::refusesADatabaseWithUsers()
{
    QVERIFY(m_fixture.addUser(u"alice"_s) > 0);
    const Run result = run({u"generate"_s, u"--users"_s, u"10"_s, u"--database"_s, databaseLocation()});
    QCOMPARE(result.exitCode, 1);
    // PostgreSQL may print a NOTICE first.
    QVERIFY2(result.err.contains(u"moodboard: the database has users already"_s), qPrintable(result.err));
    QCOMPARE(count(u"SELECT COUNT(*) FROM users"_s), 1);
}

void TestGenerateCommand::oneUserNoDays()
{
    const Run result =
        run({u"generate"_s, u"--users"_s, u"1"_s, u"--days"_s, u"0"_s, u"--database"_s, databaseLocation()});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QCOMPARE(count(u"SELECT COUNT(*) FROM users"_s), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM moods"_s), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM follows"_s), 0); // nobody else to follow
    QCOMPARE(count(u"SELECT COUNT(*) FROM activities"_s), 10);
    const auto repaired = StreakRanking::repairHistogram(m_fixture.scratch.db());
    QVERIFY(repaired.ok());
    QCOMPARE(*repaired, false);
}

void TestGenerateCommand::everyDayHistoriesAndTokens()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString tokensPath = dir.filePath(u"tokens"_s);
    constexpr int kUsers = 60;
    constexpr int kDays = 40;
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const Run result = run({u"generate"_s, u"--users"_s, QString::number(kUsers), u"--days"_s, QString::number(kDays),
                            u"--every-day"_s, u"--follows"_s, u"0"_s, u"--activities"_s, u"0"_s, u"--tokens"_s,
                            tokensPath, u"--database"_s, databaseLocation()});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(u"%1 moods"_s.arg(kUsers * kDays)), qPrintable(result.out));
    QVERIFY2(result.out.contains(u"%1 bearer tokens written to"_s.arg(kUsers)), qPrintable(result.out));

    // Exactly one mood on each of the kDays days before the user's today, each on the day its time falls on.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    struct Stored {
        qint64 id;
        QTimeZone zone;
        int longest;
    };
    QList<Stored> stored; // read first: PostgreSQL runs one query at a time on a connection
    QSqlQuery users = m_fixture.scratch.exec(u"SELECT id, timezone, longest_streak FROM users"_s);
    while (users.next())
        stored.append(
            {users.value(0).toLongLong(), QTimeZone(users.value(1).toString().toLatin1()), users.value(2).toInt()});
    int checked = 0;
    QSet<QByteArray> zones;
    for (const Stored& user : std::as_const(stored)) {
        zones.insert(user.zone.id());
        const QDate today = now.toTimeZone(user.zone).date();
        QSqlQuery moods = m_fixture.scratch.exec(
            u"SELECT at_epoch, local_day FROM moods WHERE user_id = %1 ORDER BY at_epoch"_s.arg(user.id));
        QDate expected = today.addDays(-kDays);
        while (moods.next()) {
            QCOMPARE(moods.value(1).toString(), expected.toString(Qt::ISODate));
            QCOMPARE(QDateTime::fromSecsSinceEpoch(moods.value(0).toLongLong(), user.zone).date(), expected);
            expected = expected.addDays(1);
        }
        QCOMPARE(expected, today);
        QCOMPARE(user.longest, kDays);
        ++checked;
    }
    QCOMPARE(checked, kUsers);
    QVERIFY2(zones.size() > 1, "users in several time zones");
    const auto repaired = StreakRanking::repairHistogram(m_fixture.scratch.db());
    QVERIFY(repaired.ok());
    QCOMPARE(*repaired, false);
    QCOMPARE(count(u"SELECT user_count FROM streak_histogram WHERE streak_length = %1"_s.arg(kDays)), kUsers);

    // One token per user, stored by TokenStore's rules (hash, 30 days), that the server's Authenticator accepts.
    QFile file(tokensPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), kUsers + 1);
    QVERIFY(lines.last().isEmpty());
    QCOMPARE(count(u"SELECT COUNT(*) FROM auth_tokens"_s), kUsers);
    QCOMPARE(count(u"SELECT COUNT(DISTINCT user_id) FROM auth_tokens"_s), kUsers);
    const qint64 lifetime = TokenStore::kDefaultLifetimeSeconds;
    QCOMPARE(count(u"SELECT COUNT(*) FROM auth_tokens WHERE expires_at BETWEEN %1 AND %2"_s.arg(before + lifetime)
                       .arg(QDateTime::currentSecsSinceEpoch() + lifetime)),
             kUsers);
    m_fixture.clock->setNow(now);
    api::Authenticator authenticator(*m_fixture.services);
    QSet<QString> names;
    for (qsizetype i = 0; i < kUsers; ++i) {
        const QList<QByteArray> fields = lines.at(i).split(' ');
        QCOMPARE(fields.size(), 2);
        QCOMPARE(fields.at(1).size(), 43); // 256 bits, base64url without padding
        api::ApiRequest request;
        request.clientAddress = u"127.0.0.1"_s;
        request.headers.insert("authorization", "Bearer " + fields.at(1));
        const auto outcome = authenticator.authenticate(request, api::Family::Users);
        QVERIFY2(outcome.user.has_value(), fields.at(0).constData());
        QCOMPARE(outcome.user->username, QString::fromUtf8(fields.at(0)));
        names.insert(outcome.user->username);
    }
    QCOMPARE(names.size(), kUsers);

    // Today is free: two moods, the streak goes on; a third is refused.
    const auto first = m_fixture.services->users.findByName(QString::fromUtf8(lines.at(0).split(' ').at(0)));
    QVERIFY(first && first->has_value());
    const qint64 userId = (*first)->id;
    const auto summary = m_fixture.services->moods.summary(userId);
    QVERIFY(summary.ok());
    QCOMPARE(summary->streaks.current, kDays);
    QCOMPARE(summary->history.size(), kDays);
    QVERIFY(m_fixture.services->moods.record(userId, Mood::Cheerful).ok());
    QVERIFY(m_fixture.services->moods.record(userId, Mood::Gloomy).ok());
    const auto third = m_fixture.services->moods.record(userId, Mood::Gloomy);
    QVERIFY(!third.ok());
    QCOMPARE(third.error().kind, ErrorKind::Conflict);
    QCOMPARE(m_fixture.services->moods.summary(userId)->streaks.longest, kDays + 1);
}

void TestGenerateCommand::tokensFileIsOwnersOnly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString tokensPath = dir.filePath(u"tokens"_s);
    const Run result = run({u"generate"_s, u"--users"_s, u"3"_s, u"--days"_s, u"2"_s, u"--tokens"_s, tokensPath,
                            u"--database"_s, databaseLocation()});
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QCOMPARE(QFile::permissions(tokensPath) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QCOMPARE(count(u"SELECT COUNT(*) FROM auth_tokens"_s), 3);
}

QTEST_GUILESS_MAIN(TestGenerateCommand)
#include "TestGenerateCommand.moc"
