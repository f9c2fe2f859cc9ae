#pragma once

#include "AppSettings.h"
#include "BackendFixture.h"
#include "Connector.h"
#include "LocalFixture.h"
#include "MainWindow.h"
#include "Translations.h"

#include <QTemporaryDir>

#include <memory>

class QAbstractButton;
class QAccessibleInterface;
class QLabel;

namespace mood::test {

// The real window over the real local backend (a scratch SQLite file, a fake clock at 2026-03-15 12:00 UTC)
// and a QSettings file of its own, driven through its widgets as a person would.
class GuiHarness final
{
public:
    explicit GuiHarness(PasswordHasher::Strength strength = PasswordHasher::Strength::Minimal, int backfillDays = 7);
    ~GuiHarness();

    gui::MainWindow& window() { return *m_window; }
    gui::AppSettings& settings() { return *m_settings; }
    client::Connector& connector() { return *m_connector; }
    LocalFixture& fixture() { return m_fixture; }
    FakeClock& clock() { return m_fixture.clock(); }
    QString settingsPath() const { return m_dir.filePath(QStringLiteral("moodboard.ini")); }
    gui::Translations& translations() { return m_translations; }

    void showWindow();  // shown and exposed
    void restartApp();  // window, instance and settings object go; new ones on the same files
    void closeWindow(); // the window only (saves its geometry)
    void openWindow();  // a new window on the same settings and instance

    // Through the sign-in page's widgets; true once the workspace shows.
    bool createAccount(const QString& username, const QString& password = QStringLiteral("password123"));
    bool logIn(const QString& username, const QString& password = QStringLiteral("password123"));
    void fillSignIn(const QString& username, const QString& password);

    // A second, independent session, to check what is stored.
    std::unique_ptr<client::Backend> session(const QString& username,
                                             const QString& password = QStringLiteral("password123"));

    template <typename W>
    W* find(const QString& objectName) const
    {
        return m_window->findChild<W*>(objectName);
    }

private:
    gui::Translations m_translations;
    QTemporaryDir m_dir;
    LocalFixture m_fixture;
    std::unique_ptr<gui::AppSettings> m_settings;
    std::unique_ptr<client::Connector> m_connector;
    std::unique_ptr<gui::MainWindow> m_window;
};

// Widgets and accessible objects by name, the way screen readers and people find them.
QWidget* widgetByAccessibleName(QWidget* root, const QString& name);
QLabel* labelByAccessibleDescription(QWidget* root, const QString& description);
QStringList accessibleNames(QAccessibleInterface* root, int depth = 12); // the whole subtree, names only

} // namespace mood::test
