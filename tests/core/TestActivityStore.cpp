#include "ActivityStore.h"
#include "FakeClock.h"
#include "FollowService.h"
#include "PasswordHasher.h"
#include "ScratchDatabase.h"
#include "UserService.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

class TestActivityStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void addWithAndWithoutObject();
    void unknownActorIsNotFound();
    void datetimeIsUtcWholeSecondsFromClock();
    void feedOfHasOnlyOwnActivitiesNewestFirst();
    void friendsFeedHasOnlyFolloweesActivities();
    void friendsFeedOfSomeoneFollowingNobodyIsEmpty();
    void paging45();
    void pagingExactMultiple();
    void beforeCursorGivesStablePages();

private:
    qint64 newUser(const QString& name);
    bool add(qint64 actorId, const QString& verb, const std::optional<QString>& object, const QString& target = u"t"_s);
    FeedPage feedOf(qint64 userId, int page = 1, int perPage = 100, std::optional<qint64> before = std::nullopt);
    FeedPage friendsFeedOf(qint64 userId);
    static QStringList objects(const FeedPage& page);

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<ActivityStore> m_store;
};

void TestActivityStore::initTestCase_data()
{
    test::addBackendRows();
}

void TestActivityStore::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>();
    m_hasher = std::make_unique<PasswordHasher>(PasswordHasher::Strength::Minimal);
    m_users = std::make_unique<UserService>(m_scratch.db(), *m_clock, *m_hasher);
    m_store = std::make_unique<ActivityStore>(m_scratch.db(), *m_clock);
}

void TestActivityStore::cleanup()
{
    m_store.reset();
    m_users.reset();
    m_scratch.close();
}

qint64 TestActivityStore::newUser(const QString& name)
{
    const auto user = m_users->registerUser(name, u"correct horse"_s);
    if (!user)
        qWarning("register failed: %s", qPrintable(user.error().message));
    return user ? user->id : 0;
}

bool TestActivityStore::add(qint64 actorId, const QString& verb, const std::optional<QString>& object,
                            const QString& target)
{
    const auto activity = m_store->add(actorId, verb, object, target);
    if (!activity)
        qWarning("add failed: %s", qPrintable(activity.error().message));
    return activity.ok();
}

FeedPage TestActivityStore::feedOf(qint64 userId, int page, int perPage, std::optional<qint64> before)
{
    FeedRequest request;
    request.page = page;
    request.perPage = perPage;
    request.before = before;
    const auto result = m_store->feedOf(userId, request);
    if (!result) {
        qWarning("feedOf failed: %s", qPrintable(result.error().message));
        return FeedPage{{Activity{}}, true, true};
    }
    return *result;
}

FeedPage TestActivityStore::friendsFeedOf(qint64 userId)
{
    FeedRequest request;
    request.perPage = 100;
    const auto result = m_store->friendsFeedOf(userId, request);
    if (!result) {
        qWarning("friendsFeedOf failed: %s", qPrintable(result.error().message));
        return FeedPage{{Activity{}}, true, true};
    }
    return *result;
}

QStringList TestActivityStore::objects(const FeedPage& page)
{
    QStringList result;
    for (const Activity& a : page.items)
        result.append(a.object.value_or(u"<null>"_s));
    return result;
}

void TestActivityStore::addWithAndWithoutObject()
{
    const qint64 alice = newUser(u"alice"_s);
    newUser(u"bob"_s);
    const auto withObject = m_store->add(alice, u"likes"_s, u"photo:42"_s, u"bob"_s);
    QVERIFY2(withObject.ok(), qPrintable(withObject.error().message));
    QVERIFY(withObject->id > 0);
    QCOMPARE(withObject->actor, u"alice"_s);
    QCOMPARE(withObject->verb, u"likes"_s);
    QCOMPARE(withObject->object, std::optional<QString>(u"photo:42"_s));
    QCOMPARE(withObject->target, u"bob"_s);

    const auto nullObject = m_store->add(alice, u"waves"_s, std::nullopt, u"bob"_s);
    QVERIFY(nullObject.ok());
    QVERIFY(!nullObject->object.has_value());
    const auto emptyObject = m_store->add(alice, u"shrugs"_s, u""_s, u"bob"_s);
    QVERIFY(emptyObject.ok());
    QVERIFY(emptyObject->object.has_value());
    QCOMPARE(*emptyObject->object, u""_s);
    QVERIFY(withObject->id < nullObject->id && nullObject->id < emptyObject->id);

    const FeedPage page = feedOf(alice);
    QCOMPARE(page.items.size(), 3);
    QCOMPARE(page.items[0].id, emptyObject->id);
    QCOMPARE(page.items[0].verb, u"shrugs"_s);
    QVERIFY(page.items[0].object.has_value()); // "" stays "" ...
    QVERIFY(page.items[0].object->isEmpty());
    QCOMPARE(page.items[1].verb, u"waves"_s);
    QVERIFY(!page.items[1].object.has_value()); // ... and null stays null
    QCOMPARE(page.items[2].verb, u"likes"_s);
    QCOMPARE(page.items[2].object, std::optional<QString>(u"photo:42"_s));
    QCOMPARE(page.items[2].target, u"bob"_s);
    QCOMPARE(page.items[2].actor, u"alice"_s);
}

void TestActivityStore::unknownActorIsNotFound()
{
    const auto activity = m_store->add(4242, u"likes"_s, std::nullopt, u"bob"_s);
    QVERIFY(!activity.ok());
    QCOMPARE(activity.error().kind, ErrorKind::NotFound);
}

void TestActivityStore::datetimeIsUtcWholeSecondsFromClock()
{
    const qint64 alice = newUser(u"alice"_s);
    // 2026-07-04 23:59:58.999 UTC; the machine's zone (TZ in the test environment) must not matter.
    m_clock->setNow(QDateTime(QDate(2026, 7, 4), QTime(23, 59, 58, 999), Qt::UTC));
    const auto activity = m_store->add(alice, u"posted"_s, u"x"_s, u"t"_s);
    QVERIFY(activity.ok());
    const QDateTime expected(QDate(2026, 7, 4), QTime(23, 59, 58), Qt::UTC);
    QCOMPARE(activity->datetime, expected);
    QCOMPARE(activity->datetime.timeSpec(), Qt::UTC);
    QCOMPARE(activity->datetime.toSecsSinceEpoch(), qint64(1783209598));

    const FeedPage page = feedOf(alice);
    QCOMPARE(page.items.size(), 1);
    QCOMPARE(page.items[0].datetime, expected);
    QCOMPARE(page.items[0].datetime.timeSpec(), Qt::UTC);
    QCOMPARE(page.items[0].datetime.time(), QTime(23, 59, 58));
    QCOMPARE(page.items[0].datetime.date(), QDate(2026, 7, 4));
}

void TestActivityStore::feedOfHasOnlyOwnActivitiesNewestFirst()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 bob = newUser(u"bob"_s);
    QVERIFY(add(alice, u"v"_s, u"a1"_s));
    QVERIFY(add(bob, u"v"_s, u"b1"_s));
    m_clock->advance(60);
    QVERIFY(add(alice, u"v"_s, u"a2"_s));
    QVERIFY(add(bob, u"v"_s, u"b2"_s));
    m_clock->advance(60);
    QVERIFY(add(alice, u"v"_s, u"a3"_s));

    const FeedPage a = feedOf(alice);
    QCOMPARE(objects(a), (QStringList{u"a3"_s, u"a2"_s, u"a1"_s}));
    QVERIFY(!a.hasNext);
    QVERIFY(!a.hasPrevious);
    QCOMPARE(a.items[0].datetime, QDateTime(QDate(2026, 3, 15), QTime(12, 2), Qt::UTC));
    QCOMPARE(a.items[2].datetime, QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC));
    QCOMPARE(objects(feedOf(bob)), (QStringList{u"b2"_s, u"b1"_s}));
    const qint64 carol = newUser(u"carol"_s);
    QVERIFY(feedOf(carol).items.isEmpty());
}

void TestActivityStore::friendsFeedHasOnlyFolloweesActivities()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 bob = newUser(u"bob"_s);
    const qint64 carol = newUser(u"carol"_s);
    const qint64 dave = newUser(u"dave"_s);
    FollowService follows(m_scratch.db(), *m_clock);
    QVERIFY(follows.follow(u"alice"_s, u"bob"_s).ok());   // alice's own "followed" activity
    QVERIFY(follows.follow(u"alice"_s, u"carol"_s).ok()); // ditto
    QVERIFY(follows.follow(u"dave"_s, u"alice"_s).ok());  // dave follows alice, not the other way

    QVERIFY(add(bob, u"v"_s, u"bob1"_s));
    QVERIFY(add(alice, u"v"_s, u"alice1"_s));
    QVERIFY(add(dave, u"v"_s, u"dave1"_s));
    QVERIFY(add(carol, u"v"_s, u"carol1"_s));
    QVERIFY(add(bob, u"v"_s, u"bob2"_s));

    const FeedPage friends = friendsFeedOf(alice);
    QCOMPARE(objects(friends), (QStringList{u"bob2"_s, u"carol1"_s, u"bob1"_s}));
    QCOMPARE(friends.items[0].actor, u"bob"_s);
    QCOMPARE(friends.items[1].actor, u"carol"_s);
    // dave follows alice: he sees alice's activities, including her "followed" ones (null objects).
    QCOMPARE(objects(friendsFeedOf(dave)), (QStringList{u"alice1"_s, u"<null>"_s, u"<null>"_s}));
    // Unfollowing removes carol's activities from the friends feed.
    QVERIFY(follows.unfollow(u"alice"_s, u"carol"_s).ok());
    QCOMPARE(objects(friendsFeedOf(alice)), (QStringList{u"bob2"_s, u"bob1"_s}));
}

void TestActivityStore::friendsFeedOfSomeoneFollowingNobodyIsEmpty()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 bob = newUser(u"bob"_s);
    QVERIFY(add(alice, u"v"_s, u"mine"_s));
    QVERIFY(add(bob, u"v"_s, u"his"_s));
    const FeedPage friends = friendsFeedOf(alice);
    QVERIFY(friends.items.isEmpty());
    QVERIFY(!friends.hasNext);
    QVERIFY(!friends.hasPrevious);
}

void TestActivityStore::paging45()
{
    const qint64 alice = newUser(u"alice"_s);
    const qint64 bob = newUser(u"bob"_s);
    for (int i = 1; i <= 45; ++i) {
        QVERIFY(add(alice, u"v"_s, u"n:%1"_s.arg(i)));
        QVERIFY(add(bob, u"v"_s, u"other:%1"_s.arg(i))); // interleaved: must not take up alice's pages
    }
    const auto expected = [](int newest, int count) {
        QStringList list;
        for (int i = newest; i > newest - count; --i)
            list.append(u"n:%1"_s.arg(i));
        return list;
    };

    const FeedPage p1 = feedOf(alice, 1, 20);
    QCOMPARE(objects(p1), expected(45, 20));
    QVERIFY(!p1.hasPrevious);
    QVERIFY(p1.hasNext);
    const FeedPage p2 = feedOf(alice, 2, 20);
    QCOMPARE(objects(p2), expected(25, 20));
    QVERIFY(p2.hasPrevious);
    QVERIFY(p2.hasNext);
    const FeedPage p3 = feedOf(alice, 3, 20);
    QCOMPARE(objects(p3), expected(5, 5));
    QVERIFY(p3.hasPrevious);
    QVERIFY(!p3.hasNext);
    const FeedPage p4 = feedOf(alice, 4, 20);
    QVERIFY(p4.items.isEmpty());
    QVERIFY(!p4.hasNext);
    const FeedPage p99 = feedOf(alice, 99, 20);
    QVERIFY(p99.items.isEmpty());
    QVERIFY(!p99.hasNext);

    const FeedPage all = feedOf(alice, 1, 45);
    QCOMPARE(all.items.size(), 45);
    QVERIFY(!all.hasNext);
    const FeedPage single = feedOf(alice, 45, 1);
    QCOMPARE(objects(single), QStringList{u"n:1"_s});
    QVERIFY(single.hasPrevious);
    QVERIFY(!single.hasNext);
}

void TestActivityStore::pagingExactMultiple()
{
    const qint64 alice = newUser(u"alice"_s);
    for (int i = 1; i <= 40; ++i)
        QVERIFY(add(alice, u"v"_s, u"n:%1"_s.arg(i)));
    const FeedPage p2 = feedOf(alice, 2, 20);
    QCOMPARE(p2.items.size(), 20);
    QCOMPARE(p2.items.last().object, std::optional<QString>(u"n:1"_s));
    QVERIFY(p2.hasPrevious);
    QVERIFY(!p2.hasNext); // no empty third page announced
    const FeedPage p3 = feedOf(alice, 3, 20);
    QVERIFY(p3.items.isEmpty());
}

void TestActivityStore::beforeCursorGivesStablePages()
{
    const qint64 alice = newUser(u"alice"_s);
    for (int i = 1; i <= 45; ++i)
        QVERIFY(add(alice, u"v"_s, u"n:%1"_s.arg(i)));
    const FeedPage first = feedOf(alice, 1, 20);
    QCOMPARE(first.items.size(), 20);
    const qint64 top = first.items.first().id;
    const QStringList secondBefore = objects(feedOf(alice, 2, 20));

    // New activities arrive while the reader pages on.
    for (int i = 46; i <= 50; ++i)
        QVERIFY(add(alice, u"v"_s, u"n:%1"_s.arg(i)));
    QCOMPARE(objects(feedOf(alice, 2, 20)).first(), u"n:30"_s); // plain paging shifts by 5

    // The cursor "everything older than the top of the first page" keeps the pages where they were.
    const FeedPage page1 = feedOf(alice, 1, 20, top + 1);
    QCOMPARE(objects(page1), objects(first));
    QVERIFY(!page1.hasPrevious);
    QVERIFY(page1.hasNext);
    const FeedPage page2 = feedOf(alice, 2, 20, top + 1);
    QCOMPARE(objects(page2), secondBefore);
    QCOMPARE(objects(page2).first(), u"n:25"_s);
    const FeedPage page3 = feedOf(alice, 3, 20, top + 1);
    QCOMPARE(objects(page3), (QStringList{u"n:5"_s, u"n:4"_s, u"n:3"_s, u"n:2"_s, u"n:1"_s}));
    QVERIFY(!page3.hasNext);

    // Continuing from the last item seen works as a cursor too.
    const FeedPage next = feedOf(alice, 1, 20, first.items.last().id);
    QCOMPARE(objects(next), secondBefore);
    QVERIFY(next.hasNext);
}

QTEST_GUILESS_MAIN(TestActivityStore)
#include "TestActivityStore.moc"
