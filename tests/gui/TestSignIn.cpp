#include "Backend.h"
#include "GuiHarness.h"
#include "SignInPage.h"
#include "TodayPage.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStatusBar>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

// The sign-in page: create an account, log in, wrong passwords, remembered choices.
class TestSignIn final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createAccountOpensToday();
    void wrongPasswordSaysSoQuicklyAndStaysUsable();
    void emptyFieldsAreExplained();
    void createAccountRulesBeforeAnyCall();
    void takenNameIsExplained();
    void sharedMoodboardNeedsAnAddress();
    void remembersChoiceAndUsernameNeverThePassword();
    void signOutReturnsHere();

private:
    QLabel* message() const;
    std::unique_ptr<test::GuiHarness> m_app;
};

void TestSignIn::init()
{
    m_app = std::make_unique<test::GuiHarness>();
    m_app->showWindow();
}

void TestSignIn::cleanup()
{
    m_app.reset();
}

QLabel* TestSignIn::message() const
{
    return test::labelByAccessibleDescription(m_app->window().signInPage(), u"Sign-in message"_s);
}

void TestSignIn::createAccountOpensToday()
{
    QVERIFY(!m_app->window().isSignedIn());
    QCOMPARE(m_app->window().windowTitle(), u"Moodboard"_s);
    QVERIFY(m_app->createAccount(u"alice"_s));
    QVERIFY(m_app->window().todayPage()->isVisible());
    QCOMPARE(m_app->window().currentPage(), gui::MainWindow::Page::Today);
    const auto* who = m_app->window().statusBar()->findChildren<QLabel*>().first();
    QCOMPARE(who->text(), u"Signed in as alice on this computer"_s);
    QVERIFY(m_app->window().backend()->session().isAdmin); // the first account of this computer
}

void TestSignIn::wrongPasswordSaysSoQuicklyAndStaysUsable()
{
    QVERIFY(m_app->createAccount(u"alice"_s, u"correct horse"_s));
    m_app->window().signOut();
    QVERIFY(!m_app->window().isSignedIn());

    QElapsedTimer clock;
    clock.start();
    m_app->fillSignIn(u"alice"_s, u"wrong horse"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(message()->text(), u"Wrong username or password. Check both and try again."_s, 5000);
    QVERIFY(clock.elapsed() < 5000);
    QVERIFY(message()->isVisible());
    QVERIFY(!m_app->window().isSignedIn());
    // Usable again at once: buttons back, password emptied, and the right password works.
    QVERIFY(m_app->find<QPushButton>(u"logInButton"_s)->isEnabled());
    QVERIFY(m_app->find<QLineEdit>(u"passwordEdit"_s)->text().isEmpty());
    QVERIFY(m_app->logIn(u"alice"_s, u"correct horse"_s));
}

void TestSignIn::emptyFieldsAreExplained()
{
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QCOMPARE(message()->text(), u"Enter your username."_s);
    QTest::keyClicks(m_app->find<QLineEdit>(u"usernameEdit"_s), u"alice"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QCOMPARE(message()->text(), u"Enter your password."_s);
    QVERIFY(m_app->find<QLineEdit>(u"passwordEdit"_s)->hasFocus());
}

void TestSignIn::createAccountRulesBeforeAnyCall()
{
    m_app->fillSignIn(u"al ice"_s, u"password123"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"createAccountButton"_s), Qt::LeftButton);
    QCOMPARE(message()->text(), u"A username has 1 to 32 letters, digits, '.', '_' or '-'."_s);
    m_app->fillSignIn(u"alice"_s, u"short"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"createAccountButton"_s), Qt::LeftButton);
    QCOMPARE(message()->text(), u"Choose a password of at least 8 characters."_s);
    QVERIFY(!m_app->window().isSignedIn());
    QVERIFY(!test::await(m_app->fixture().connect()->signIn(u"alice"_s, u"short"_s)).ok());
}

void TestSignIn::takenNameIsExplained()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    m_app->window().signOut();
    m_app->fillSignIn(u"alice"_s, u"another password"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"createAccountButton"_s), Qt::LeftButton);
    QTRY_COMPARE(message()->text(), u"This username is taken. Choose another one, or log in if it is yours."_s);
}

void TestSignIn::sharedMoodboardNeedsAnAddress()
{
    auto* shared = qobject_cast<QRadioButton*>(test::widgetByAccessibleName(&m_app->window(), u"A shared Moodboard"_s));
    QVERIFY(shared);
    auto* address = m_app->find<QLineEdit>(u"serverEdit"_s);
    QVERIFY(!address->isEnabled()); // only with "A shared Moodboard"
    shared->click();
    QVERIFY(address->isEnabled());
    m_app->fillSignIn(u"alice"_s, u"password123"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QCOMPARE(message()->text(), u"Enter the shared Moodboard's address, for example http://192.168.1.20:5000."_s);
    QTest::keyClicks(address, u"ftp://192.168.1.20"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QCOMPARE(message()->text(), u"Enter the shared Moodboard's address, for example http://192.168.1.20:5000."_s);
    QVERIFY(!m_app->window().isSignedIn());
    QVERIFY(m_app->find<QPushButton>(u"logInButton"_s)->isEnabled());
}

void TestSignIn::remembersChoiceAndUsernameNeverThePassword()
{
    QVERIFY(m_app->createAccount(u"alice"_s, u"secret passphrase"_s));
    m_app->restartApp();
    m_app->showWindow();
    QCOMPARE(m_app->find<QLineEdit>(u"usernameEdit"_s)->text(), u"alice"_s);
    QVERIFY(m_app->find<QLineEdit>(u"passwordEdit"_s)->text().isEmpty());
    QVERIFY(m_app->find<QRadioButton>(u"localRadio"_s)->isChecked());

    auto* shared = m_app->find<QRadioButton>(u"sharedRadio"_s);
    shared->click();
    QTest::keyClicks(m_app->find<QLineEdit>(u"serverEdit"_s), u"moodboard.example.org:5000"_s);
    m_app->fillSignIn(u"bob"_s, u"another secret"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    m_app->restartApp();
    QVERIFY(m_app->find<QRadioButton>(u"sharedRadio"_s)->isChecked());
    QCOMPARE(m_app->find<QLineEdit>(u"serverEdit"_s)->text(), u"moodboard.example.org:5000"_s);
    QCOMPARE(m_app->find<QLineEdit>(u"usernameEdit"_s)->text(), u"bob"_s);

    m_app->settings().sync();
    QFile file(m_app->settingsPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains("alice") || stored.contains("bob"));
    QVERIFY(!stored.contains("secret"));
}

void TestSignIn::signOutReturnsHere()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    m_app->window().signOut();
    QVERIFY(m_app->window().signInPage()->isVisible());
    QCOMPARE(message()->text(), u"You are signed out."_s);
    QVERIFY(m_app->window().todayPage() == nullptr);
    QVERIFY(m_app->window().backend() == nullptr);
}

QTEST_MAIN(TestSignIn)
#include "TestSignIn.moc"
