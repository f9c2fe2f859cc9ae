#include "GuiHarness.h"

#include "SignInPage.h"

#include <QAccessible>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTest>

namespace mood::test {

using namespace Qt::StringLiterals;

GuiHarness::GuiHarness(PasswordHasher::Strength strength, int backfillDays)
    : m_fixture(backfillDays, strength)
{
    // As the app does at start; and as a screen reader would, keep accessibility on (item views then keep
    // their accessible children up to date).
    m_translations.apply(QLocale::system());
    QAccessible::setActive(true);
    m_settings = std::make_unique<gui::AppSettings>(std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat));
    m_connector = std::make_unique<client::Connector>(m_fixture.instance());
    openWindow();
}

GuiHarness::~GuiHarness()
{
    m_window.reset();
    m_connector.reset();
    m_fixture.stop();
    m_settings.reset();
}

void GuiHarness::openWindow()
{
    m_window = std::make_unique<gui::MainWindow>(*m_settings, *m_connector);
}

void GuiHarness::closeWindow()
{
    if (m_window)
        m_window->close();
    m_window.reset();
}

void GuiHarness::showWindow()
{
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        qWarning("the window was not exposed");
}

void GuiHarness::restartApp()
{
    closeWindow();
    m_connector.reset();
    m_fixture.restart();
    m_settings.reset();
    m_settings = std::make_unique<gui::AppSettings>(std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat));
    m_connector = std::make_unique<client::Connector>(m_fixture.instance());
    openWindow();
}

void GuiHarness::fillSignIn(const QString& username, const QString& password)
{
    auto* user = find<QLineEdit>(u"usernameEdit"_s);
    auto* pass = find<QLineEdit>(u"passwordEdit"_s);
    user->clear();
    QTest::keyClicks(user, username);
    pass->clear();
    QTest::keyClicks(pass, password);
}

bool GuiHarness::createAccount(const QString& username, const QString& password)
{
    fillSignIn(username, password);
    QTest::mouseClick(find<QPushButton>(u"createAccountButton"_s), Qt::LeftButton);
    return QTest::qWaitFor([this] { return m_window->isSignedIn(); }, 30000);
}

bool GuiHarness::logIn(const QString& username, const QString& password)
{
    fillSignIn(username, password);
    QTest::mouseClick(find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    return QTest::qWaitFor([this] { return m_window->isSignedIn(); }, 30000);
}

std::unique_ptr<client::Backend> GuiHarness::session(const QString& username, const QString& password)
{
    auto backend = m_fixture.connect();
    const auto signedIn = await(backend->signIn(username, password));
    if (!signedIn)
        qWarning("second session for %s failed: %s", qPrintable(username), qPrintable(signedIn.error().detail));
    return backend;
}

QWidget* widgetByAccessibleName(QWidget* root, const QString& name)
{
    const auto widgets = root->findChildren<QWidget*>();
    for (QWidget* widget : widgets) {
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
        if (accessible && accessible->text(QAccessible::Name) == name)
            return widget;
    }
    return nullptr;
}

QLabel* labelByAccessibleDescription(QWidget* root, const QString& description)
{
    const auto labels = root->findChildren<QLabel*>();
    for (QLabel* label : labels) {
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(label);
        if (accessible && accessible->text(QAccessible::Description) == description)
            return label;
    }
    return nullptr;
}

QStringList accessibleNames(QAccessibleInterface* root, int depth)
{
    QStringList names;
    if (!root || depth < 0)
        return names;
    const QString name = root->text(QAccessible::Name);
    if (!name.isEmpty())
        names.append(name);
    for (int i = 0; i < root->childCount(); ++i)
        names += accessibleNames(root->child(i), depth - 1);
    return names;
}

} // namespace mood::test
