#include "SignInPage.h"

#include "AppSettings.h"
#include "Backend.h"
#include "Connector.h"
#include "Deliver.h"
#include "ErrorText.h"
#include "MessageColours.h"
#include "ui_SignInPage.h"

#include <QIcon>
#include <QRegularExpression>

namespace mood::gui {

using namespace Qt::StringLiterals;

SignInPage::SignInPage(AppSettings& settings, client::Connector& connector, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SignInPage>())
    , m_settings(settings)
    , m_connector(connector)
{
    m_ui->setupUi(this);
    const int logo = fontMetrics().height() * 4;
    m_ui->logoLabel->setPixmap(QIcon(u":/icons/moodboard.svg"_s).pixmap(QSize(logo, logo)));
    m_ui->logoLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 2.0);
    title.setBold(true);
    m_ui->titleLabel->setFont(title);
    m_ui->taglineLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->localHint->setForegroundRole(QPalette::PlaceholderText);
    m_ui->sharedHint->setForegroundRole(QPalette::PlaceholderText);
    m_ui->card->setMinimumWidth(fontMetrics().height() * 32);
    m_ui->card->setMaximumWidth(fontMetrics().height() * 38);

    const bool shared = m_settings.signInLocation() == client::Location::SharedMoodboard;
    (shared ? m_ui->sharedRadio : m_ui->localRadio)->setChecked(true);
    m_ui->serverEdit->setText(m_settings.value(AppSettings::Key::SignInServer).toString());
    m_ui->usernameEdit->setText(m_settings.value(AppSettings::Key::SignInUsername).toString());
    updateLocation();
    showMessage({});

    connect(m_ui->localRadio, &QRadioButton::toggled, this, &SignInPage::updateLocation);
    connect(m_ui->logInButton, &QPushButton::clicked, this, [this] { submit(false); });
    connect(m_ui->createAccountButton, &QPushButton::clicked, this, [this] { submit(true); });
    connect(m_ui->passwordEdit, &QLineEdit::returnPressed, this, [this] { submit(false); });
    connect(m_ui->usernameEdit, &QLineEdit::returnPressed, this, [this] {
        if (m_ui->passwordEdit->text().isEmpty())
            m_ui->passwordEdit->setFocus();
        else
            submit(false);
    });
    setFocusProxy(m_ui->usernameEdit->text().isEmpty() ? m_ui->usernameEdit : m_ui->passwordEdit);
}

SignInPage::~SignInPage() = default;

client::Location SignInPage::location() const
{
    return m_ui->sharedRadio->isChecked() ? client::Location::SharedMoodboard : client::Location::ThisComputer;
}

void SignInPage::updateLocation()
{
    m_ui->serverEdit->setEnabled(!m_busy && location() == client::Location::SharedMoodboard);
}

std::unique_ptr<client::Backend> SignInPage::takeBackend()
{
    return std::move(m_backend);
}

void SignInPage::reset(const QString& message, bool problem)
{
    m_backend.reset();
    m_ui->passwordEdit->clear();
    setBusy(false);
    showMessage(message, problem);
    m_ui->passwordEdit->setFocus();
}

void SignInPage::networkFailed(const QString& message)
{
    // The password was not the problem: keep it, and point at the address.
    m_backend.reset();
    setBusy(false);
    showMessage(message);
    m_ui->serverEdit->setFocus();
    m_ui->serverEdit->selectAll();
}

void SignInPage::showMessage(const QString& message, bool problem)
{
    QPalette colours = palette();
    if (problem)
        colours.setColor(QPalette::WindowText, MessageColours::negativeText(colours));
    m_ui->messageLabel->setPalette(colours);
    m_ui->messageLabel->setText(message);
    m_ui->messageLabel->setVisible(!message.isEmpty());
}

void SignInPage::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->spinner->setRunning(busy);
    for (QWidget* widget : {static_cast<QWidget*>(m_ui->logInButton), static_cast<QWidget*>(m_ui->createAccountButton),
                            static_cast<QWidget*>(m_ui->usernameEdit), static_cast<QWidget*>(m_ui->passwordEdit),
                            static_cast<QWidget*>(m_ui->localRadio), static_cast<QWidget*>(m_ui->sharedRadio)})
        widget->setEnabled(!busy);
    updateLocation();
}

void SignInPage::submit(bool createAccount)
{
    if (m_busy)
        return;
    const QString username = m_ui->usernameEdit->text().trimmed();
    const QString password = m_ui->passwordEdit->text();
    if (username.isEmpty()) {
        showMessage(tr("Enter your username."));
        m_ui->usernameEdit->setFocus();
        return;
    }
    if (password.isEmpty()) {
        showMessage(tr("Enter your password."));
        m_ui->passwordEdit->setFocus();
        return;
    }
    if (createAccount) {
        // The server decides, but these rules (CONTRACTS.md) are worth saying before any round trip.
        static const QRegularExpression namePattern(u"^[A-Za-z0-9._-]{1,32}$"_s);
        if (!namePattern.match(username).hasMatch()) {
            showMessage(tr("A username has 1 to 32 letters, digits, '.', '_' or '-'."));
            m_ui->usernameEdit->setFocus();
            return;
        }
        if (password.size() < 8) {
            showMessage(tr("Choose a password of at least 8 characters."));
            m_ui->passwordEdit->setFocus();
            return;
        }
    }

    m_settings.setSignInLocation(location());
    m_settings.setValue(AppSettings::Key::SignInServer, m_ui->serverEdit->text().trimmed());
    m_settings.setValue(AppSettings::Key::SignInUsername, username);

    client::Error error;
    m_backend = m_connector.open(location(), m_ui->serverEdit->text(), &error);
    if (!m_backend) {
        showMessage(error.kind == client::ErrorKind::InvalidInput
                        ? tr("Enter the shared Moodboard's address, for example http://192.168.1.20:5000.")
                        : ErrorText::describe(error, ErrorText::Action::SignIn));
        return;
    }
    setBusy(true);
    showMessage(createAccount ? tr("Creating your account\u2026") : tr("Signing in\u2026"), false);
    const auto call = createAccount ? m_backend->signUp(username, password) : m_backend->signIn(username, password);
    client::deliver(call, this, [this, createAccount](const client::Result<client::Session>& result) {
        if (!result) {
            const auto action = createAccount ? ErrorText::Action::SignUp : ErrorText::Action::SignIn;
            const auto kind = result.error().kind;
            if (kind == client::ErrorKind::Unreachable || kind == client::ErrorKind::TimedOut
                || kind == client::ErrorKind::ConnectionLost)
                networkFailed(ErrorText::describe(result.error(), action));
            else
                reset(ErrorText::describe(result.error(), action));
            return;
        }
        m_ui->passwordEdit->clear();
        setBusy(false);
        showMessage({});
        emit signedIn();
    });
}

} // namespace mood::gui
