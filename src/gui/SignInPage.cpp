#include "SignInPage.h"

#include "AppSettings.h"
#include "Backend.h"
#include "Connector.h"
#include "Deliver.h"
#include "ErrorText.h"
#include "LocalInstance.h"
#include "MessageColours.h"
#include "SessionKeychain.h"
#include "ui_SignInPage.h"

#include <QCheckBox>
#include <QIcon>
#include <QRegularExpression>

namespace mood::gui {

using namespace Qt::StringLiterals;

SignInPage::SignInPage(AppSettings& settings, client::Connector& connector, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SignInPage>())
    , m_settings(settings)
    , m_connector(connector)
    , m_keychain(new SessionKeychain(this))
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
    m_ui->staySignedInBox->setChecked(m_settings.value(AppSettings::Key::SignInStay).toBool());
    m_ui->staySignedInBox->hide(); // until a keychain answers
    updateLocation();
    showMessage({});

    connect(m_ui->localRadio, &QRadioButton::toggled, this, &SignInPage::updateLocation);
    connect(m_ui->staySignedInBox, &QCheckBox::toggled, this,
            [this](bool stay) { m_settings.setValue(AppSettings::Key::SignInStay, stay); });
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
    startKeychain();
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
                            static_cast<QWidget*>(m_ui->localRadio), static_cast<QWidget*>(m_ui->sharedRadio),
                            static_cast<QWidget*>(m_ui->staySignedInBox)})
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
    client::deliver(call, this, [this, createAccount, username](const client::Result<client::Session>& result) {
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
        keepSession(accountOf(*m_backend, username));
    });
}

void SignInPage::finishSignIn()
{
    m_ui->passwordEdit->clear();
    setBusy(false);
    showMessage({});
    emit signedIn();
}

QString SignInPage::accountOf(const client::Backend& backend, const QString& username) const
{
    const bool local = backend.location() == client::Location::ThisComputer;
    return SessionKeychain::account(backend.location(),
                                    local ? m_connector.local().databaseLocation() : backend.address(), username);
}

void SignInPage::startKeychain()
{
    if (!SessionKeychain::built())
        return keychainAnswered(false);
    const QString username = m_ui->usernameEdit->text().trimmed();
    client::Error error;
    std::unique_ptr<client::Backend> backend;
    if (m_ui->staySignedInBox->isChecked() && !username.isEmpty())
        backend = m_connector.open(location(), m_ui->serverEdit->text(), &error);
    if (!backend) {
        m_keychain->probe([this](bool available) { keychainAnswered(available); });
        return;
    }
    // Stayed signed in last time: the token, if the keychain still has it, instead of the password.
    const QString account = accountOf(*backend, username);
    m_keptAccount = account;
    m_backend = std::move(backend);
    setBusy(true);
    showMessage(tr("Signing you in again\u2026"), false);
    m_keychain->read(account, [this, account](SessionKeychain::Answer answer, const QByteArray& token) {
        keychainAnswered(answer != SessionKeychain::Answer::Unavailable);
        if (answer == SessionKeychain::Answer::Found)
            return resumeWith(account, token);
        m_backend.reset();
        setBusy(false);
        showMessage(answer == SessionKeychain::Answer::Refused
                        ? tr("The keychain did not give out your saved sign-in. Log in with your password.")
                        : QString());
        m_ui->passwordEdit->setFocus();
    });
}

void SignInPage::keychainAnswered(bool available)
{
    m_keychainKnown = true;
    m_keychainAvailable = available;
    m_ui->staySignedInBox->setVisible(available);
    emit keychainChecked(available);
}

void SignInPage::resumeWith(const QString& account, const QByteArray& token)
{
    client::deliver(m_backend->resume(token), this, [this, account](const client::Result<client::Session>& result) {
        if (result)
            return finishSignIn();
        const client::ErrorKind kind = result.error().kind;
        if (kind == client::ErrorKind::NotSignedIn) {
            // Revoked (signed out elsewhere, a new password) or expired: of no use any more.
            m_keychain->remove(account);
            m_keptAccount.clear();
            reset(tr("Your saved sign-in is no longer valid, for example after a password change. Log in with "
                     "your password."));
            return;
        }
        // Not checked, not refused: kept for the next start.
        const QString why = tr("Your saved sign-in could not be checked. %1")
                                .arg(ErrorText::describe(result.error(), ErrorText::Action::SignIn));
        if (kind == client::ErrorKind::Unreachable || kind == client::ErrorKind::TimedOut
            || kind == client::ErrorKind::ConnectionLost)
            networkFailed(why);
        else
            reset(why);
    });
}

void SignInPage::keepSession(const QString& account)
{
    if (!m_keychainAvailable)
        return finishSignIn();
    const QString previous = std::exchange(m_keptAccount, QString());
    if (!previous.isEmpty() && previous != account)
        m_keychain->remove(previous); // only the remembered account is ever resumed
    if (!m_ui->staySignedInBox->isChecked()) {
        m_keychain->remove(account);
        return finishSignIn();
    }
    client::deliver(m_backend->sessionToken(), this, [this, account](const client::Result<QByteArray>& token) {
        const QString failed = tr("Your sign-in could not be kept in the keychain: Moodboard will ask for your "
                                  "password next time.");
        if (token) {
            m_keptAccount = account;
            m_keychain->write(account, *token, [this, failed](bool written) {
                if (!written)
                    emit statusMessage(failed);
            });
        }
        finishSignIn();
        if (!token)
            emit statusMessage(failed);
    });
}

void SignInPage::forgetKeptSession()
{
    if (!m_keptAccount.isEmpty())
        m_keychain->remove(std::exchange(m_keptAccount, QString()));
}

} // namespace mood::gui
