#include "Backend.h"
#include "GuiHarness.h"
#include "PreferencesDialog.h"
#include "TodayPage.h"
#include "YearPage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QStringList menuTitles(QMenuBar* bar)
{
    QStringList titles;
    for (QAction* action : bar->actions())
        titles.append(action->text());
    return titles;
}

QStringList entries(QMenu* menu)
{
    QStringList texts;
    for (QAction* action : menu->actions()) {
        if (!action->isSeparator())
            texts.append(action->text());
    }
    return texts;
}
} // namespace

// The window: title, menus, pages and their shortcuts, restored geometry and page, Preferences…, About.
class TestMainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void titleAndMenus();
    void shortcutsSwitchPages();
    void geometryAndLastPageAreRestored();
    void preferencesSaveTheProfile();
    void preferencesRefuseAnUnknownZone();
    void aboutOpensWithoutBlocking();

private:
    QAction* action(const QString& name) const;
    std::unique_ptr<test::GuiHarness> m_app;
};

void TestMainWindow::init()
{
    m_app = std::make_unique<test::GuiHarness>();
    m_app->showWindow();
}

void TestMainWindow::cleanup()
{
    m_app.reset();
}

QAction* TestMainWindow::action(const QString& name) const
{
    for (QAction* a : m_app->window().findChildren<QAction*>()) {
        if (a->objectName() == name)
            return a;
    }
    return nullptr;
}

void TestMainWindow::titleAndMenus()
{
    QCOMPARE(m_app->window().windowTitle(), u"Moodboard"_s);
    QMenuBar* bar = m_app->window().menuBar();
    QCOMPARE(menuTitles(bar), (QStringList{u"&File"_s, u"&Go"_s, u"&Settings"_s, u"&Help"_s}));
    QCOMPARE(entries(bar->findChild<QMenu*>(u"fileMenu"_s)),
             (QStringList{u"Export &Board\u2026"_s, u"&Export Data\u2026"_s, u"&Import Data\u2026"_s, u"Sign &Out"_s,
                          u"&Quit"_s}));
    QCOMPARE(entries(bar->findChild<QMenu*>(u"goMenu"_s)), (QStringList{u"&Today"_s, u"&Year"_s}));
    QCOMPARE(entries(bar->findChild<QMenu*>(u"settingsMenu"_s)),
             (QStringList{u"&Sharing\u2026"_s, u"&Preferences\u2026"_s}));
    QCOMPARE(entries(bar->findChild<QMenu*>(u"helpMenu"_s)), QStringList{u"&About Moodboard"_s});
    QCOMPARE(action(u"actionToday"_s)->shortcut(), QKeySequence(u"Ctrl+1"_s));
    QCOMPARE(action(u"actionYear"_s)->shortcut(), QKeySequence(u"Ctrl+2"_s));
    // Nothing to do before signing in, except quitting and reading About.
    QVERIFY(!action(u"actionSignOut"_s)->isEnabled());
    QVERIFY(!action(u"actionExportBoard"_s)->isEnabled());
    QVERIFY(!action(u"actionImportData"_s)->isEnabled());
    QVERIFY(!action(u"actionSharing"_s)->isEnabled());
    QVERIFY(!action(u"actionPreferences"_s)->isEnabled());
    QVERIFY(action(u"actionQuit"_s)->isEnabled());
    QVERIFY(m_app->createAccount(u"alice"_s));
    QVERIFY(action(u"actionSignOut"_s)->isEnabled());
    QVERIFY(action(u"actionExportBoard"_s)->isEnabled());
    QVERIFY(action(u"actionExportData"_s)->isEnabled());
    QVERIFY(action(u"actionImportData"_s)->isEnabled());
    QVERIFY(action(u"actionSharing"_s)->isEnabled()); // alice is the admin
    QVERIFY(action(u"actionPreferences"_s)->isEnabled());
    auto* pages = m_app->find<QListWidget>(u"pageList"_s);
    QCOMPARE(pages->count(), 2); // Charts and Friends come later
    QCOMPARE(pages->item(0)->text(), u"Today"_s);
    QCOMPARE(pages->item(1)->text(), u"Year"_s);
}

void TestMainWindow::shortcutsSwitchPages()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    QCOMPARE(m_app->window().currentPage(), gui::MainWindow::Page::Today);
    QTest::keySequence(&m_app->window(), QKeySequence(u"Ctrl+2"_s));
    QCOMPARE(m_app->window().currentPage(), gui::MainWindow::Page::Year);
    QVERIFY(m_app->window().yearPage()->isVisible());
    QTest::keySequence(&m_app->window(), QKeySequence(u"Ctrl+1"_s));
    QCOMPARE(m_app->window().currentPage(), gui::MainWindow::Page::Today);
    QVERIFY(m_app->window().todayPage()->isVisible());
    QVERIFY(!m_app->window().yearPage()->isVisible());
    // The sidebar too.
    m_app->find<QListWidget>(u"pageList"_s)->setCurrentRow(1);
    QVERIFY(m_app->window().yearPage()->isVisible());
}

void TestMainWindow::geometryAndLastPageAreRestored()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    m_app->window().resize(987, 654);
    QTRY_COMPARE(m_app->window().size(), QSize(987, 654));
    m_app->window().showPage(gui::MainWindow::Page::Year);
    m_app->restartApp();
    m_app->showWindow();
    QCOMPARE(m_app->window().size(), QSize(987, 654));
    QVERIFY(m_app->logIn(u"alice"_s));
    QCOMPARE(m_app->window().currentPage(), gui::MainWindow::Page::Year);
    QVERIFY(m_app->window().yearPage()->isVisible());
    m_app->window().showPage(gui::MainWindow::Page::Today);
    m_app->restartApp();
    m_app->showWindow();
    QVERIFY(m_app->logIn(u"alice"_s));
    QCOMPARE(m_app->window().currentPage(), gui::MainWindow::Page::Today);
}

void TestMainWindow::preferencesSaveTheProfile()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    gui::PreferencesDialog* dialog = m_app->window().openPreferences();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible() && !dialog->isBusy());
    auto* zone = qobject_cast<QComboBox*>(test::widgetByAccessibleName(dialog, u"Time zone"_s));
    auto* email = qobject_cast<QLineEdit*>(test::widgetByAccessibleName(dialog, u"Email"_s));
    QVERIFY(zone && email);
    QCOMPARE(zone->currentData().toByteArray(), QByteArray("UTC")); // the profile's
    QVERIFY(zone->findData(QByteArray("Europe/Berlin")) >= 0);
    QVERIFY(zone->findData(QByteArray("UTC+05:00")) < 0); // IANA names only
    zone->setCurrentIndex(zone->findData(QByteArray("Pacific/Auckland")));
    email->setText(u"alice@example.org"_s);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(!m_app->window().findChild<gui::PreferencesDialog*>());
    const auto profile = test::await(m_app->session(u"alice"_s)->profile());
    QCOMPARE(profile->timeZone, QByteArray("Pacific/Auckland"));
    QCOMPARE(profile->email, u"alice@example.org"_s);
    QCOMPARE(m_app->window().backend()->session().timeZone, QByteArray("Pacific/Auckland"));
}

void TestMainWindow::preferencesRefuseAnUnknownZone()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    gui::PreferencesDialog* dialog = m_app->window().openPreferences();
    QTRY_VERIFY(dialog->isVisible() && !dialog->isBusy());
    auto* zone = qobject_cast<QComboBox*>(test::widgetByAccessibleName(dialog, u"Time zone"_s));
    zone->setEditText(u"Mars/Olympus"_s);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Apply)->click();
    QLabel* message = test::labelByAccessibleDescription(dialog, u"Preferences message"_s);
    QTRY_COMPARE(message->text(),
                 u"Check the values: the time zone must be one of the list, the email address a valid one."_s);
    QVERIFY(dialog->isVisible());
    QCOMPARE(test::await(m_app->session(u"alice"_s)->profile())->timeZone, QByteArray("UTC"));
}

void TestMainWindow::aboutOpensWithoutBlocking()
{
    action(u"actionAbout"_s)->trigger(); // returns: the box is open, not exec'd
    auto* box = m_app->window().findChild<QMessageBox*>();
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(u"Moodboard 0."_s));
    box->button(QMessageBox::Ok)->click();
    QTRY_VERIFY(!m_app->window().findChild<QMessageBox*>());
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
