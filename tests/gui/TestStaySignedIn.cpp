#include "AppSettings.h"
#include "Backend.h"
#include "GuiHarness.h"
#include "LocalInstance.h"
#include "SessionKeychain.h"
#include "SignInPage.h"
#include "TestServer.h"

#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace mood;
using namespace Qt::StringLiterals;
using Answer = gui::SessionKeychain::Answer;

namespace {
// Which keychain the run has, as CTest says (tests/gui/CMakeLists.txt): "none" (no D-Bus session at all) or
// "real" (a private D-Bus session with an unlocked gnome-keyring, tests/gui/with-keyring.sh).
QByteArray keychainMode()
{
    return qgetenv("MOOD_TEST_KEYCHAIN");
}

// QSKIP returns from the test function itself, so this is a macro.
#define REQUIRE_KEYCHAIN(mode)                                                                                         \
    do {                                                                                                               \
        if (keychainMode() != mode)                                                                                    \
            QSKIP("needs MOOD_TEST_KEYCHAIN=" mode " (CTest sets it)");                                                \
    } while (false)

struct Stored {
    Answer answer = Answer::Unavailable;
    QByteArray token;
};
} // namespace

// "Stay signed in" (DESKTOP.md section 2) through the real window, a real headless server on 127.0.0.1 and the
// real OS keychain (QtKeychain over the Secret Service of gnome-keyring), or none at all.
class TestStaySignedIn final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // MOOD_TEST_KEYCHAIN=none
    void withoutAKeychainTheOptionIsNotOffered();
    // MOOD_TEST_KEYCHAIN=real
    void aSharedMoodboardResumesWithoutThePassword();
    void aRevokedTokenAsksForThePasswordAgain();
    void anUnreachableServerKeepsTheToken();
    void signingInWithTheBoxUncheckedForgetsTheToken();
    void thisComputerResumesToo();

private:
    void chooseServer();
    void waitForKeychain();
    QCheckBox* stayBox() const;
    QLabel* signInMessage() const;
    QString account() const; // of the signed-in session, as the sign-in page keeps it
    Stored stored(const QString& account);
    bool signInStaying(bool stay, bool create);
    void reopen();

    std::unique_ptr<test::TestServer> m_server;
    std::unique_ptr<test::GuiHarness> m_app;
};

void TestStaySignedIn::init()
{
    m_server = std::make_unique<test::TestServer>();
    QVERIFY2(m_server->start(QString::fromLatin1(test::kSqlite)), qPrintable(m_server->error()));
    m_app = std::make_unique<test::GuiHarness>();
    client::RemoteOptions options;
    options.timeoutMs = 3000;
    options.clock = &m_server->clock();
    m_app->connector().setRemoteOptions(options);
    m_app->showWindow();
}

void TestStaySignedIn::cleanup()
{
    m_app.reset();
    m_server.reset();
}

void TestStaySignedIn::chooseServer()
{
    m_app->find<QRadioButton>(u"sharedRadio"_s)->click();
    auto* edit = qobject_cast<QLineEdit*>(test::widgetByAccessibleName(&m_app->window(), u"Server address"_s));
    QVERIFY(edit && edit->isEnabled());
    edit->clear();
    QTest::keyClicks(edit, m_server->baseUrl());
}

void TestStaySignedIn::waitForKeychain()
{
    gui::SignInPage* page = m_app->window().signInPage();
    QVERIFY(QTest::qWaitFor([page] { return page->isKeychainKnown() && !page->isBusy(); }, 15000)
            || m_app->window().isSignedIn());
}

QCheckBox* TestStaySignedIn::stayBox() const
{
    return qobject_cast<QCheckBox*>(test::widgetByAccessibleName(m_app->window().signInPage(), u"Stay signed in"_s));
}

QLabel* TestStaySignedIn::signInMessage() const
{
    return test::labelByAccessibleDescription(m_app->window().signInPage(), u"Sign-in message"_s);
}

QString TestStaySignedIn::account() const
{
    const client::Backend* backend = m_app->window().backend();
    if (!backend)
        return {};
    const bool local = backend->location() == client::Location::ThisComputer;
    return gui::SessionKeychain::account(backend->location(),
                                         local ? m_app->fixture().instance().databaseLocation() : backend->address(),
                                         backend->session().username);
}

Stored TestStaySignedIn::stored(const QString& account)
{
    gui::SessionKeychain keychain;
    std::optional<Stored> out;
    keychain.read(account, [&out](Answer answer, const QByteArray& token) { out = Stored{answer, token}; });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 15000))
        qWarning("the keychain did not answer");
    return out.value_or(Stored{});
}

bool TestStaySignedIn::signInStaying(bool stay, bool create)
{
    waitForKeychain();
    QCheckBox* box = stayBox();
    if (!box || !box->isVisible()) {
        qWarning("\"Stay signed in\" is not offered");
        return false;
    }
    box->setChecked(stay);
    return create ? m_app->createAccount(u"alice"_s) : m_app->logIn(u"alice"_s);
}

void TestStaySignedIn::reopen()
{
    // As quitting and starting again: a new window on the same settings file (and the same keychain).
    m_app->closeWindow();
    m_app->openWindow();
    m_app->showWindow();
}

void TestStaySignedIn::withoutAKeychainTheOptionIsNotOffered()
{
    REQUIRE_KEYCHAIN("none");
    // Even when it was chosen before (say, on a desktop that has a keychain), it is not offered here.
    m_app->settings().setValue(gui::AppSettings::Key::SignInStay, true);
    reopen();
    waitForKeychain();
    QVERIFY(m_app->window().signInPage()->isKeychainKnown());
    QVERIFY(!m_app->window().signInPage()->isStayOffered());
    QVERIFY(stayBox());
    QVERIFY(!stayBox()->isVisible());

    chooseServer();
    QVERIFY2(m_app->createAccount(u"alice"_s), qPrintable(signInMessage()->text()));
    const auto token = test::await(m_app->window().backend()->sessionToken());
    QVERIFY(token.ok() && !token->isEmpty());
    QCOMPARE(stored(account()).answer, Answer::Unavailable);
    m_app->settings().sync();
    QFile ini(m_app->settingsPath());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray settings = ini.readAll();
    QVERIFY(settings.contains("alice"));
    QVERIFY(!settings.contains(*token));

    // The next start asks for the password.
    reopen();
    waitForKeychain();
    QVERIFY(!m_app->window().isSignedIn());
    QVERIFY(!stayBox()->isVisible());
    QVERIFY(signInMessage()->text().isEmpty());
}

void TestStaySignedIn::aSharedMoodboardResumesWithoutThePassword()
{
    REQUIRE_KEYCHAIN("real");
    chooseServer();
    QVERIFY2(signInStaying(true, true), qPrintable(signInMessage()->text()));
    const QString alice = account();
    const auto token = test::await(m_app->window().backend()->sessionToken());
    QVERIFY(token.ok());
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Found, 10000);
    QCOMPARE(stored(alice).token, *token); // the token from POST /login
    m_app->settings().sync();
    QFile ini(m_app->settingsPath());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains(*token));

    // The next start: straight into the workspace, nobody typed a password.
    reopen();
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window().isSignedIn(), 15000);
    QCOMPARE(m_app->window().backend()->session().username, u"alice"_s);
    QCOMPARE(m_app->window().backend()->location(), client::Location::SharedMoodboard);
    QVERIFY(m_app->find<QLineEdit>(u"passwordEdit"_s)->text().isEmpty());

    // File → Sign out forgets it (and the server revokes it): the next start asks for the password.
    QAction* signOut = m_app->find<QAction>(u"actionSignOut"_s);
    QVERIFY(signOut && signOut->isEnabled());
    signOut->trigger();
    QVERIFY(!m_app->window().isSignedIn());
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Missing, 10000);
    test::HttpClient http = m_server->client();
    http.setBearer(QString::fromUtf8(*token));
    QTRY_COMPARE_WITH_TIMEOUT(http.get(u"/user/me"_s).status, 401, 10000);

    reopen();
    waitForKeychain();
    QVERIFY(!m_app->window().isSignedIn());
    QVERIFY(stayBox()->isVisible());
    QVERIFY(stayBox()->isChecked()); // the choice is remembered, the token is not
    QVERIFY(signInMessage()->text().isEmpty());
    QVERIFY(m_app->logIn(u"alice"_s));
}

void TestStaySignedIn::aRevokedTokenAsksForThePasswordAgain()
{
    REQUIRE_KEYCHAIN("real");
    chooseServer();
    QVERIFY2(signInStaying(true, true), qPrintable(signInMessage()->text()));
    const QString alice = account();
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Found, 10000);
    m_app->closeWindow();

    // A new password, set from another computer, revokes every token of the account.
    auto elsewhere = m_app->connector().open(client::Location::SharedMoodboard, m_server->baseUrl(), nullptr);
    QVERIFY(test::await(elsewhere->signIn(u"alice"_s, u"password123"_s)).ok());
    client::ProfileChanges changes;
    changes.newPassword = u"another password"_s;
    changes.currentPassword = u"password123"_s;
    QVERIFY(test::await(elsewhere->updateProfile(changes)).ok());

    m_app->openWindow();
    m_app->showWindow();
    QVERIFY(m_app->window().signInPage()->isBusy()); // reading the keychain, then asking the server
    QCOMPARE(signInMessage()->text(), u"Signing you in again\u2026"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!m_app->window().signInPage()->isBusy(), 15000);
    QVERIFY(!m_app->window().isSignedIn());
    QCOMPARE(signInMessage()->text(),
             u"Your saved sign-in is no longer valid, for example after a password change. "
             u"Log in with your password."_s);
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Missing, 10000);
    QVERIFY(m_app->logIn(u"alice"_s, u"another password"_s));
}

void TestStaySignedIn::anUnreachableServerKeepsTheToken()
{
    REQUIRE_KEYCHAIN("real");
    chooseServer();
    QVERIFY2(signInStaying(true, true), qPrintable(signInMessage()->text()));
    const QString alice = account();
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Found, 10000);
    m_app->closeWindow();
    m_server->stop();

    m_app->openWindow();
    m_app->showWindow();
    QTRY_VERIFY_WITH_TIMEOUT(!signInMessage()->text().isEmpty() && !m_app->window().signInPage()->isBusy(), 15000);
    QVERIFY(!m_app->window().isSignedIn());
    QVERIFY2(signInMessage()->text().startsWith(u"Your saved sign-in could not be checked. The server cannot be "
                                                u"reached."_s),
             qPrintable(signInMessage()->text()));
    QCOMPARE(stored(alice).answer, Answer::Found); // for the next start, when the server is back
}

void TestStaySignedIn::signingInWithTheBoxUncheckedForgetsTheToken()
{
    REQUIRE_KEYCHAIN("real");
    chooseServer();
    QVERIFY2(signInStaying(true, true), qPrintable(signInMessage()->text()));
    const QString alice = account();
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Found, 10000);
    m_app->closeWindow();
    // Say a token stayed behind while the box is off (it was unchecked on a start that could not reach the server).
    m_app->settings().setValue(gui::AppSettings::Key::SignInStay, false);

    m_app->openWindow();
    m_app->showWindow();
    waitForKeychain();
    QVERIFY(!m_app->window().isSignedIn()); // unchecked: no resume, whatever the keychain holds
    QVERIFY(stayBox()->isVisible());
    QVERIFY(!stayBox()->isChecked());
    QCOMPARE(stored(alice).answer, Answer::Found);
    QVERIFY(signInStaying(false, false));
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Missing, 10000);
    QVERIFY(!m_app->settings().value(gui::AppSettings::Key::SignInStay).toBool());

    reopen();
    waitForKeychain();
    QVERIFY(!m_app->window().isSignedIn());
}

void TestStaySignedIn::thisComputerResumesToo()
{
    REQUIRE_KEYCHAIN("real");
    QVERIFY(signInStaying(true, true));
    QCOMPARE(m_app->window().backend()->location(), client::Location::ThisComputer);
    const QString alice = account();
    QVERIFY(alice.contains(m_app->fixture().instance().databaseLocation()));
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Found, 10000);
    const QByteArray token = stored(alice).token;
    QVERIFY(token.size() >= 32); // a token of the core's TokenStore

    reopen();
    QTRY_VERIFY_WITH_TIMEOUT(m_app->window().isSignedIn(), 15000);
    QCOMPARE(m_app->window().backend()->session().username, u"alice"_s);
    QVERIFY(m_app->window().backend()->session().isAdmin);

    m_app->find<QAction>(u"actionSignOut"_s)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(stored(alice).answer, Answer::Missing, 10000);
    // Signing out revoked it in this computer's database too.
    auto other = m_app->fixture().connect();
    QTRY_COMPARE_WITH_TIMEOUT(test::await(other->resume(token)).error().kind, client::ErrorKind::NotSignedIn, 10000);

    reopen();
    waitForKeychain();
    QVERIFY(!m_app->window().isSignedIn());
    QVERIFY(m_app->logIn(u"alice"_s));
}

QTEST_MAIN(TestStaySignedIn)
#include "TestStaySignedIn.moc"
