#include "ActivityStore.h"
#include "FakeClock.h"
#include "FollowService.h"
#include "PasswordHasher.h"
#include "ScratchDatabase.h"
#include "UserService.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

class TestFollowService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void followHappyPath();
    void followWritesFollowedActivity();
    void unfollowHappyPath();
    void errors_data();
    void errors();
    void failedFollowWritesNoActivity();
    void followeesAndFollowersSorted();
    void followListsSortByCodePointWhateverTheCollation();
    void isFollowingIsDirected();

private:
    qint64 newUser(const QString& name);
    QStringList followeesOf(const QString& name);
    QStringList followersOf(const QString& name);
    bool following(const QString& follower, const QString& followee);
    QList<Activity> feedOf(qint64 userId);

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<FollowService> m_follows;
    std::unique_ptr<ActivityStore> m_activities;
};

void TestFollowService::initTestCase_data()
{
    test::addBackendRows();
}

void TestFollowService::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>();
    m_hasher = std::make_unique<PasswordHasher>(PasswordHasher::Strength::Minimal);
    m_users = std::make_unique<UserService>(m_scratch.db(), *m_clock, *m_hasher);
    m_follows = std::make_unique<FollowService>(m_scratch.db(), *m_clock);
    m_activities = std::make_unique<ActivityStore>(m_scratch.db(), *m_clock);
}

void TestFollowService::cleanup()
{
    m_activities.reset();
    m_follows.reset();
    m_users.reset();
    m_scratch.close();
}

qint64 TestFollowService::newUser(const QString& name)
{
    const auto user = m_users->registerUser(name, u"correct horse"_s);
    if (!user)
        qWarning("register failed: %s", qPrintable(user.error().message));
    return user ? user->id : 0;
}

QStringList TestFollowService::followeesOf(const QString& name)
{
    const auto names = m_follows->followees(name);
    return names ? *names : QStringList{u"<error: "_s + names.error().message + u'>'};
}

QStringList TestFollowService::followersOf(const QString& name)
{
    const auto names = m_follows->followers(name);
    return names ? *names : QStringList{u"<error: "_s + names.error().message + u'>'};
}

bool TestFollowService::following(const QString& follower, const QString& followee)
{
    const auto result = m_follows->isFollowing(follower, followee);
    if (!result)
        qWarning("isFollowing failed: %s", qPrintable(result.error().message));
    return result && *result;
}

QList<Activity> TestFollowService::feedOf(qint64 userId)
{
    FeedRequest request;
    request.perPage = 100;
    const auto page = m_activities->feedOf(userId, request);
    if (!page) {
        qWarning("feedOf failed: %s", qPrintable(page.error().message));
        return {Activity{}};
    }
    return page->items;
}

void TestFollowService::followHappyPath()
{
    newUser(u"alice"_s);
    newUser(u"bob"_s);
    QVERIFY(!following(u"alice"_s, u"bob"_s));
    const Status followed = m_follows->follow(u"alice"_s, u"bob"_s);
    QVERIFY2(followed.ok(), qPrintable(followed.error().message));
    QVERIFY(following(u"alice"_s, u"bob"_s));
    QCOMPARE(followeesOf(u"alice"_s), QStringList{u"bob"_s});
    QCOMPARE(followersOf(u"bob"_s), QStringList{u"alice"_s});
    QVERIFY(followeesOf(u"bob"_s).isEmpty());
    QVERIFY(followersOf(u"alice"_s).isEmpty());
}

void TestFollowService::followWritesFollowedActivity()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 bob = newUser(u"bob"_s);
    m_clock->setNow(QDateTime(QDate(2026, 5, 1), QTime(8, 9, 10, 500), Qt::UTC));
    QVERIFY(m_follows->follow(u"alice"_s, u"bob"_s).ok());
    const QList<Activity> feed = feedOf(alice);
    QCOMPARE(feed.size(), 1);
    const Activity& a = feed.at(0);
    QCOMPARE(a.actor, u"alice"_s);
    QCOMPARE(a.verb, u"followed"_s);
    QCOMPARE(a.target, u"bob"_s);
    QVERIFY(!a.object.has_value()); // null, not ""
    QCOMPARE(a.datetime, QDateTime(QDate(2026, 5, 1), QTime(8, 9, 10), Qt::UTC));
    QVERIFY(feedOf(bob).isEmpty()); // the followee writes nothing

    QVERIFY(m_follows->unfollow(u"alice"_s, u"bob"_s).ok());
    QCOMPARE(feedOf(alice).size(), 1); // unfollowing writes nothing
}

void TestFollowService::unfollowHappyPath()
{
    const qint64 alice = newUser(u"alice"_s);
    newUser(u"bob"_s);
    newUser(u"carol"_s);
    QVERIFY(m_follows->follow(u"alice"_s, u"bob"_s).ok());
    QVERIFY(m_follows->follow(u"alice"_s, u"carol"_s).ok());
    const Status unfollowed = m_follows->unfollow(u"alice"_s, u"bob"_s);
    QVERIFY2(unfollowed.ok(), qPrintable(unfollowed.error().message));
    QVERIFY(!following(u"alice"_s, u"bob"_s));
    QVERIFY(following(u"alice"_s, u"carol"_s));
    QCOMPARE(followeesOf(u"alice"_s), QStringList{u"carol"_s});
    QVERIFY(followersOf(u"bob"_s).isEmpty());
    // Following again is allowed and writes a new activity.
    QVERIFY(m_follows->follow(u"alice"_s, u"bob"_s).ok());
    QVERIFY(following(u"alice"_s, u"bob"_s));
    QCOMPARE(feedOf(alice).size(), 3);
}

void TestFollowService::errors_data()
{
    QTest::addColumn<bool>("unfollow");
    QTest::addColumn<QString>("follower");
    QTest::addColumn<QString>("followee");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("follow self") << false << u"alice"_s << u"alice"_s << ErrorKind::Invalid
                                 << u"user cannot follow himself"_s;
    QTest::newRow("follow empty") << false << u"alice"_s << u""_s << ErrorKind::Invalid
                                  << u"user to follow not specified"_s;
    QTest::newRow("follow null") << false << u"alice"_s << QString() << ErrorKind::Invalid
                                 << u"user to follow not specified"_s;
    QTest::newRow("follow unknown") << false << u"alice"_s << u"x"_s << ErrorKind::NotFound << u"no user named x"_s;
    QTest::newRow("follow twice") << false << u"alice"_s << u"bob"_s << ErrorKind::Conflict
                                  << u"alice already follows bob"_s;
    QTest::newRow("unfollow not followed")
        << true << u"alice"_s << u"carol"_s << ErrorKind::Conflict << u"cannot unfollow, no such follow exists"_s;
    QTest::newRow("unfollow reverse") << true << u"bob"_s << u"alice"_s << ErrorKind::Conflict
                                      << u"cannot unfollow, no such follow exists"_s;
    QTest::newRow("unfollow self") << true << u"alice"_s << u"alice"_s << ErrorKind::Invalid
                                   << u"user cannot follow himself"_s;
    QTest::newRow("unfollow empty") << true << u"alice"_s << u""_s << ErrorKind::Invalid
                                    << u"user to follow not specified"_s;
    QTest::newRow("unfollow unknown") << true << u"alice"_s << u"nobody"_s << ErrorKind::NotFound
                                      << u"no user named nobody"_s;
}

void TestFollowService::errors()
{
    QFETCH(bool, unfollow);
    QFETCH(QString, follower);
    QFETCH(QString, followee);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, message);
    newUser(u"alice"_s);
    newUser(u"bob"_s);
    newUser(u"carol"_s);
    QVERIFY(m_follows->follow(u"alice"_s, u"bob"_s).ok());

    const Status result = unfollow ? m_follows->unfollow(follower, followee) : m_follows->follow(follower, followee);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, kind);
    QCOMPARE(result.error().message, message);
    // Nothing changed.
    QCOMPARE(followeesOf(u"alice"_s), QStringList{u"bob"_s});
    QVERIFY(followeesOf(u"bob"_s).isEmpty());
}

void TestFollowService::failedFollowWritesNoActivity()
{
    const qint64 alice = newUser(u"alice"_s);
    newUser(u"bob"_s);
    QVERIFY(m_follows->follow(u"alice"_s, u"bob"_s).ok());
    QVERIFY(!m_follows->follow(u"alice"_s, u"bob"_s).ok());
    QVERIFY(!m_follows->follow(u"alice"_s, u"alice"_s).ok());
    QVERIFY(!m_follows->follow(u"alice"_s, u"x"_s).ok());
    QCOMPARE(feedOf(alice).size(), 1);
}

void TestFollowService::followeesAndFollowersSorted()
{
    // Neither registration order (ids) nor follow order is alphabetical.
    for (const QString& name : {u"zed"_s, u"dave"_s, u"alice"_s, u"carol"_s, u"bob"_s})
        newUser(name);
    for (const QString& followee : {u"dave"_s, u"bob"_s, u"zed"_s, u"carol"_s}) {
        m_clock->advance(60);
        QVERIFY(m_follows->follow(u"alice"_s, followee).ok());
    }
    for (const QString& follower : {u"zed"_s, u"bob"_s, u"dave"_s}) {
        m_clock->advance(60);
        QVERIFY(m_follows->follow(follower, u"carol"_s).ok());
    }
    QCOMPARE(followeesOf(u"alice"_s), (QStringList{u"bob"_s, u"carol"_s, u"dave"_s, u"zed"_s}));
    QCOMPARE(followersOf(u"carol"_s), (QStringList{u"alice"_s, u"bob"_s, u"dave"_s, u"zed"_s}));
    QCOMPARE(followersOf(u"zed"_s), QStringList{u"alice"_s});
    QVERIFY(followeesOf(u"nobody"_s).isEmpty());
}

void TestFollowService::followListsSortByCodePointWhateverTheCollation()
{
    QVERIFY(newUser(u"alice"_s) > 0);
    const QStringList names{u"B"_s, u"a"_s, u"_x"_s, u"Z"_s};
    for (const QString& name : names)
        QVERIFY(newUser(name) > 0);
    for (const QString& name : names) {
        QVERIFY(m_follows->follow(u"alice"_s, name).ok());
        QVERIFY(m_follows->follow(name, u"alice"_s).ok());
    }
    const QString collated = m_scratch.collateUsernamesAsEnUs();
    QVERIFY2(collated.isEmpty(), qPrintable(collated));
    const QStringList codePointOrder{u"B"_s, u"Z"_s, u"_x"_s, u"a"_s};
    QCOMPARE(followeesOf(u"alice"_s), codePointOrder);
    QCOMPARE(followersOf(u"alice"_s), codePointOrder);
}

void TestFollowService::isFollowingIsDirected()
{
    newUser(u"alice"_s);
    newUser(u"bob"_s);
    QVERIFY(m_follows->follow(u"bob"_s, u"alice"_s).ok());
    QVERIFY(following(u"bob"_s, u"alice"_s));
    QVERIFY(!following(u"alice"_s, u"bob"_s));
    QVERIFY(!following(u"alice"_s, u"nobody"_s));
    QVERIFY(m_follows->follow(u"alice"_s, u"bob"_s).ok()); // mutual
    QVERIFY(following(u"alice"_s, u"bob"_s));
    QVERIFY(m_follows->unfollow(u"bob"_s, u"alice"_s).ok());
    QVERIFY(!following(u"bob"_s, u"alice"_s));
    QVERIFY(following(u"alice"_s, u"bob"_s));
}

QTEST_GUILESS_MAIN(TestFollowService)
#include "TestFollowService.moc"
