#pragma once

#include <QMainWindow>
#include <QPointer>

#include <memory>

namespace Ui {
class MainWindow;
}

class QLabel;
class QListWidget;
class QStackedWidget;

namespace mood::client {
class Backend;
class Connector;
struct ShareStatus;
} // namespace mood::client

namespace mood::gui {

class AppSettings;
class BusySpinner;
class FileActions;
class MailPassword;
class PreferencesDialog;
class SharingDialog;
class SignInPage;
class TodayPage;
class YearPage;

// The window (title "Moodboard"): the sign-in page, then the pages Today and Year in a sidebar (Ctrl+1, Ctrl+2),
// the menus, and a status bar that says who is signed in, where, and the address others use while this computer
// shares its Moodboard. Geometry and the last page are restored. Sharing as last chosen is restored at start.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class Page { Today, Year };

    MainWindow(AppSettings& settings, client::Connector& connector, QWidget* parent = nullptr);
    ~MainWindow() override;

    SignInPage* signInPage() const { return m_signIn; }
    TodayPage* todayPage() const { return m_today; }
    YearPage* yearPage() const { return m_year; }
    client::Backend* backend() const { return m_backend.get(); }
    bool isSignedIn() const { return m_backend != nullptr; }
    FileActions* files() const { return m_files; } // File → Export board…, Export data…, Import data…

    void showPage(Page page);
    Page currentPage() const;

    // Open (not exec) their dialogs and return them, so tests can drive them.
    SharingDialog* openSharing();
    PreferencesDialog* openPreferences();
    void signOut();
    void sessionEnded(); // by the server: back to the sign-in page, saying why

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void startSession();
    void buildWorkspace();
    void updateStatus();
    void updateShareStatus(const client::ShareStatus& status);
    void updateActions();
    void updateBusy();
    void showAbout();
    void saveWindow();

    std::unique_ptr<Ui::MainWindow> m_ui;
    AppSettings& m_settings;
    client::Connector& m_connector;
    SignInPage* m_signIn;
    QWidget* m_workspace = nullptr;
    QListWidget* m_pageList = nullptr;
    QStackedWidget* m_pages = nullptr;
    std::unique_ptr<client::Backend> m_backend; // the session's; pages go before it
    TodayPage* m_today = nullptr;
    YearPage* m_year = nullptr;
    FileActions* m_files = nullptr;
    QLabel* m_whoLabel;
    QLabel* m_shareLabel;
    BusySpinner* m_spinner;
    MailPassword* m_mailPassword;
    QPointer<SharingDialog> m_sharingDialog;
    QPointer<PreferencesDialog> m_preferencesDialog;
};

} // namespace mood::gui
