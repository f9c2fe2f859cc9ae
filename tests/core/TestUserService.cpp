#include "FakeClock.h"
#include "KdfGate.h"
#include "MoodService.h"
#include "PasswordHasher.h"
#include "ScratchDatabase.h"
#include "TokenStore.h"
#include "UserService.h"

#include <QSqlRecord>
#include <QTest>
#include <QThread>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
const QString kPassword = u"correct horse"_s;

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}
} // namespace

class TestUserService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void registerReturnsStoredUser();
    void usernameRules_data();
    void usernameRules();
    void passwordRules_data();
    void passwordRules();
    void duplicateUsernameIsConflict();
    void usernamesAreCaseSensitive();
    void firstUserIsAdmin();
    void concurrentRegistrationsMakeOneAdmin();
    void newUserGetsMachineTimeZone();
    void passwordStoredAsArgon2idHash();
    void authenticate();
    void unknownUserCostsAVerifyToo();
    void findCredentialsHasTheStoredHash();
    void changePassword();
    void passwordChangeNeedsTheCurrentPassword();
    void setEmail_data();
    void setEmail();
    void emailClearedByEmptyString();
    void setShareLevel();
    void setTimeZoneRejectsUnknownIds_data();
    void setTimeZoneRejectsUnknownIds();
    void setTimeZoneKeepsStoredDays();
    void unknownUserUpdatesAreNotFound();
    void updateProfileIsAllOrNothing();
    void passwordChangeRevokesTokens();
    void searchByPrefix();
    void searchByPrefixWildcardsAreLiteral();
    void searchByPrefixLimit();
    void searchSortsByCodePointWhateverTheCollation();
    void prefixSuccessor();
    void searchByPrefixAtTheLastCodePoint();
    void findUnknownIsEmpty();
    void count();

private:
    User newUser(const QString& name, const QString& password = kPassword);
    QString storedHash(const QString& name);
    QString storedLocalDay(qint64 moodId);
    qint64 storedLongest(qint64 userId);
    void verifyHistogramMatchesUsers();

    test::ScratchDatabase m_scratch;
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<UserService> m_users;
};

void TestUserService::initTestCase_data()
{
    test::addBackendRows();
}

void TestUserService::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_scratch.open(backend), qPrintable(m_scratch.error()));
    m_clock = std::make_unique<test::FakeClock>();
    m_hasher = std::make_unique<PasswordHasher>(PasswordHasher::Strength::Minimal);
    m_users = std::make_unique<UserService>(m_scratch.db(), *m_clock, *m_hasher);
}

void TestUserService::cleanup()
{
    m_users.reset();
    m_scratch.close();
}

User TestUserService::newUser(const QString& name, const QString& password)
{
    const auto user = m_users->registerUser(name, password);
    if (!user) {
        qWarning("register %s failed: %s", qPrintable(name), qPrintable(user.error().message));
        return User();
    }
    return *user;
}

QString TestUserService::storedHash(const QString& name)
{
    QSqlQuery q = m_scratch.exec(u"SELECT password_hash FROM users WHERE username = ?"_s, {name});
    return q.next() ? q.value(0).toString() : QString();
}

QString TestUserService::storedLocalDay(qint64 moodId)
{
    QSqlQuery q = m_scratch.exec(u"SELECT local_day FROM moods WHERE id = ?"_s, {moodId});
    return q.next() ? q.value(0).toString() : QString();
}

qint64 TestUserService::storedLongest(qint64 userId)
{
    QSqlQuery q = m_scratch.exec(u"SELECT longest_streak FROM users WHERE id = ?"_s, {userId});
    return q.next() ? q.value(0).toLongLong() : -1;
}

void TestUserService::verifyHistogramMatchesUsers()
{
    QSqlQuery q = m_scratch.exec(u"SELECT h.streak_length, h.user_count, (SELECT COUNT(*) FROM users u"
                                 " WHERE u.longest_streak = h.streak_length) FROM streak_histogram h"_s);
    while (q.next())
        QCOMPARE(q.value(1).toLongLong(), q.value(2).toLongLong());
    QSqlQuery total = m_scratch.exec(u"SELECT (SELECT CAST(COALESCE(SUM(user_count), 0) AS BIGINT)"
                                     " FROM streak_histogram), (SELECT COUNT(*) FROM users)"_s);
    QVERIFY(total.next());
    QCOMPARE(total.value(0).toLongLong(), total.value(1).toLongLong());
}

void TestUserService::registerReturnsStoredUser()
{
    m_clock->setNow(utc(2026, 3, 15, 9, 30));
    const auto user = m_users->registerUser(u"alice"_s, kPassword);
    QVERIFY2(user.ok(), qPrintable(user.error().message));
    QVERIFY(user->id > 0);
    QCOMPARE(user->username, u"alice"_s);
    QCOMPARE(user->createdAt, utc(2026, 3, 15, 9, 30).toSecsSinceEpoch());
    QVERIFY(user->email.isEmpty());
    QCOMPARE(user->longestStreak, 0);

    const auto found = m_users->findByName(u"alice"_s);
    QVERIFY(found.ok());
    QVERIFY(found->has_value());
    const User& stored = **found;
    QCOMPARE(stored.id, user->id);
    QCOMPARE(stored.username, u"alice"_s);
    QCOMPARE(stored.createdAt, user->createdAt);
    QCOMPARE(stored.timeZone, user->timeZone);
    QCOMPARE(stored.isAdmin, user->isAdmin);
    const auto byId = m_users->findById(user->id);
    QVERIFY(byId.ok() && byId->has_value());
    QCOMPARE((*byId)->username, u"alice"_s);
}

void TestUserService::usernameRules_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<bool>("valid");
    QTest::newRow("1 char") << u"a"_s << true;
    QTest::newRow("32 chars") << QString(32, u'x') << true;
    QTest::newRow("digits only") << u"12345"_s << true;
    QTest::newRow("mixed case and digits") << u"Alice2026"_s << true;
    QTest::newRow("dot") << u"a.b"_s << true;
    QTest::newRow("underscore") << u"a_b"_s << true;
    QTest::newRow("hyphen") << u"a-b"_s << true;
    QTest::newRow("all allowed punctuation") << u"_x.y-z_"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("empty string") << u""_s << false;
    QTest::newRow("33 chars") << QString(33, u'x') << false;
    QTest::newRow("space inside") << u"a b"_s << false;
    QTest::newRow("leading space") << u" alice"_s << false;
    QTest::newRow("trailing space") << u"alice "_s << false;
    QTest::newRow("trailing newline") << u"alice\n"_s << false;
    QTest::newRow("tab") << u"a\tb"_s << false;
    QTest::newRow("slash") << u"a/b"_s << false;
    QTest::newRow("backslash") << u"a\\b"_s << false;
    QTest::newRow("at") << u"a@b"_s << false;
    QTest::newRow("percent") << u"a%b"_s << false;
    QTest::newRow("plus") << u"a+b"_s << false;
    QTest::newRow("quote") << u"a'b"_s << false;
    QTest::newRow("accented letter") << u"josé"_s << false;
    QTest::newRow("cyrillic") << u"алиса"_s << false;
    QTest::newRow("CJK") << u"花子"_s << false;
    QTest::newRow("full-width letter") << u"\uFF41lice"_s << false;
    QTest::newRow("non-ASCII digit") << u"user\u0661"_s << false;
    QTest::newRow("32 chars plus non-ASCII") << QString(31, u'x') + u"é"_s << false;
}

void TestUserService::usernameRules()
{
    QFETCH(QString, username);
    QFETCH(bool, valid);
    QCOMPARE(UserService::validateUsername(username).ok(), valid);
    const auto user = m_users->registerUser(username, kPassword);
    QCOMPARE(user.ok(), valid);
    if (valid) {
        QCOMPARE(user->username, username);
        QVERIFY((*m_users->findByName(username)).has_value());
        QCOMPARE(*m_users->count(), 1);
    } else {
        QCOMPARE(user.error().kind, ErrorKind::Invalid);
        QVERIFY(!user.error().message.isEmpty());
        QCOMPARE(*m_users->count(), 0);
    }
}

void TestUserService::passwordRules_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("7 chars") << u"1234567"_s << false;
    QTest::newRow("8 chars") << u"12345678"_s << true;
    QTest::newRow("8 blanks") << u"        "_s << true;
    QTest::newRow("7 non-ASCII chars (14 bytes)") << u"ääääääää"_s.left(7) << false;
    QTest::newRow("8 non-ASCII chars") << u"ääääääää"_s << true;
    QTest::newRow("8 CJK chars (24 bytes)") << u"一二三四五六七八"_s << true;
    // Characters, not UTF-16 units: four emoji are eight units but four characters.
    QTest::newRow("4 emoji") << u"🙂🙃😀😎"_s << false;
    QTest::newRow("7 emoji") << u"🙂🙃😀😎🙂🙃😀"_s << false;
    QTest::newRow("8 emoji") << u"🙂🙃😀😎🙂🙃😀😎"_s << true;
    QTest::newRow("1024 chars") << QString(1024, u'p') << true;
    QTest::newRow("1025 chars") << QString(1025, u'p') << false;
}

void TestUserService::passwordRules()
{
    QFETCH(QString, password);
    QFETCH(bool, valid);
    QCOMPARE(UserService::validatePassword(password).ok(), valid);
    const auto user = m_users->registerUser(u"pat"_s, password);
    QCOMPARE(user.ok(), valid);
    if (valid) {
        QVERIFY(m_users->authenticate(u"pat"_s, password).ok());
    } else {
        QCOMPARE(user.error().kind, ErrorKind::Invalid);
        QVERIFY2(user.error().message.contains(u"password"_s), qPrintable(user.error().message));
        QCOMPARE(*m_users->count(), 0);
    }
}

void TestUserService::duplicateUsernameIsConflict()
{
    const User first = newUser(u"u"_s);
    QVERIFY(first.id > 0);
    const auto again = m_users->registerUser(u"u"_s, u"another password"_s);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, ErrorKind::Conflict);
    QCOMPARE(again.error().message, u"username 'u' already exists. Please try again."_s);

    QVERIFY(newUser(u"alice"_s).id > 0);
    const auto dupAlice = m_users->registerUser(u"alice"_s, kPassword);
    QVERIFY(!dupAlice.ok());
    QCOMPARE(dupAlice.error().message, u"username 'alice' already exists. Please try again."_s);

    // The first registration is intact: same id, original password still the one that works.
    QCOMPARE(*m_users->count(), 2);
    QVERIFY(m_users->authenticate(u"u"_s, kPassword).ok());
    QVERIFY(!m_users->authenticate(u"u"_s, u"another password"_s).ok());
    QCOMPARE((*m_users->findByName(u"u"_s))->id, first.id);
    verifyHistogramMatchesUsers();
}

void TestUserService::usernamesAreCaseSensitive()
{
    const User lower = newUser(u"alice"_s);
    const auto upper = m_users->registerUser(u"Alice"_s, u"other password"_s);
    QVERIFY2(upper.ok(), qPrintable(upper.error().message));
    QVERIFY(upper->id != lower.id);
    QCOMPARE(*m_users->count(), 2);

    QVERIFY(!(*m_users->findByName(u"ALICE"_s)).has_value());
    QCOMPARE((*m_users->findByName(u"Alice"_s))->id, upper->id);
    QCOMPARE((*m_users->findByName(u"alice"_s))->id, lower.id);

    QCOMPARE(m_users->authenticate(u"alice"_s, kPassword)->id, lower.id);
    QCOMPARE(m_users->authenticate(u"Alice"_s, u"other password"_s)->id, upper->id);
    QVERIFY(!m_users->authenticate(u"Alice"_s, kPassword).ok());
    QVERIFY(!m_users->authenticate(u"ALICE"_s, kPassword).ok());
}

void TestUserService::firstUserIsAdmin()
{
    const User first = newUser(u"owner"_s);
    const User second = newUser(u"guest"_s);
    const User third = newUser(u"visitor"_s);
    QVERIFY(first.isAdmin);
    QVERIFY(!second.isAdmin);
    QVERIFY(!third.isAdmin);
    QVERIFY((*m_users->findById(first.id))->isAdmin);
    QVERIFY(!(*m_users->findById(second.id))->isAdmin);
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM users WHERE is_admin <> 0"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);

    // A failed registration does not use up the admin slot of an empty instance.
    m_scratch.exec(u"DELETE FROM users"_s);
    QVERIFY(!m_users->registerUser(u"bad name"_s, kPassword).ok());
    QVERIFY(newUser(u"newowner"_s).isAdmin);
}

void TestUserService::concurrentRegistrationsMakeOneAdmin()
{
    constexpr int kThreads = 4;
    constexpr int kPerThread = 3;
    QAtomicInt admins;
    QAtomicInt failures;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back(QThread::create([&, t] {
            UserService users(m_scratch.db(), *m_clock, *m_hasher);
            for (int i = 0; i < kPerThread; ++i) {
                const auto user = users.registerUser(u"t%1u%2"_s.arg(t).arg(i), kPassword);
                if (!user)
                    failures.fetchAndAddRelaxed(1);
                else if (user->isAdmin)
                    admins.fetchAndAddRelaxed(1);
            }
        }));
    }
    for (auto& thread : threads)
        thread->start();
    for (auto& thread : threads)
        QVERIFY(thread->wait(120000));
    QCOMPARE(failures.loadRelaxed(), 0);
    QCOMPARE(admins.loadRelaxed(), 1);
    QCOMPARE(*m_users->count(), kThreads * kPerThread);
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM users WHERE is_admin <> 0"_s);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    verifyHistogramMatchesUsers();
}

void TestUserService::newUserGetsMachineTimeZone()
{
    m_clock->setSystemZone("Asia/Kathmandu"_ba);
    const User user = newUser(u"hari"_s);
    QCOMPARE(user.timeZone, "Asia/Kathmandu"_ba);
    QCOMPARE(user.shareLevel, ShareLevel::Milestones);
    const auto stored = *m_users->findById(user.id);
    QCOMPARE(stored->timeZone, "Asia/Kathmandu"_ba);
    QCOMPARE(stored->shareLevel, ShareLevel::Milestones);
    QSqlQuery q = m_scratch.exec(u"SELECT timezone, share_level FROM users WHERE id = ?"_s, {user.id});
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"Asia/Kathmandu"_s);
    QCOMPARE(q.value(1).toString(), u"milestones"_s);

    // The zone is read at registration: a later change of the machine's zone does not move existing users.
    m_clock->setSystemZone("America/Lima"_ba);
    const User later = newUser(u"rosa"_s);
    QCOMPARE(later.timeZone, "America/Lima"_ba);
    QCOMPARE((*m_users->findById(user.id))->timeZone, "Asia/Kathmandu"_ba);
}

void TestUserService::passwordStoredAsArgon2idHash()
{
    const QString password = u"Tr0ub4dor&3-unique"_s;
    newUser(u"hashme"_s, password);
    const QString hash = storedHash(u"hashme"_s);
    QVERIFY2(hash.startsWith(u"$argon2id$"_s), qPrintable(hash));
    QVERIFY(!hash.contains(password));
    QVERIFY(!hash.contains(u"Tr0ub4dor"_s));
    QVERIFY(PasswordHasher::verify(hash, password));
    // Nowhere else in the row either.
    QSqlQuery q = m_scratch.exec(u"SELECT * FROM users WHERE username = 'hashme'"_s);
    QVERIFY(q.next());
    for (int i = 0; i < q.record().count(); ++i)
        QVERIFY2(!q.value(i).toString().contains(u"Tr0ub4dor"_s), qPrintable(q.record().fieldName(i)));
    // Two users with one password: different hashes (salted).
    newUser(u"hashme2"_s, password);
    QVERIFY(storedHash(u"hashme2"_s) != hash);
}

void TestUserService::unknownUserCostsAVerifyToo()
{
    newUser(u"alice"_s);
    const auto passes = [] { return KdfGate::instance().stats().passes; };
    QVERIFY(!m_users->authenticate(u"mallory"_s, kPassword).ok()); // the first also makes the dummy hash
    qint64 before = passes();
    QVERIFY(!m_users->authenticate(u"mallory"_s, kPassword).ok());
    QCOMPARE(passes() - before, 1); // the same Argon2id work as a wrong password, so the same time
    before = passes();
    QVERIFY(!m_users->authenticate(u"alice"_s, u"wrong password"_s).ok());
    QCOMPARE(passes() - before, 1);
}

void TestUserService::findCredentialsHasTheStoredHash()
{
    const User alice = newUser(u"alice"_s);
    const auto found = m_users->findCredentials(u"alice"_s);
    QVERIFY(found.ok() && found->has_value());
    QCOMPARE((*found)->user.id, alice.id);
    QCOMPARE((*found)->user.username, u"alice"_s);
    QVERIFY(PasswordHasher::verify((*found)->passwordHash, kPassword));
    QVERIFY(m_users->resetPassword(alice.id, u"a new passphrase"_s).ok());
    const auto changed = m_users->findCredentials(u"alice"_s);
    QVERIFY(changed.ok() && changed->has_value());
    QVERIFY((*changed)->passwordHash != (*found)->passwordHash);
    const auto none = m_users->findCredentials(u"mallory"_s);
    QVERIFY(none.ok() && !none->has_value());
}

void TestUserService::authenticate()
{
    const User alice = newUser(u"alice"_s);
    newUser(u"bob"_s, u"bobs password"_s);

    const auto ok = m_users->authenticate(u"alice"_s, kPassword);
    QVERIFY2(ok.ok(), qPrintable(ok.error().message));
    QCOMPARE(ok->id, alice.id);
    QCOMPARE(ok->username, u"alice"_s);
    QVERIFY(ok->isAdmin);

    const auto wrong = m_users->authenticate(u"alice"_s, u"correct horsE"_s);
    QVERIFY(!wrong.ok());
    const auto other = m_users->authenticate(u"alice"_s, u"bobs password"_s); // someone else's password
    QVERIFY(!other.ok());
    const auto unknown = m_users->authenticate(u"mallory"_s, kPassword);
    QVERIFY(!unknown.ok());
    const auto empty = m_users->authenticate(u"alice"_s, QString());
    QVERIFY(!empty.ok());
    const auto noName = m_users->authenticate(QString(), kPassword);
    QVERIFY(!noName.ok());

    // Unknown user and wrong password look the same to the caller: no username probing.
    QCOMPARE(wrong.error().kind, ErrorKind::NotFound);
    QCOMPARE(unknown.error().kind, wrong.error().kind);
    QCOMPARE(unknown.error().message, wrong.error().message);
    QCOMPARE(other.error().kind, wrong.error().kind);
    QCOMPARE(empty.error().kind, wrong.error().kind);
    QCOMPARE(noName.error().kind, wrong.error().kind);
}

void TestUserService::changePassword()
{
    const User user = newUser(u"carol"_s, u"old password"_s);
    const QString oldHash = storedHash(u"carol"_s);

    const Status tooShort = m_users->resetPassword(user.id, u"short"_s);
    QVERIFY(!tooShort.ok());
    QCOMPARE(tooShort.error().kind, ErrorKind::Invalid);
    QCOMPARE(storedHash(u"carol"_s), oldHash);
    QVERIFY(m_users->authenticate(u"carol"_s, u"old password"_s).ok());

    const Status changed = m_users->resetPassword(user.id, u"new password"_s);
    QVERIFY2(changed.ok(), qPrintable(changed.error().message));
    QVERIFY(!m_users->authenticate(u"carol"_s, u"old password"_s).ok());
    QVERIFY(m_users->authenticate(u"carol"_s, u"new password"_s).ok());
    const QString newHash = storedHash(u"carol"_s);
    QVERIFY(newHash != oldHash);
    QVERIFY(PasswordHasher::isArgon2id(newHash));
    QVERIFY(!newHash.contains(u"new password"_s));

    // Only that user's password changed.
    const User dave = newUser(u"dave"_s, u"daves password"_s);
    QVERIFY(m_users->resetPassword(dave.id, u"daves new password"_s).ok());
    QVERIFY(m_users->authenticate(u"carol"_s, u"new password"_s).ok());
}

void TestUserService::passwordChangeNeedsTheCurrentPassword()
{
    const User user = newUser(u"erin"_s, u"erins password"_s);
    const QString oldHash = storedHash(u"erin"_s);
    ProfileChanges changes;
    changes.password = u"erins new password"_s;
    changes.email = u"erin@example.org"_s;
    // Missing: nothing changes, not even the other fields of the same edit.
    const auto missing = m_users->updateProfile(user.id, changes);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().kind, ErrorKind::Forbidden);
    QCOMPARE(missing.error().message, u"changing the password needs 'currentPassword', the current one"_s);
    changes.currentPassword = u"not erins password"_s;
    const auto wrong = m_users->updateProfile(user.id, changes);
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().kind, ErrorKind::Forbidden);
    QCOMPARE(wrong.error().message, u"the current password is wrong"_s);
    QCOMPARE(storedHash(u"erin"_s), oldHash);
    QCOMPARE((*m_users->findById(user.id))->email, QString());
    QCOMPARE(m_users->changePassword(user.id, u"wrong again"_s, u"erins new password"_s).error().kind,
             ErrorKind::Forbidden);

    changes.currentPassword = u"erins password"_s;
    const auto changed = m_users->updateProfile(user.id, changes);
    QVERIFY2(changed.ok(), qPrintable(changed.error().message));
    QCOMPARE(changed->email, u"erin@example.org"_s);
    QVERIFY(m_users->authenticate(u"erin"_s, u"erins new password"_s).ok());
    QVERIFY(m_users->changePassword(user.id, u"erins new password"_s, u"erins third password"_s).ok());
    QVERIFY(m_users->authenticate(u"erin"_s, u"erins third password"_s).ok());
}

void TestUserService::setEmail_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << u"alice@example.com"_s << true;
    QTest::newRow("plus tag and subdomain") << u"alice+mood@mail.example.co.uk"_s << true;
    QTest::newRow("dots in local part") << u"a.b.c@example.org"_s << true;
    QTest::newRow("no at") << u"alice.example.com"_s << false;
    QTest::newRow("two ats") << u"a@b@example.com"_s << false;
    QTest::newRow("no domain dot") << u"alice@localhost"_s << false;
    QTest::newRow("no local part") << u"@example.com"_s << false;
    QTest::newRow("space") << u"ali ce@example.com"_s << false;
    QTest::newRow("trailing dot") << u"alice@example."_s << false;
    QTest::newRow("double dot in domain") << u"alice@example..com"_s << false;
    QTest::newRow("trailing newline") << u"alice@example.com\n"_s << false;
    QTest::newRow("header injection") << u"alice@example.com\nBcc: eve@example.com"_s << false;
    QTest::newRow("too long") << QString(250, u'a') + u"@example.com"_s << false;
}

void TestUserService::setEmail()
{
    QFETCH(QString, email);
    QFETCH(bool, valid);
    const User user = newUser(u"erin"_s);
    QVERIFY(m_users->setEmail(user.id, u"before@example.com"_s).ok());

    const Status set = m_users->setEmail(user.id, email);
    QCOMPARE(set.ok(), valid);
    QCOMPARE(UserService::validateEmail(email).ok(), valid);
    const QString stored = (*m_users->findById(user.id))->email;
    if (valid) {
        QCOMPARE(stored, email);
    } else {
        QCOMPARE(set.error().kind, ErrorKind::Invalid);
        QCOMPARE(stored, u"before@example.com"_s);
    }
}

void TestUserService::emailClearedByEmptyString()
{
    const User user = newUser(u"frank"_s);
    const User other = newUser(u"grace"_s);
    QVERIFY(m_users->setEmail(user.id, u"frank@example.com"_s).ok());
    QVERIFY(m_users->setEmail(other.id, u"grace@example.com"_s).ok());
    QCOMPARE((*m_users->findById(user.id))->email, u"frank@example.com"_s);

    QVERIFY(m_users->setEmail(user.id, QString()).ok());
    QVERIFY((*m_users->findById(user.id))->email.isEmpty());
    QSqlQuery q = m_scratch.exec(u"SELECT COUNT(*) FROM users WHERE id = ? AND email = ''"_s, {user.id});
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1); // stored as '', not NULL
    QCOMPARE((*m_users->findById(other.id))->email, u"grace@example.com"_s);

    QVERIFY(m_users->setEmail(other.id, u""_s).ok());
    QVERIFY((*m_users->findById(other.id))->email.isEmpty());
}

void TestUserService::setShareLevel()
{
    const User user = newUser(u"heidi"_s);
    const User other = newUser(u"ivan"_s);
    for (ShareLevel level : {ShareLevel::None, ShareLevel::Moods, ShareLevel::Milestones, ShareLevel::Moods}) {
        QVERIFY(m_users->setShareLevel(user.id, level).ok());
        QCOMPARE((*m_users->findById(user.id))->shareLevel, level);
        QSqlQuery q = m_scratch.exec(u"SELECT share_level FROM users WHERE id = ?"_s, {user.id});
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), shareLevelName(level));
    }
    QCOMPARE((*m_users->findById(other.id))->shareLevel, ShareLevel::Milestones);
}

void TestUserService::setTimeZoneRejectsUnknownIds_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("made up") << "Mars/Olympus_Mons"_ba;
    QTest::newRow("Qt offset id, not IANA") << "UTC+05:00"_ba;
    QTest::newRow("negative offset id") << "UTC-08:00"_ba;
    QTest::newRow("typo") << "Europe/Berln"_ba;
    QTest::newRow("free text") << "my time"_ba;
    QTest::newRow("wrong case") << "europe/berlin"_ba;
    QTest::newRow("trailing space") << "Europe/Berlin "_ba;
}

void TestUserService::setTimeZoneRejectsUnknownIds()
{
    QFETCH(QByteArray, zone);
    const User user = newUser(u"judy"_s);
    QVERIFY(m_users->setTimeZone(user.id, "Europe/Berlin"_ba).ok());
    const Status set = m_users->setTimeZone(user.id, zone);
    QVERIFY(!set.ok());
    QCOMPARE(set.error().kind, ErrorKind::Invalid);
    QVERIFY(!UserService::validateTimeZone(zone).ok());
    QCOMPARE((*m_users->findById(user.id))->timeZone, "Europe/Berlin"_ba);
}

void TestUserService::setTimeZoneKeepsStoredDays()
{
    MoodService moods(m_scratch.db(), *m_clock);
    const User user = newUser(u"kim"_s); // machine zone of the FakeClock: UTC
    const User bystander = newUser(u"leo"_s);
    QCOMPARE(user.timeZone, "UTC"_ba);

    // Mar 14 12:00Z and Mar 15 23:30Z: consecutive days in UTC; in Tokyo (+9) Mar 14 21:00 and Mar 16 08:30.
    m_clock->setNow(utc(2026, 3, 15, 23, 40));
    const auto earlier = moods.record(user.id, Mood::Cheerful, utc(2026, 3, 14, 12, 0).toSecsSinceEpoch());
    QVERIFY2(earlier.ok(), qPrintable(earlier.error().message));
    const auto late = moods.record(user.id, Mood::Gloomy, utc(2026, 3, 15, 23, 30).toSecsSinceEpoch());
    QVERIFY2(late.ok(), qPrintable(late.error().message));
    const auto other = moods.record(bystander.id, Mood::Idyllic, utc(2026, 3, 15, 23, 30).toSecsSinceEpoch());
    QVERIFY(other.ok());
    QCOMPARE(late->day, QDate(2026, 3, 15));
    QCOMPARE(*moods.streaks(user.id), (Streaks{2, 2}));
    QCOMPARE(storedLongest(user.id), 2);

    // The day of an entry is fixed when it is recorded: a new zone changes no stored day and no streak.
    QVERIFY(m_users->setTimeZone(user.id, "Asia/Tokyo"_ba).ok());
    QCOMPARE((*m_users->findById(user.id))->timeZone, "Asia/Tokyo"_ba);
    QCOMPARE(storedLocalDay(late->id), u"2026-03-15"_s);
    QCOMPARE(storedLocalDay(earlier->id), u"2026-03-14"_s);
    // Tokyo's today is Mar 16 (08:40): the run of the 14th and 15th ended yesterday, so it is still current.
    QCOMPARE(*moods.streaks(user.id), (Streaks{2, 2}));
    QCOMPARE(storedLongest(user.id), 2);
    const auto history = moods.history(user.id);
    QVERIFY(history.ok());
    QCOMPARE(history->size(), 2);
    QCOMPARE(history->at(0).day, QDate(2026, 3, 15));
    QCOMPARE(storedLocalDay(other->id), u"2026-03-15"_s);
    verifyHistogramMatchesUsers();

    // The new zone dates what is recorded from now on: now is the 16th in Tokyo, the run goes on.
    const auto next = moods.record(user.id, Mood::Idyllic);
    QVERIFY2(next.ok(), qPrintable(next.error().message));
    QCOMPARE(next->day, QDate(2026, 3, 16));
    QCOMPARE(storedLocalDay(next->id), u"2026-03-16"_s);
    QCOMPARE(*moods.streaks(user.id), (Streaks{3, 3}));
    QCOMPARE(storedLongest(user.id), 3);
    verifyHistogramMatchesUsers();

    // Further changes move nothing either, whatever the zone.
    for (const QByteArray& zone : {"America/Los_Angeles"_ba, "Pacific/Kiritimati"_ba, "UTC"_ba}) {
        QVERIFY(m_users->setTimeZone(user.id, zone).ok());
        QCOMPARE(storedLocalDay(earlier->id), u"2026-03-14"_s);
        QCOMPARE(storedLocalDay(late->id), u"2026-03-15"_s);
        QCOMPARE(storedLocalDay(next->id), u"2026-03-16"_s);
        QCOMPARE(moods.streaks(user.id)->longest, 3);
        QCOMPARE(storedLongest(user.id), 3);
        verifyHistogramMatchesUsers();
    }

    // A rejected zone changes nothing.
    QVERIFY(!m_users->setTimeZone(user.id, "Asia/Nowhere"_ba).ok());
    QCOMPARE(storedLocalDay(late->id), u"2026-03-15"_s);
    QCOMPARE((*m_users->findById(user.id))->timeZone, "UTC"_ba);
}

void TestUserService::unknownUserUpdatesAreNotFound()
{
    const User user = newUser(u"mia"_s);
    const qint64 unknown = user.id + 1000;
    QCOMPARE(m_users->resetPassword(unknown, u"long enough"_s).error().kind, ErrorKind::NotFound);
    QCOMPARE(m_users->setEmail(unknown, u"x@example.com"_s).error().kind, ErrorKind::NotFound);
    QCOMPARE(m_users->setShareLevel(unknown, ShareLevel::None).error().kind, ErrorKind::NotFound);
    QCOMPARE(m_users->setTimeZone(unknown, "Europe/Berlin"_ba).error().kind, ErrorKind::NotFound);
    // Nothing happened to the real user.
    const User stored = **m_users->findById(user.id);
    QVERIFY(stored.email.isEmpty());
    QCOMPARE(stored.shareLevel, ShareLevel::Milestones);
    QCOMPARE(stored.timeZone, "UTC"_ba);
    QVERIFY(m_users->authenticate(u"mia"_s, kPassword).ok());
    verifyHistogramMatchesUsers();
}

void TestUserService::updateProfileIsAllOrNothing()
{
    const User alice = *m_users->registerUser(u"alice"_s, u"password123"_s);
    ProfileChanges changes;
    changes.email = u"alice@example.org"_s;
    changes.shareLevel = ShareLevel::Moods;
    changes.timeZone = QByteArray("Mars/Olympus_Mons"); // invalid: nothing may change
    const auto refused = m_users->updateProfile(alice.id, changes);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, ErrorKind::Invalid);
    User stored = **m_users->findById(alice.id);
    QCOMPARE(stored.email, QString());
    QCOMPARE(stored.shareLevel, ShareLevel::Milestones);

    changes.timeZone = QByteArray("Europe/Berlin");
    const auto updated = m_users->updateProfile(alice.id, changes);
    QVERIFY(updated.ok());
    // The answer is the profile as the transaction stored it.
    QCOMPARE(updated->email, u"alice@example.org"_s);
    QCOMPARE(updated->shareLevel, ShareLevel::Moods);
    QCOMPARE(updated->timeZone, QByteArray("Europe/Berlin"));
    stored = **m_users->findById(alice.id);
    QCOMPARE(stored.email, u"alice@example.org"_s);
    QCOMPARE(stored.shareLevel, ShareLevel::Moods);
    QCOMPARE(stored.timeZone, QByteArray("Europe/Berlin"));
}

void TestUserService::passwordChangeRevokesTokens()
{
    const User alice = *m_users->registerUser(u"alice"_s, u"password123"_s);
    TokenStore tokens(m_scratch.db(), *m_clock);
    const auto issued = tokens.issue(alice.id);
    QVERIFY(issued.ok());
    const auto owner = m_users->findByToken(issued->token);
    QVERIFY(owner.ok() && owner->has_value());
    QCOMPARE((*owner)->id, alice.id);
    QCOMPARE((*owner)->username, u"alice"_s);
    QVERIFY(m_users->resetPassword(alice.id, u"another password"_s).ok());
    const auto revoked = m_users->findByToken(issued->token);
    QVERIFY(revoked.ok());
    QVERIFY(!revoked->has_value());
    QVERIFY(m_users->authenticate(u"alice"_s, u"another password"_s).ok());
}

void TestUserService::searchByPrefix()
{
    for (const QString& name :
         {u"alina"_s, u"bob"_s, u"Alfred"_s, u"alice"_s, u"al"_s, u"albert"_s, u"xal"_s, u"al.x"_s, u"al-y"_s, u"AL"_s})
        QVERIFY(newUser(name).id > 0);

    QCOMPARE(*m_users->searchByPrefix(u"al"_s),
             (QStringList{u"al"_s, u"al-y"_s, u"al.x"_s, u"albert"_s, u"alice"_s, u"alina"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"ali"_s), (QStringList{u"alice"_s, u"alina"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"Al"_s), (QStringList{u"Alfred"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"AL"_s), (QStringList{u"AL"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"alice"_s), (QStringList{u"alice"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"alicex"_s), QStringList());
    QCOMPARE(*m_users->searchByPrefix(u"l"_s), QStringList()); // prefix, not substring
    QCOMPARE(*m_users->searchByPrefix(u"al."_s), (QStringList{u"al.x"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"é"_s), QStringList());
    QCOMPARE(*m_users->searchByPrefix(u"b"_s), (QStringList{u"bob"_s}));
}

void TestUserService::searchByPrefixWildcardsAreLiteral()
{
    for (const QString& name : {u"a_b"_s, u"axb"_s, u"a_bc"_s, u"abc"_s, u"zed"_s})
        QVERIFY(newUser(name).id > 0);
    QCOMPARE(*m_users->searchByPrefix(u"a_"_s), (QStringList{u"a_b"_s, u"a_bc"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"_"_s), QStringList());
    QCOMPARE(*m_users->searchByPrefix(u"%"_s), QStringList());
    QCOMPARE(*m_users->searchByPrefix(u"a%"_s), QStringList());
    QCOMPARE(*m_users->searchByPrefix(u"%b"_s), QStringList());
    QCOMPARE(*m_users->searchByPrefix(u"a_b%"_s), QStringList());
    QCOMPARE(*m_users->searchByPrefix(u"*"_s), QStringList());
    QCOMPARE(*m_users->searchByPrefix(u"'"_s), QStringList());
}

void TestUserService::searchByPrefixLimit()
{
    QStringList names;
    for (int i = 24; i >= 0; --i) { // registered out of order
        const QString name = u"user%1"_s.arg(i, 2, 10, QChar(u'0'));
        QVERIFY(newUser(name).id > 0);
        names.prepend(name);
    }
    QVERIFY(newUser(u"other"_s).id > 0);

    const auto page = m_users->searchByPrefix(u"user"_s);
    QVERIFY(page.ok());
    QCOMPARE(page->size(), 20);
    QCOMPARE(*page, names.mid(0, 20)); // the first 20 in order: user00 .. user19
    QCOMPARE(*m_users->searchByPrefix(u"user"_s, 5), names.mid(0, 5));
    QCOMPARE(*m_users->searchByPrefix(u"user"_s, 100), names);
    QCOMPARE(*m_users->searchByPrefix(u"user2"_s),
             (QStringList{u"user20"_s, u"user21"_s, u"user22"_s, u"user23"_s, u"user24"_s}));
}

void TestUserService::searchSortsByCodePointWhateverTheCollation()
{
    // en_US would say "_x", "a", "B", "Z"; the list must not depend on how the server was set up.
    for (const QString& name : {u"B"_s, u"a"_s, u"_x"_s, u"Z"_s, u"ab"_s, u"a-b"_s})
        QVERIFY(newUser(name).id > 0);
    const QString collated = m_scratch.collateUsernamesAsEnUs();
    QVERIFY2(collated.isEmpty(), qPrintable(collated));
    QCOMPARE(*m_users->searchByPrefix(QString()), (QStringList{u"B"_s, u"Z"_s, u"_x"_s, u"a"_s, u"a-b"_s, u"ab"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"a"_s), (QStringList{u"a"_s, u"a-b"_s, u"ab"_s}));
    QCOMPARE(*m_users->searchByPrefix(QString(), 2), (QStringList{u"B"_s, u"Z"_s}));
}

void TestUserService::prefixSuccessor()
{
    const auto successor = [](const char32_t* text) {
        const auto next = UserService::prefixSuccessor(QString::fromUcs4(text));
        return next ? next->toUcs4() : QList<uint>{0xDEAD}; // 0xDEAD: "none"
    };
    const auto points = [](std::initializer_list<uint> list) { return QList<uint>(list); };
    QCOMPARE(successor(U"ab"), points({'a', 'c'}));
    QCOMPARE(successor(U"a~"), points({'a', 0x7F}));
    QCOMPARE(successor(U"\u00e9"), points({0xEA}));
    QCOMPARE(successor(U"\uD7FF"), points({0xE000})); // surrogates are no code points
    QCOMPARE(successor(U"\uFFFF"), points({0x10000}));
    QCOMPARE(successor(U"a\U0010FFFF"), points({'b'}));
    QCOMPARE(successor(U"a\U0010FFFF\U0010FFFF"), points({'b'}));
    QCOMPARE(successor(U"\U0010FFFF"), points({0xDEAD}));
    QCOMPARE(successor(U""), points({0xDEAD}));
}

void TestUserService::searchByPrefixAtTheLastCodePoint()
{
    // Registration takes ASCII names only: these stand for names from elsewhere, at the ends of the index range.
    const QString last = QString::fromUcs4(U"\U0010FFFF");
    const QStringList names{u"a"_s, u"b"_s, u"a"_s + last, u"a"_s + last + u"z"_s, last, last + u"x"_s, last + last};
    for (const QString& name : names) {
        QVERIFY(
            m_scratch
                .exec(u"INSERT INTO users (username, password_hash, timezone, created_at) VALUES (?, 'x', 'UTC', 0)"_s,
                      {name})
                .isActive());
    }
    QCOMPARE(*m_users->searchByPrefix(last), (QStringList{last, last + u"x"_s, last + last}));
    QCOMPARE(*m_users->searchByPrefix(last + last), (QStringList{last + last}));
    QCOMPARE(*m_users->searchByPrefix(u"a"_s + last), (QStringList{u"a"_s + last, u"a"_s + last + u"z"_s}));
    QCOMPARE(*m_users->searchByPrefix(u"a"_s), (QStringList{u"a"_s, u"a"_s + last, u"a"_s + last + u"z"_s}));
    QCOMPARE(*m_users->searchByPrefix(QString::fromUcs4(U"\U0010FFFE")), QStringList());
}

void TestUserService::findUnknownIsEmpty()
{
    const User user = newUser(u"nina"_s);
    const auto byName = m_users->findByName(u"nobody"_s);
    QVERIFY(byName.ok());
    QVERIFY(!byName->has_value());
    const auto byId = m_users->findById(user.id + 1);
    QVERIFY(byId.ok());
    QVERIFY(!byId->has_value());
    QVERIFY(!(*m_users->findById(0)).has_value());
    QVERIFY(!(*m_users->findById(-1)).has_value());
    QVERIFY(!(*m_users->findByName(QString())).has_value());
    QVERIFY(!(*m_users->findByName(u"nina "_s)).has_value());
    QVERIFY((*m_users->findByName(u"nina"_s)).has_value());
}

void TestUserService::count()
{
    QCOMPARE(*m_users->count(), 0);
    newUser(u"one"_s);
    QCOMPARE(*m_users->count(), 1);
    newUser(u"two"_s);
    newUser(u"three"_s);
    QCOMPARE(*m_users->count(), 3);
    QVERIFY(!m_users->registerUser(u"two"_s, kPassword).ok());   // duplicate
    QVERIFY(!m_users->registerUser(u"four"_s, u"short"_s).ok()); // bad password
    QVERIFY(!m_users->registerUser(u"fo ur"_s, kPassword).ok()); // bad name
    QCOMPARE(*m_users->count(), 3);
    verifyHistogramMatchesUsers();
}

QTEST_GUILESS_MAIN(TestUserService)
#include "TestUserService.moc"
