#include "MainWindow.h"

#include "AppSettings.h"
#include "Backend.h"
#include "BusySpinner.h"
#include "ComboAccessible.h"
#include "Connector.h"
#include "Deliver.h"
#include "ErrorText.h"
#include "FileActions.h"
#include "LocalInstance.h"
#include "MailPassword.h"
#include "MailSettingsBox.h"
#include "PreferencesDialog.h"
#include "ShareAddress.h"
#include "SharingDialog.h"
#include "SignInPage.h"
#include "TodayPage.h"
#include "YearEndDuty.h"
#include "YearPage.h"
#include "ui_MainWindow.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>

namespace mood::gui {

using namespace Qt::StringLiterals;

MainWindow::MainWindow(AppSettings& settings, client::Connector& connector, QWidget* parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_settings(settings)
    , m_connector(connector)
    , m_signIn(new SignInPage(settings, connector, this))
    , m_whoLabel(new QLabel(this))
    , m_shareLabel(new QLabel(this))
    , m_spinner(new BusySpinner(this))
    , m_mailPassword(new MailPassword(this))
{
    ComboAccessible::installFactory();
    m_ui->setupUi(this);
    setWindowIcon(QIcon(u":/icons/moodboard.svg"_s));
    m_ui->actionQuit->setShortcut(QKeySequence::Quit);
    m_ui->actionPreferences->setShortcut(QKeySequence::Preferences);
    m_ui->actionPreferences->setMenuRole(QAction::PreferencesRole);
    m_ui->actionAbout->setMenuRole(QAction::AboutRole);
    m_ui->actionQuit->setMenuRole(QAction::QuitRole);
    m_ui->actionQuit->setIcon(QIcon::fromTheme(u"application-exit"_s));
    m_ui->actionSignOut->setIcon(QIcon::fromTheme(u"system-log-out"_s));
    m_ui->actionSharing->setIcon(QIcon::fromTheme(u"network-server"_s, QIcon(u":/icons/share.svg"_s)));
    m_ui->actionPreferences->setIcon(QIcon::fromTheme(u"preferences-system"_s));
    m_ui->actionAbout->setIcon(QIcon::fromTheme(u"help-about"_s));
    m_ui->actionToday->setIcon(QIcon(u":/icons/today.svg"_s));
    m_ui->actionYear->setIcon(QIcon(u":/icons/year.svg"_s));

    m_ui->stack->addWidget(m_signIn);
    buildWorkspace();
    m_shareLabel->setAccessibleDescription(tr("Shared at"));
    m_shareLabel->setVisible(false);
    statusBar()->addWidget(m_whoLabel, 1);
    statusBar()->addPermanentWidget(m_shareLabel);
    statusBar()->addPermanentWidget(m_spinner);

    connect(m_signIn, &SignInPage::signedIn, this, &MainWindow::startSession);
    connect(m_signIn, &SignInPage::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text); });
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionSignOut, &QAction::triggered, this, &MainWindow::signOut);
    connect(m_ui->actionExportBoard, &QAction::triggered, this, [this] {
        if (m_files)
            m_files->exportBoard();
    });
    connect(m_ui->actionExportData, &QAction::triggered, this, [this] {
        if (m_files)
            m_files->exportData();
    });
    connect(m_ui->actionImportData, &QAction::triggered, this, [this] {
        if (m_files)
            m_files->importData();
    });
    connect(m_ui->actionToday, &QAction::triggered, this, [this] { showPage(Page::Today); });
    connect(m_ui->actionYear, &QAction::triggered, this, [this] { showPage(Page::Year); });
    connect(m_ui->actionSharing, &QAction::triggered, this, &MainWindow::openSharing);
    connect(m_ui->actionPreferences, &QAction::triggered, this, &MainWindow::openPreferences);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);

    client::ShareHost& sharing = m_connector.local().sharing();
    connect(&sharing, &client::ShareHost::statusChanged, this, &MainWindow::updateShareStatus);
    updateShareStatus(sharing.status());
    const client::ShareSettings share = m_settings.shareSettings();
    if (share.enabled) {
        // As the owner left it: shared again from the start, whoever signs in (or nobody).
        client::deliver(sharing.apply(share), this, [this](const client::Result<client::ShareStatus>& result) {
            if (!result)
                statusBar()->showMessage(tr("This Moodboard could not be shared again: %1")
                                             .arg(ErrorText::describe(result.error(), ErrorText::Action::Share)));
        });
    }

    const QByteArray geometry = m_settings.value(AppSettings::Key::WindowGeometry).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        const QSize available = screen() ? screen()->availableSize() : QSize(1280, 800);
        resize(QSize(1120, 780).boundedTo(available * 0.9));
    }
    restoreState(m_settings.value(AppSettings::Key::WindowState).toByteArray());
    // This computer's year-end mails and retention: on the first start after a year ended, then hourly.
    auto* yearEnd = new YearEndDuty(m_settings, m_connector.local(), *m_mailPassword, this);
    connect(yearEnd, &YearEndDuty::report, statusBar(),
            [this](const QString& message) { statusBar()->showMessage(message); });
    yearEnd->runNow();
    m_ui->stack->setCurrentWidget(m_signIn);
    m_signIn->setFocus(); // the username, or the password when the username is remembered
    updateStatus();
    updateActions();
}

MainWindow::~MainWindow()
{
    // Pages and dialogs hold the backend: they go first.
    delete m_sharingDialog;
    delete m_preferencesDialog;
    delete m_files;
    delete m_workspace;
    m_backend.reset();
}

void MainWindow::buildWorkspace()
{
    m_workspace = new QWidget(this);
    m_pageList = new QListWidget(m_workspace);
    m_pageList->setObjectName(u"pageList"_s);
    m_pageList->setAccessibleName(tr("Pages"));
    m_pageList->setIconSize(QSize(fontMetrics().height() * 2, fontMetrics().height() * 2));
    m_pageList->setSpacing(3);
    m_pageList->setFrameShape(QFrame::NoFrame);
    m_pageList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* today = new QListWidgetItem(QIcon(u":/icons/today.svg"_s), tr("Today"), m_pageList);
    today->setToolTip(tr("Record how you feel today (Ctrl+1)"));
    auto* year = new QListWidgetItem(QIcon(u":/icons/year.svg"_s), tr("Year"), m_pageList);
    year->setToolTip(tr("Your year, one coloured day at a time (Ctrl+2)"));
    int widest = 0;
    for (int i = 0; i < m_pageList->count(); ++i)
        widest = std::max(widest, fontMetrics().horizontalAdvance(m_pageList->item(i)->text()));
    m_pageList->setFixedWidth(widest + m_pageList->iconSize().width() + fontMetrics().height() * 3);
    m_pageList->setBackgroundRole(QPalette::Window);

    m_pages = new QStackedWidget(m_workspace);
    auto* line = new QFrame(m_workspace);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    auto* layout = new QHBoxLayout(m_workspace);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_pageList);
    layout->addWidget(line);
    layout->addWidget(m_pages, 1);
    m_ui->stack->addWidget(m_workspace);

    connect(m_pageList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_pages->count())
            return;
        m_pages->setCurrentIndex(row);
        m_settings.setValue(AppSettings::Key::LastPage, row == 1 ? u"year"_s : u"today"_s);
    });
}

void MainWindow::startSession()
{
    m_backend = m_signIn->takeBackend();
    if (!m_backend)
        return;
    const render::MoodPalette palette = render::MoodPalette::of(m_settings.paletteKind());
    m_today = new TodayPage(*m_backend, m_pages);
    m_year = new YearPage(*m_backend, m_pages);
    m_today->setMoodPalette(palette);
    m_year->setMoodPalette(palette);
    m_pages->addWidget(m_today);
    m_pages->addWidget(m_year);
    const auto showStatus = [this](const QString& text) { statusBar()->showMessage(text, 6000); };
    connect(m_today, &TodayPage::statusMessage, this, showStatus);
    connect(m_year, &YearPage::statusMessage, this, showStatus);
    connect(m_backend.get(), &client::Backend::busyChanged, this, &MainWindow::updateBusy);
    connect(m_backend.get(), &client::Backend::sessionEnded, this, &MainWindow::sessionEnded, Qt::QueuedConnection);
    m_files = new FileActions(*m_backend, m_settings, this);
    connect(m_files, &FileActions::busyChanged, this, &MainWindow::updateBusy);
    connect(m_files, &FileActions::statusMessage, this, showStatus);
    connect(m_files, &FileActions::dataImported, this, [this] {
        if (m_today)
            m_today->refresh();
        if (m_year)
            m_year->reload();
    });

    m_ui->stack->setCurrentWidget(m_workspace);
    const Page last = m_settings.value(AppSettings::Key::LastPage).toString() == u"year"_s ? Page::Year : Page::Today;
    {
        QSignalBlocker block(m_pageList);
        m_pageList->setCurrentRow(-1);
    }
    showPage(last);
    updateStatus();
    updateActions();
}

void MainWindow::signOut()
{
    if (!m_backend)
        return;
    delete m_sharingDialog;
    delete m_preferencesDialog;
    delete m_files;
    delete m_today;
    delete m_year;
    m_files = nullptr;
    m_today = nullptr;
    m_year = nullptr;
    (void)m_backend->signOut();
    m_backend.reset();
    m_signIn->forgetKeptSession(); // the next start asks for the password
    m_signIn->reset(tr("You are signed out."), false);
    m_ui->stack->setCurrentWidget(m_signIn);
    updateStatus();
    updateActions();
    updateBusy();
}

void MainWindow::sessionEnded()
{
    if (!m_backend)
        return;
    signOut();
    m_signIn->reset(tr("The server ended your session, for example after a password change. Log in again."));
}

void MainWindow::showPage(Page page)
{
    if (!m_backend)
        return;
    m_pageList->setCurrentRow(page == Page::Year ? 1 : 0);
    m_pages->currentWidget()->setFocus();
}

MainWindow::Page MainWindow::currentPage() const
{
    return m_pageList->currentRow() == 1 ? Page::Year : Page::Today;
}

void MainWindow::updateStatus()
{
    if (!m_backend) {
        m_whoLabel->setText(tr("Not signed in"));
        return;
    }
    const QString who = m_backend->session().username;
    m_whoLabel->setText(m_backend->location() == client::Location::ThisComputer
                            ? tr("Signed in as %1 on this computer").arg(who)
                            : tr("Signed in as %1 at %2").arg(who, m_backend->address()));
}

void MainWindow::updateShareStatus(const client::ShareStatus& status)
{
    const QString url = ShareAddress::url(status);
    m_shareLabel->setText(status.address == QHostAddress(QHostAddress::LocalHost)
                              ? tr("Shared with this computer only at %1").arg(url)
                              : tr("Shared on the network at %1").arg(url));
    m_shareLabel->setVisible(!url.isEmpty());
}

void MainWindow::updateActions()
{
    const bool signedIn = m_backend != nullptr;
    const bool local = signedIn && m_backend->location() == client::Location::ThisComputer;
    const bool admin = local && m_backend->session().isAdmin;
    m_ui->actionSignOut->setEnabled(signedIn);
    m_ui->actionExportBoard->setEnabled(signedIn);
    m_ui->actionExportData->setEnabled(signedIn);
    m_ui->actionImportData->setEnabled(signedIn);
    m_ui->actionToday->setEnabled(signedIn);
    m_ui->actionYear->setEnabled(signedIn);
    m_ui->actionPreferences->setEnabled(signedIn);
    m_ui->actionSharing->setEnabled(admin);
    m_ui->actionSharing->setToolTip(admin ? tr("Share this computer's Moodboard on the network")
                                          : tr("Only the administrator of this computer's Moodboard can share it"));
    m_ui->actionSharing->setStatusTip(m_ui->actionSharing->toolTip());
}

void MainWindow::updateBusy()
{
    m_spinner->setRunning(m_backend && (m_backend->isBusy() || (m_files && m_files->isBusy())));
}

SharingDialog* MainWindow::openSharing()
{
    if (!m_backend || !m_ui->actionSharing->isEnabled())
        return nullptr;
    if (!m_sharingDialog) {
        m_sharingDialog =
            new SharingDialog(m_settings, m_connector.local().sharing(), m_backend->session().username, this);
        m_sharingDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_sharingDialog->open();
    return m_sharingDialog;
}

PreferencesDialog* MainWindow::openPreferences()
{
    if (!m_backend)
        return nullptr;
    if (!m_preferencesDialog) {
        m_preferencesDialog = new PreferencesDialog(*m_backend, this);
        m_preferencesDialog->setAttribute(Qt::WA_DeleteOnClose);
        if (m_backend->location() == client::Location::ThisComputer)
            m_preferencesDialog->addMailSettings(m_settings, m_connector.local(), *m_mailPassword);
        connect(m_preferencesDialog, &PreferencesDialog::saved, this, [this] {
            if (m_today)
                m_today->refresh();
            if (m_year)
                m_year->reload();
        });
    }
    m_preferencesDialog->open();
    return m_preferencesDialog;
}

void MainWindow::showAbout()
{
    auto* box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About Moodboard"));
    const int logo = fontMetrics().height() * 4;
    box->setIconPixmap(QIcon(u":/icons/moodboard.svg"_s).pixmap(QSize(logo, logo)));
    box->setText(tr("<h3>Moodboard %1</h3><p>Record how you feel, up to twice a day, and see your year at a "
                    "glance.</p>")
                     .arg(QStringLiteral(MOODBOARD_VERSION)));
    box->setInformativeText(tr("Free software under the GNU General Public License, version 3. Built with Qt %1.")
                                .arg(QString::fromLatin1(qVersion())));
    box->setStandardButtons(QMessageBox::Ok);
    box->open();
}

void MainWindow::saveWindow()
{
    m_settings.setValue(AppSettings::Key::WindowGeometry, saveGeometry());
    m_settings.setValue(AppSettings::Key::WindowState, saveState());
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveWindow();
    QMainWindow::closeEvent(event);
}

} // namespace mood::gui
