#include "PreferencesDialog.h"

#include "Backend.h"
#include "Deliver.h"
#include "ErrorText.h"
#include "MailSettingsBox.h"
#include "ui_PreferencesDialog.h"

#include <QCompleter>
#include <QPushButton>
#include <QTimeZone>

namespace mood::gui {

using namespace Qt::StringLiterals;

namespace {
QList<QByteArray> ianaZones()
{
    QList<QByteArray> zones;
    for (const QByteArray& id : QTimeZone::availableTimeZoneIds()) {
        // Qt also lists offset names ("UTC+05:00"): the profile takes IANA names only.
        if (!id.startsWith("UTC+") && !id.startsWith("UTC-"))
            zones.append(id);
    }
    return zones;
}
} // namespace

PreferencesDialog::PreferencesDialog(client::Backend& backend, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PreferencesDialog>())
    , m_backend(backend)
{
    m_ui->setupUi(this);
    m_ui->timeZoneHint->setForegroundRole(QPalette::PlaceholderText);
    setMinimumWidth(fontMetrics().averageCharWidth() * 64);
    const QByteArray system = QTimeZone::systemTimeZoneId();
    for (const QByteArray& zone : ianaZones()) {
        const QString id = QString::fromUtf8(zone);
        m_ui->timeZoneCombo->addItem(zone == system ? tr("%1 (this computer's)").arg(id) : id, zone);
    }
    m_ui->timeZoneCombo->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_ui->timeZoneCombo->completer()->setFilterMode(Qt::MatchContains);
    m_ui->timeZoneCombo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_ui->timeZoneCombo->setCurrentIndex(m_ui->timeZoneCombo->findData(system));

    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] { save(true); });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, [this] { save(false); });
    load();
}

PreferencesDialog::~PreferencesDialog() = default;

void PreferencesDialog::addMailSettings(AppSettings& settings, client::LocalInstance& instance, MailPassword& password)
{
    if (m_mail)
        return;
    m_mail = new MailSettingsBox(settings, instance, m_backend, password, this);
    m_ui->mainLayout->insertWidget(1, m_mail);
}

void PreferencesDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_ui->spinner->setRunning(busy);
    const bool usable = !busy && m_loaded;
    m_ui->timeZoneCombo->setEnabled(usable);
    m_ui->emailEdit->setEnabled(usable);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(usable);
    m_ui->buttonBox->button(QDialogButtonBox::Apply)->setEnabled(usable);
}

void PreferencesDialog::load()
{
    setBusy(true);
    client::deliver(m_backend.profile(), this, [this](const client::Result<client::Profile>& profile) {
        if (!profile) {
            setBusy(false);
            m_ui->messageLabel->setText(ErrorText::describe(profile.error(), ErrorText::Action::Load));
            return;
        }
        m_loaded = true;
        display(*profile);
        setBusy(false);
    });
}

void PreferencesDialog::display(const client::Profile& profile)
{
    m_profile = profile;
    int index = m_ui->timeZoneCombo->findData(profile.timeZone);
    if (index < 0) {
        m_ui->timeZoneCombo->addItem(QString::fromUtf8(profile.timeZone), profile.timeZone);
        index = m_ui->timeZoneCombo->count() - 1;
    }
    m_ui->timeZoneCombo->setCurrentIndex(index);
    m_ui->emailEdit->setText(profile.email);
}

QByteArray PreferencesDialog::chosenZone() const
{
    // What is typed wins: a zone id, or an item's text; anything else goes to the backend as typed (and is
    // refused there with a message, rather than silently ignored here).
    const QString typed = m_ui->timeZoneCombo->currentText().trimmed();
    if (const int byId = m_ui->timeZoneCombo->findData(typed.toUtf8()); byId >= 0)
        return typed.toUtf8();
    if (const int byText = m_ui->timeZoneCombo->findText(typed); byText >= 0)
        return m_ui->timeZoneCombo->itemData(byText).toByteArray();
    return typed.toUtf8();
}

void PreferencesDialog::save(bool thenClose)
{
    if (m_busy || !m_loaded)
        return;
    if (m_mail)
        m_mail->save();
    client::ProfileChanges changes;
    const QByteArray zone = chosenZone();
    if (zone != m_profile.timeZone)
        changes.timeZone = zone;
    const QString email = m_ui->emailEdit->text().trimmed();
    if (email != m_profile.email)
        changes.email = email;
    if (!changes.timeZone && !changes.email) {
        m_ui->messageLabel->clear();
        if (thenClose)
            accept();
        return;
    }
    setBusy(true);
    m_ui->messageLabel->setText(tr("Saving\u2026"));
    client::deliver(
        m_backend.updateProfile(changes), this, [this, thenClose](const client::Result<client::Profile>& profile) {
            setBusy(false);
            if (!profile) {
                m_ui->messageLabel->setText(ErrorText::describe(profile.error(), ErrorText::Action::Profile));
                return;
            }
            display(*profile);
            m_ui->messageLabel->setText(tr("Saved."));
            emit saved(*profile);
            if (thenClose)
                accept();
        });
}

} // namespace mood::gui
