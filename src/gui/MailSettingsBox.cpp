#include "MailSettingsBox.h"

#include "AppSettings.h"
#include "Backend.h"
#include "BoardMail.h"
#include "BusySpinner.h"
#include "Deliver.h"
#include "MailPassword.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>

namespace mood::gui {

using namespace Qt::StringLiterals;

MailSettingsBox::MailSettingsBox(AppSettings& settings, client::LocalInstance& instance, client::Backend& backend,
                                 MailPassword& password, QWidget* parent)
    : QGroupBox(tr("Year-end board by email"), parent)
    , m_settings(settings)
    , m_instance(instance)
    , m_backend(backend)
    , m_password(password)
    , m_url(new QLineEdit(this))
    , m_from(new QLineEdit(this))
    , m_secret(new QLineEdit(this))
    , m_secretHint(new QLabel(this))
    , m_send(new QPushButton(tr("Send me my board now"), this))
    , m_spinner(new BusySpinner(this))
    , m_message(new QLabel(this))
{
    setObjectName(u"mailBox"_s);
    m_url->setObjectName(u"smtpUrlEdit"_s);
    m_url->setAccessibleName(tr("SMTP server"));
    m_url->setPlaceholderText(tr("smtp://user@mail.example.org:587"));
    m_from->setObjectName(u"senderEdit"_s);
    m_from->setAccessibleName(tr("Sender address"));
    m_from->setPlaceholderText(tr("Moodboard <moodboard@example.org>"));
    m_secret->setObjectName(u"smtpPasswordEdit"_s);
    m_secret->setAccessibleName(tr("SMTP password"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_send->setObjectName(u"sendBoardButton"_s);
    m_message->setAccessibleDescription(tr("Mail message"));
    m_message->setWordWrap(true);
    m_secretHint->setWordWrap(true);
    m_secretHint->setForegroundRole(QPalette::PlaceholderText);

    auto* intro = new QLabel(tr("On 1 January, everyone on this computer who has an email address gets their board "
                                "of the past year, once. Moodboard sends it on its first start after the year ended."),
                             this);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);
    auto* form = new QFormLayout;
    form->addRow(tr("SMTP &server:"), m_url);
    form->addRow(tr("Sen&der:"), m_from);
    form->addRow(tr("Pass&word:"), m_secret);
    form->addRow(QString(), m_secretHint);
    auto* sendRow = new QHBoxLayout;
    sendRow->addWidget(m_send);
    sendRow->addWidget(m_spinner);
    sendRow->addWidget(m_message, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(sendRow);

    const MailConfig stored = config(settings);
    m_url->setText(stored.smtpUrl);
    m_from->setText(stored.from);
    m_secretHint->setText(MailPassword::keychainBuilt()
                              ? tr("The password is kept in your system's keychain.")
                              : tr("No keychain is available: the password is kept only until Moodboard quits."));
    if (stored.isSet()) {
        m_password.read(MailConfig::account(stored.smtpUrl), [this](const QString& secret, bool) {
            if (m_secret->text().isEmpty())
                m_secret->setText(secret);
        });
    }
    connect(m_send, &QPushButton::clicked, this, &MailSettingsBox::sendNow);
}

MailConfig MailSettingsBox::config(const AppSettings& settings)
{
    MailConfig out;
    out.smtpUrl = settings.value(AppSettings::Key::MailSmtpUrl).toString();
    out.from = settings.value(AppSettings::Key::MailFrom).toString();
    return out;
}

MailConfig MailSettingsBox::typed() const
{
    MailConfig out;
    // A password typed into the URL goes to the keychain, never to the settings.
    QUrl url(m_url->text().trimmed());
    out.password = url.password().isEmpty() ? m_secret->text() : url.password(QUrl::FullyDecoded);
    url.setPassword(QString());
    out.smtpUrl = m_url->text().trimmed().isEmpty() ? QString() : url.toString();
    out.from = m_from->text().trimmed();
    return out;
}

QString MailSettingsBox::message() const
{
    return m_message->text();
}

void MailSettingsBox::save()
{
    const MailConfig config = typed();
    m_url->setText(config.smtpUrl);
    m_secret->setText(config.password);
    m_settings.setValue(AppSettings::Key::MailSmtpUrl, config.smtpUrl);
    m_settings.setValue(AppSettings::Key::MailFrom, config.from);
    if (config.isSet())
        m_password.write(MailConfig::account(config.smtpUrl), config.password, [](bool) {});
}

void MailSettingsBox::setBusy(bool busy)
{
    m_busy = busy;
    m_spinner->setRunning(busy);
    m_send->setEnabled(!busy);
}

void MailSettingsBox::show(bool ok, const QString& text)
{
    m_message->setForegroundRole(ok ? QPalette::WindowText : QPalette::BrightText);
    m_message->setText(ok ? text : u"\u26a0 "_s + text);
}

void MailSettingsBox::sendNow()
{
    if (m_busy)
        return;
    const MailConfig config = typed();
    if (!config.isSet()) {
        show(false, tr("Enter the SMTP server first."));
        return;
    }
    setBusy(true);
    show(true, tr("Sending\u2026"));
    // The current year's board while it has moods, otherwise last year's.
    client::deliver(m_backend.board(0), this, [this, config](const client::Result<client::Board>& board) {
        if (!board) {
            setBusy(false);
            show(false, tr("Your board could not be read: %1").arg(board.error().detail));
            return;
        }
        const int year =
            board->days.isEmpty() && board->yearsWithData.contains(board->year - 1) ? board->year - 1 : board->year;
        client::deliver(BoardMail::sendNow(m_instance, m_backend.session().username, year, config), this,
                        [this, year](const client::Result<QString>& sent) {
                            setBusy(false);
                            if (sent)
                                show(true, tr("Your board of %1 was sent to %2.").arg(year).arg(*sent));
                            else
                                show(false, tr("The mail was not sent: %1").arg(sent.error().detail));
                        });
    });
}

} // namespace mood::gui
