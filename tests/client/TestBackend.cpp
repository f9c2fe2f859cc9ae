#include "BackendFixture.h"
#include "Deliver.h"
#include "LocalFixture.h"
#include "RemoteFixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mood;
using namespace mood::client;
using namespace Qt::StringLiterals;
using test::await;
using test::outcome;

namespace {
// The fake clock's default "now": 2026-03-15T12:00:00Z.
constexpr qint64 kNow = 1773576000;
constexpr qint64 kDay = 86400;

QList<Mood> moodsOf(const QList<Entry>& entries)
{
    QList<Mood> moods;
    for (const Entry& entry : entries)
        moods.append(entry.mood);
    return moods;
}
} // namespace

// The client seam (DESKTOP.md section 1), whatever is behind it: every test runs once per implementation.
class TestBackend final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void signUpMakesTheFirstUserAdminAndSignsIn();
    void signInWrongPasswordOrUnknownUser();
    void signUpRefusals();
    void closedRegistrationRefusesSignUp();
    void callsNeedASession();
    void signOutEndsTheSession();
    void aSessionTokenResumesTheSession();
    void aRevokedTokenIsRefused();
    void recordTwoThenTheThirdIsRefused();
    void correctAndRemoveOnlyToday();
    void backfillWindow();
    void boardOfAYear();
    void profileAndItsChanges();
    void passwordChangeNeedsTheCurrentPassword();
    void findFollowAndFeeds();
    void followingList();
    void uiLogs();
    void exportThenImportIntoAnotherAccount();
    void importDaylioCsvAndRefuseABrokenFile();
    void busyWhileACallIsInFlight();
    void answerForAGoneContextIsDropped();
    void backendMayGoWhileACallIsInFlight();

private:
    std::unique_ptr<Backend> signedUp(const QString& name, const QString& password = u"password123"_s);
    std::unique_ptr<test::BackendFixture> makeFixture(int backfillDays = 7);

    std::unique_ptr<test::BackendFixture> m_fixture;
};

void TestBackend::initTestCase_data()
{
    QTest::addColumn<QString>("implementation");
    QTest::newRow("local") << u"local"_s;
    QTest::newRow("remote") << u"remote"_s; // RemoteBackend over HTTP to an ApiServer on 127.0.0.1
}

std::unique_ptr<test::BackendFixture> TestBackend::makeFixture(int backfillDays)
{
    QFETCH_GLOBAL(QString, implementation);
    if (implementation == u"local"_s)
        return std::make_unique<test::LocalFixture>(backfillDays);
    if (implementation == u"remote"_s)
        return std::make_unique<test::RemoteFixture>(backfillDays);
    return nullptr;
}

void TestBackend::init()
{
    m_fixture = makeFixture();
    QVERIFY(m_fixture);
    QVERIFY2(m_fixture->error().isEmpty(), qPrintable(m_fixture->error()));
}

void TestBackend::cleanup()
{
    m_fixture.reset();
}

std::unique_ptr<Backend> TestBackend::signedUp(const QString& name, const QString& password)
{
    auto backend = m_fixture->connect();
    const auto session = await(backend->signUp(name, password));
    if (!session)
        qWarning("sign-up of %s failed: %s", qPrintable(name), outcome(session).constData());
    return backend;
}

void TestBackend::signUpMakesTheFirstUserAdminAndSignsIn()
{
    auto alice = m_fixture->connect();
    QCOMPARE(alice->session().username, QString());
    const auto session = await(alice->signUp(u"alice"_s, u"password123"_s));
    QVERIFY2(session.ok(), outcome(session));
    QCOMPARE(session->username, u"alice"_s);
    QVERIFY(session->isAdmin);
    QCOMPARE(session->timeZone, QByteArray("UTC")); // the fake clock's machine zone
    QCOMPARE(alice->session().username, u"alice"_s);

    auto bob = signedUp(u"bob"_s);
    QCOMPARE(bob->session().username, u"bob"_s);
    QVERIFY(!bob->session().isAdmin);
}

void TestBackend::signInWrongPasswordOrUnknownUser()
{
    (void)signedUp(u"alice"_s, u"correct horse"_s);
    auto backend = m_fixture->connect();
    const auto wrong = await(backend->signIn(u"alice"_s, u"wrong horse"_s));
    QCOMPARE(outcome(wrong), QByteArray("WrongCredentials: wrong username or password"));
    QCOMPARE(backend->session().username, QString());
    const auto unknown = await(backend->signIn(u"nobody"_s, u"correct horse"_s));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().kind, ErrorKind::WrongCredentials);
    const auto right = await(backend->signIn(u"alice"_s, u"correct horse"_s));
    QVERIFY2(right.ok(), outcome(right));
    QCOMPARE(right->username, u"alice"_s);
    QVERIFY(right->isAdmin);
}

void TestBackend::signUpRefusals()
{
    (void)signedUp(u"alice"_s);
    auto backend = m_fixture->connect();
    const auto taken = await(backend->signUp(u"alice"_s, u"password456"_s));
    QVERIFY(!taken.ok());
    QCOMPARE(taken.error().kind, ErrorKind::NameTaken);
    const auto badName = await(backend->signUp(u"al ice"_s, u"password456"_s));
    QVERIFY(!badName.ok());
    QCOMPARE(badName.error().kind, ErrorKind::InvalidInput);
    const auto shortPassword = await(backend->signUp(u"carol"_s, u"short"_s));
    QVERIFY(!shortPassword.ok());
    QCOMPARE(shortPassword.error().kind, ErrorKind::InvalidInput);
    QCOMPARE(backend->session().username, QString());
}

void TestBackend::closedRegistrationRefusesSignUp()
{
    (void)signedUp(u"alice"_s);
    m_fixture->setRegistrationOpen(false);
    auto backend = m_fixture->connect();
    const auto refused = await(backend->signUp(u"bob"_s, u"password123"_s));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, ErrorKind::Forbidden);
    const auto nobody = await(backend->signIn(u"bob"_s, u"password123"_s));
    QCOMPARE(nobody.error().kind, ErrorKind::WrongCredentials); // and nothing was created
}

void TestBackend::callsNeedASession()
{
    auto backend = m_fixture->connect();
    QCOMPARE(await(backend->summary({})).error().kind, ErrorKind::NotSignedIn);
    QCOMPARE(await(backend->record(Mood::Cheerful, std::nullopt, {})).error().kind, ErrorKind::NotSignedIn);
    QCOMPARE(await(backend->board(2026)).error().kind, ErrorKind::NotSignedIn);
    QCOMPARE(await(backend->profile()).error().kind, ErrorKind::NotSignedIn);
    QCOMPARE(await(backend->following()).error().kind, ErrorKind::NotSignedIn);
}

void TestBackend::signOutEndsTheSession()
{
    auto alice = signedUp(u"alice"_s);
    QVERIFY(await(alice->record(Mood::Cheerful, std::nullopt, {})).ok());
    QVERIFY(await(alice->signOut()).ok());
    QCOMPARE(alice->session().username, QString());
    QCOMPARE(await(alice->summary({})).error().kind, ErrorKind::NotSignedIn);
    // Signing in again sees what was stored.
    QVERIFY(await(alice->signIn(u"alice"_s, u"password123"_s)).ok());
    QCOMPARE(await(alice->summary({}))->entries.size(), 1);
}

void TestBackend::aSessionTokenResumesTheSession()
{
    auto nobody = m_fixture->connect();
    QCOMPARE(await(nobody->sessionToken()).error().kind, ErrorKind::NotSignedIn);

    auto alice = signedUp(u"alice"_s);
    const auto token = await(alice->sessionToken());
    QVERIFY2(token.ok(), outcome(token));
    QVERIFY(token->size() >= 32);
    QCOMPARE(*await(alice->sessionToken()), *token); // one token per session
    QVERIFY(await(alice->record(Mood::Cheerful, std::nullopt, u"before"_s)).ok());

    // The next start: a new backend adopts the token, no password, and sees the same account.
    auto later = m_fixture->connect();
    const auto resumed = await(later->resume(*token));
    QVERIFY2(resumed.ok(), outcome(resumed));
    QCOMPARE(resumed->username, u"alice"_s);
    QVERIFY(resumed->isAdmin);
    QCOMPARE(later->session().username, u"alice"_s);
    const auto summary = await(later->summary({}));
    QVERIFY2(summary.ok(), outcome(summary));
    QCOMPARE(summary->entries.size(), 1);
    QCOMPARE(summary->entries.first().note, u"before"_s);

    // Signing out of the resumed session ends the token: the start after it needs the password.
    QVERIFY(await(later->signOut()).ok());
    auto afterSignOut = m_fixture->connect();
    const auto refused = await(afterSignOut->resume(*token));
    QCOMPARE(refused.error().kind, ErrorKind::NotSignedIn);
    QCOMPARE(afterSignOut->session().username, QString());
    QCOMPARE(await(afterSignOut->summary({})).error().kind, ErrorKind::NotSignedIn);

    QCOMPARE(await(m_fixture->connect()->resume("not-a-token")).error().kind, ErrorKind::NotSignedIn);
    QCOMPARE(await(m_fixture->connect()->resume(QByteArray())).error().kind, ErrorKind::NotSignedIn);
}

void TestBackend::aRevokedTokenIsRefused()
{
    auto alice = signedUp(u"alice"_s, u"first password"_s);
    const auto token = await(alice->sessionToken());
    QVERIFY2(token.ok(), outcome(token));
    // A password change (here, or on another computer) revokes every token of the account.
    ProfileChanges changes;
    changes.newPassword = u"second password"_s;
    changes.currentPassword = u"first password"_s;
    const auto changed = await(alice->updateProfile(changes));
    if (!changed && changed.error().kind == ErrorKind::InvalidInput)
        QSKIP("this server does not take currentPassword yet");
    QVERIFY2(changed.ok(), outcome(changed));
    auto later = m_fixture->connect();
    QCOMPARE(await(later->resume(*token)).error().kind, ErrorKind::NotSignedIn);
    QCOMPARE(later->session().username, QString());

    // The session that changed the password goes on, and hands out a token that works.
    const auto fresh = await(alice->sessionToken());
    QVERIFY2(fresh.ok(), outcome(fresh));
    QVERIFY(*fresh != *token);
    const auto resumed = await(m_fixture->connect()->resume(*fresh));
    QVERIFY2(resumed.ok(), outcome(resumed));
    QCOMPARE(resumed->username, u"alice"_s);
}

void TestBackend::recordTwoThenTheThirdIsRefused()
{
    auto alice = signedUp(u"alice"_s);
    const auto first = await(alice->record(Mood::Cheerful, std::nullopt, u"slept well"_s));
    QVERIFY2(first.ok(), outcome(first));
    QCOMPARE(first->currentStreak, 1);
    QCOMPARE(first->longestStreak, 1);
    QCOMPARE(first->today, QDate(2026, 3, 15));
    QCOMPARE(first->entries.size(), 1);
    QCOMPARE(first->entries[0].mood, Mood::Cheerful);
    QCOMPARE(first->entries[0].note, u"slept well"_s);
    QCOMPARE(first->entries[0].day, QDate(2026, 3, 15));
    QCOMPARE(first->entries[0].at, kNow);

    m_fixture->clock().advance(3600);
    const auto second = await(alice->record(Mood::Gloomy, std::nullopt, {}));
    QVERIFY2(second.ok(), outcome(second));
    QCOMPARE(moodsOf(second->entries), (QList<Mood>{Mood::Gloomy, Mood::Cheerful})); // newest first

    const auto third = await(alice->record(Mood::Reflective, std::nullopt, {}));
    QVERIFY(!third.ok());
    QCOMPARE(third.error().kind, ErrorKind::RefusedByRule);
    const auto stored = await(alice->summary({}));
    QCOMPARE(moodsOf(stored->entries), (QList<Mood>{Mood::Gloomy, Mood::Cheerful}));

    const auto limited = await(alice->summary(HistoryRequest{std::nullopt, 1}));
    QCOMPARE(limited->entries.size(), 1);
    QCOMPARE(limited->currentStreak, 1);
}

void TestBackend::correctAndRemoveOnlyToday()
{
    auto alice = signedUp(u"alice"_s);
    const auto yesterday = await(alice->record(Mood::Reflective, kNow - kDay, {}));
    QVERIFY2(yesterday.ok(), outcome(yesterday));
    const auto today = await(alice->record(Mood::Cheerful, std::nullopt, {}));
    QVERIFY(today.ok());
    const qint64 todayId = today->entries[0].id;
    const qint64 pastId = today->entries[1].id;
    QCOMPARE(today->entries[1].day, QDate(2026, 3, 14));

    const auto corrected = await(alice->correct(todayId, Mood::Melancholy, u"rainy"_s));
    QVERIFY2(corrected.ok(), outcome(corrected));
    QCOMPARE(corrected->mood, Mood::Melancholy);
    QCOMPARE(corrected->note, u"rainy"_s);
    QCOMPARE(await(alice->summary({}))->entries[0].mood, Mood::Melancholy);

    QCOMPARE(await(alice->correct(pastId, Mood::Cheerful, {})).error().kind, ErrorKind::RefusedByRule);
    QCOMPARE(await(alice->remove(pastId)).error().kind, ErrorKind::RefusedByRule);
    QCOMPARE(await(alice->remove(424242)).error().kind, ErrorKind::NotFound);

    QVERIFY(await(alice->remove(todayId)).ok());
    const auto after = await(alice->summary({}));
    QCOMPARE(moodsOf(after->entries), (QList<Mood>{Mood::Reflective}));
    QCOMPARE(after->currentStreak, 1); // yesterday still counts while today is empty
}

void TestBackend::backfillWindow()
{
    m_fixture = makeFixture(3);
    auto alice = signedUp(u"alice"_s);
    QCOMPARE(await(alice->record(Mood::Cheerful, kNow - 4 * kDay, {})).error().kind, ErrorKind::RefusedByRule);
    const auto inside = await(alice->record(Mood::Cheerful, kNow - 3 * kDay, {}));
    QVERIFY2(inside.ok(), outcome(inside));
    QCOMPARE(await(alice->board(2026))->backfillDays, 3);
    QCOMPARE(await(alice->record(Mood::Cheerful, kNow + 3600, {})).error().kind, ErrorKind::InvalidInput);
}

void TestBackend::boardOfAYear()
{
    auto alice = signedUp(u"alice"_s);
    // The end of 2025, then 2026.
    m_fixture->clock().setNow(QDateTime(QDate(2025, 12, 30), QTime(9, 0), Qt::UTC));
    QVERIFY(await(alice->record(Mood::Gloomy, std::nullopt, {})).ok());
    m_fixture->clock().setNow(QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC));
    QVERIFY(await(alice->record(Mood::Whimsical, kNow - 2 * kDay, u"kite"_s)).ok());
    QVERIFY(await(alice->record(Mood::Cheerful, kNow - 3600, u"first"_s)).ok());
    QVERIFY(await(alice->record(Mood::Gloomy, kNow, u"later"_s)).ok());

    const auto board = await(alice->board(2026));
    QVERIFY2(board.ok(), outcome(board));
    QCOMPARE(board->year, 2026);
    QCOMPARE(board->today, QDate(2026, 3, 15));
    QCOMPARE(board->backfillDays, 7);
    QCOMPARE(board->yearsWithData, (QList<int>{2025, 2026}));
    QCOMPARE(board->days.size(), 2);
    QCOMPARE(board->days[0].date, QDate(2026, 3, 13));
    QCOMPARE(board->days[0].level, 4);
    QCOMPARE(board->days[0].entries.size(), 1);
    QCOMPARE(board->days[0].entries[0].note, u"kite"_s);
    QCOMPARE(board->days[1].date, QDate(2026, 3, 15));
    QCOMPARE(board->days[1].level, 1);                                                      // the later mood's
    QCOMPARE(moodsOf(board->days[1].entries), (QList<Mood>{Mood::Cheerful, Mood::Gloomy})); // in the order recorded

    const auto thisYear = await(alice->board(0));
    QCOMPARE(thisYear->year, 2026);
    QCOMPARE(thisYear->days.size(), 2);
    const auto before = await(alice->board(2025));
    QCOMPARE(before->days.size(), 1);
    QCOMPARE(before->days[0].date, QDate(2025, 12, 30));
    QCOMPARE(await(alice->board(2024))->days.size(), 0);
}

void TestBackend::profileAndItsChanges()
{
    auto alice = signedUp(u"alice"_s);
    const auto profile = await(alice->profile());
    QVERIFY2(profile.ok(), outcome(profile));
    QCOMPARE(profile->username, u"alice"_s);
    QCOMPARE(profile->email, QString());
    QCOMPARE(profile->timeZone, QByteArray("UTC"));
    QCOMPARE(profile->shareLevel, ShareLevel::Milestones);
    QVERIFY(profile->isAdmin);

    ProfileChanges changes;
    changes.email = u"alice@example.org"_s;
    changes.timeZone = QByteArray("Europe/Berlin");
    const auto changed = await(alice->updateProfile(changes));
    QVERIFY2(changed.ok(), outcome(changed));
    QCOMPARE(changed->email, u"alice@example.org"_s);
    QCOMPARE(changed->timeZone, QByteArray("Europe/Berlin"));
    QCOMPARE(alice->session().timeZone, QByteArray("Europe/Berlin"));
    QCOMPARE(await(alice->profile())->email, u"alice@example.org"_s);

    ProfileChanges bad;
    bad.timeZone = QByteArray("Mars/Olympus");
    bad.email = u"someone@example.org"_s;
    QCOMPARE(await(alice->updateProfile(bad)).error().kind, ErrorKind::InvalidInput);
    QCOMPARE(await(alice->profile())->email, u"alice@example.org"_s); // all or nothing
}

void TestBackend::passwordChangeNeedsTheCurrentPassword()
{
    auto alice = signedUp(u"alice"_s, u"first password"_s);
    ProfileChanges changes;
    changes.newPassword = u"second password"_s;
    changes.currentPassword = u"not the password"_s;
    const auto wrong = await(alice->updateProfile(changes));
    if (wrong.error().kind == ErrorKind::InvalidInput && wrong.error().detail.contains(u"currentPassword"_s))
        QSKIP("this server does not take currentPassword yet (CONTRACTS.md section 1; issue 6 point 3)");
    QCOMPARE(wrong.error().kind, ErrorKind::Forbidden);
    changes.currentPassword = u"first password"_s;
    QVERIFY(await(alice->updateProfile(changes)).ok());
    auto again = m_fixture->connect();
    QCOMPARE(await(again->signIn(u"alice"_s, u"first password"_s)).error().kind, ErrorKind::WrongCredentials);
    QVERIFY(await(again->signIn(u"alice"_s, u"second password"_s)).ok());
}

void TestBackend::findFollowAndFeeds()
{
    auto alice = signedUp(u"alice"_s);
    auto bob = signedUp(u"bob"_s);
    auto bea = signedUp(u"bea"_s);
    QCOMPARE(*await(alice->findUsers(u"b"_s)), (QStringList{u"bea"_s, u"bob"_s}));
    QCOMPARE(*await(alice->findUsers(u"bo"_s)), QStringList{u"bob"_s});

    QVERIFY(await(alice->follow(u"bob"_s)).ok());
    QCOMPARE(await(alice->follow(u"bob"_s)).error().kind, ErrorKind::RefusedByRule);
    QCOMPARE(await(alice->follow(u"nobody"_s)).error().kind, ErrorKind::NotFound);

    // bob reaches a 3-day streak: a milestone his followers see.
    for (int day = 2; day >= 0; --day)
        QVERIFY(await(bob->record(Mood::Cheerful, kNow - day * kDay, {})).ok());
    const auto bobs = await(bob->myFeed({}));
    QVERIFY2(bobs.ok(), outcome(bobs));
    QCOMPARE(bobs->items.size(), 1);
    QCOMPARE(bobs->items[0].verb, u"reached"_s);
    QCOMPARE(bobs->items[0].object, std::optional<QString>(u"streak:3"_s));
    const auto friends = await(alice->friendsFeed({}));
    QVERIFY(friends.ok());
    QCOMPARE(friends->items.size(), 1);
    QCOMPARE(friends->items[0].actor, u"bob"_s);

    const auto mine = await(alice->myFeed(FeedRequest{1, 1}));
    QCOMPARE(mine->items.size(), 1);
    QCOMPARE(mine->items[0].verb, u"followed"_s);
    QCOMPARE(mine->items[0].target, u"bob"_s);
    QVERIFY(!mine->hasNext);
    QVERIFY(await(alice->follow(u"bea"_s)).ok());
    const auto paged = await(alice->myFeed(FeedRequest{1, 1}));
    QCOMPARE(paged->items[0].target, u"bea"_s); // newest first
    QVERIFY(paged->hasNext);

    QVERIFY(await(alice->unfollow(u"bob"_s)).ok());
    QCOMPARE(await(alice->unfollow(u"bob"_s)).error().kind, ErrorKind::RefusedByRule);
}

void TestBackend::followingList()
{
    auto alice = signedUp(u"alice"_s);
    (void)signedUp(u"bob"_s);
    (void)signedUp(u"bea"_s);
    const auto nobody = await(alice->following());
    if (nobody.error().kind == ErrorKind::Unavailable)
        QSKIP("this server has no GET /feed/<u>/following yet (CONTRACTS.md section 4; issue 6)");
    QVERIFY2(nobody.ok(), outcome(nobody));
    QCOMPARE(*nobody, QStringList());
    QVERIFY(await(alice->follow(u"bob"_s)).ok());
    QVERIFY(await(alice->follow(u"bea"_s)).ok());
    QCOMPARE(*await(alice->following()), (QStringList{u"bea"_s, u"bob"_s}));
    QVERIFY(await(alice->unfollow(u"bob"_s)).ok());
    QCOMPARE(*await(alice->following()), QStringList{u"bea"_s});
}

void TestBackend::uiLogs()
{
    auto alice = signedUp(u"alice"_s);
    const QDateTime at(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC);
    UiLogBatch batch{u"session-1"_s, {{at, u"VIEW"_s, {{u"viewedId"_s, u"today"_s}}}}};
    QVERIFY(await(alice->postUiLogs({batch})).ok());
    batch.actions.append({at, u"SCROLL"_s, {}});
    QCOMPARE(await(alice->postUiLogs({batch})).error().kind, ErrorKind::InvalidInput);
    QCOMPARE(await(alice->postUiLogs({UiLogBatch{u"session-2"_s, {}}})).error().kind, ErrorKind::InvalidInput);
}

void TestBackend::exportThenImportIntoAnotherAccount()
{
    auto alice = signedUp(u"alice"_s);
    (void)signedUp(u"bob"_s);
    QVERIFY(await(alice->follow(u"bob"_s)).ok());
    QVERIFY(await(alice->record(Mood::Cheerful, kNow - kDay, u"dinner with \"Ana\", Tom"_s)).ok());
    QVERIFY(await(alice->record(Mood::Gloomy, std::nullopt, {})).ok());

    const auto json = await(alice->exportData(DataFormat::Json));
    QVERIFY2(json.ok(), outcome(json));
    const QJsonObject document = QJsonDocument::fromJson(*json).object();
    QCOMPARE(document.value(u"format"_s).toString(), u"moodboard-export"_s);
    QCOMPARE(document.value(u"moods"_s).toArray().size(), 2);
    QVERIFY(!json->contains("password")); // a profile without secrets
    const auto csv = await(alice->exportData(DataFormat::Csv));
    QVERIFY2(csv.ok(), outcome(csv));
    QVERIFY2(csv->startsWith("timestamp,day,time,mood,level,note,recorded_at"), csv->left(80).constData());
    QCOMPARE(csv->count('\n'), 3);

    auto carol = signedUp(u"carol"_s);
    const auto imported = await(carol->importData(*json, DataFormat::Json));
    QVERIFY2(imported.ok(), outcome(imported));
    QCOMPARE(imported->imported, 2);
    QCOMPARE(imported->skipped, 0);
    QCOMPARE(imported->rows.size(), 2);
    QVERIFY(imported->rows[0].imported);
    QCOMPARE(imported->followsAdded, QStringList{u"bob"_s});
    const auto carols = await(carol->summary({}));
    QCOMPARE(moodsOf(carols->entries), (QList<Mood>{Mood::Gloomy, Mood::Cheerful}));
    QCOMPARE(carols->entries[1].note, u"dinner with \"Ana\", Tom"_s);
    QCOMPARE(carols->entries[1].day, QDate(2026, 3, 14));
    QCOMPARE(carols->longestStreak, 2);
    QCOMPARE(*await(carol->following()), QStringList{u"bob"_s});

    // The same file again: nothing duplicated, every row says why not.
    const auto again = await(carol->importData(*json, DataFormat::Json));
    QVERIFY2(again.ok(), outcome(again));
    QCOMPARE(again->imported, 0);
    QCOMPARE(again->skipped, 2);
    QVERIFY(!again->rows[0].reason.isEmpty());
    QCOMPARE(await(carol->summary({}))->entries.size(), 2);

    // Our own CSV restores the moods too.
    auto dave = signedUp(u"dave"_s);
    const auto fromCsv = await(dave->importData(*csv, DataFormat::Csv));
    QVERIFY2(fromCsv.ok(), outcome(fromCsv));
    QCOMPARE(fromCsv->imported, 2);
    QCOMPARE(moodsOf(await(dave->summary({}))->entries), (QList<Mood>{Mood::Gloomy, Mood::Cheerful}));
}

void TestBackend::importDaylioCsvAndRefuseABrokenFile()
{
    auto alice = signedUp(u"alice"_s);
    QVERIFY(await(alice->record(Mood::Reflective, std::nullopt, {})).ok());
    QFile file(QStringLiteral(MOOD_TEST_DATA_DIR "/daylio-export.csv"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray daylio = file.readAll();

    const auto report = await(alice->importData(daylio, DataFormat::Csv));
    QVERIFY2(report.ok(), outcome(report));
    QCOMPARE(report->rows.size(), daylio.count("\n2")); // one row per record, multi-line notes included
    QCOMPARE(report->imported + report->skipped, report->rows.size());
    QVERIFY(report->imported > 0);
    QVERIFY(report->skipped > 0);
    for (const ImportRow& row : report->rows)
        QVERIFY2(row.imported || !row.reason.isEmpty(), qPrintable(u"row %1 skipped without a reason"_s.arg(row.row)));
    const auto after = await(alice->summary({}));
    QCOMPARE(after->entries.size(), 1 + report->imported);

    const auto broken =
        await(alice->importData(R"({"format": "moodboard-export", "moods": [{"mood": )", DataFormat::Json));
    QVERIFY(!broken.ok());
    QCOMPARE(broken.error().kind, ErrorKind::InvalidInput);
    QCOMPARE(await(alice->summary({}))->entries.size(), after->entries.size());
    const auto empty = await(alice->importData({}, DataFormat::Csv));
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().kind, ErrorKind::InvalidInput);

    auto nobody = m_fixture->connect();
    QCOMPARE(await(nobody->exportData(DataFormat::Json)).error().kind, ErrorKind::NotSignedIn);
    QCOMPARE(await(nobody->importData(daylio, DataFormat::Csv)).error().kind, ErrorKind::NotSignedIn);
}

void TestBackend::busyWhileACallIsInFlight()
{
    auto alice = signedUp(u"alice"_s);
    QTRY_VERIFY(!alice->isBusy()); // the sign-up's own bookkeeping is done
    QSignalSpy busy(alice.get(), &Backend::busyChanged);
    const auto call = alice->summary({});
    QVERIFY(alice->isBusy());
    QCOMPARE(busy.size(), 1);
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QVERIFY(await(call).ok());
    QTRY_VERIFY(!alice->isBusy());
    QCOMPARE(busy.last().at(0).toBool(), false);
}

void TestBackend::answerForAGoneContextIsDropped()
{
    auto alice = signedUp(u"alice"_s);
    int delivered = 0;
    auto* gone = new QObject;
    deliver(alice->summary({}), gone, [&delivered](const Result<Summary>&) { ++delivered; });
    QObject alive;
    const auto call = alice->summary({});
    deliver(call, &alive, [&delivered](const Result<Summary>&) { delivered += 10; });
    delete gone; // the page closed while its call was in flight
    QVERIFY(await(call).ok());
    QTRY_COMPARE(delivered, 10);
    QTest::qWait(0);
    QCOMPARE(delivered, 10);
}

void TestBackend::backendMayGoWhileACallIsInFlight()
{
    (void)signedUp(u"alice"_s);
    auto backend = m_fixture->connect();
    const auto call = backend->signIn(u"alice"_s, u"password123"_s);
    backend.reset();
    QVERIFY(await(call).ok()); // finishes without the backend, and nothing crashes
}

QTEST_GUILESS_MAIN(TestBackend)
#include "TestBackend.moc"
