#include "SharingDialog.h"

#include "AppSettings.h"
#include "Deliver.h"
#include "ErrorText.h"
#include "ShareAddress.h"
#include "ui_SharingDialog.h"

#include <QPushButton>
#include <QStyle>

namespace mood::gui {

using namespace Qt::StringLiterals;

SharingDialog::SharingDialog(AppSettings& settings, client::ShareHost& host, const QString& admin, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SharingDialog>())
    , m_settings(settings)
    , m_host(host)
    , m_admin(admin)
{
    m_ui->setupUi(this);
    const int icon = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_ui->warningIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(icon));
    m_ui->backfillSpin->setSuffix(tr(" days"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 64); // the warning reads as a paragraph, not a column

    m_ui->addressCombo->addItem(tr("This computer only"), u"localhost"_s);
    m_ui->addressCombo->addItem(tr("All networks"), u"any"_s);
    for (const QHostAddress& address : ShareAddress::machineAddresses())
        m_ui->addressCombo->addItem(tr("Only %1").arg(address.toString()), address.toString());

    const client::ShareSettings saved = m_settings.shareSettings();
    m_ui->shareCheck->setChecked(saved.enabled);
    const int index = m_ui->addressCombo->findData(AppSettings::addressKey(saved.address));
    m_ui->addressCombo->setCurrentIndex(index >= 0 ? index : 0);
    m_ui->portSpin->setValue(saved.port);
    m_ui->backfillSpin->setValue(m_settings.value(AppSettings::Key::BackfillDays).toInt());
    showStatus(m_host.status());
    m_ui->statusLabel->clear();

    connect(m_ui->shareCheck, &QCheckBox::toggled, this, &SharingDialog::updateEnabled);
    connect(&m_host, &client::ShareHost::statusChanged, this, &SharingDialog::showStatus);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] { apply(true); });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, [this] { apply(false); });

    // The rules live in the database: read them before they can be changed.
    setBusy(true);
    m_pending = 1;
    client::deliver(m_host.rules(), this, [this](const client::Result<client::InstanceRules>& rules) {
        m_pending = 0;
        setBusy(false);
        if (!rules) {
            m_ui->statusLabel->setText(ErrorText::describe(rules.error(), ErrorText::Action::Load));
            return;
        }
        m_rulesLoaded = true;
        m_ui->registrationCheck->setChecked(rules->registrationOpen);
        m_ui->backfillSpin->setValue(rules->backfillDays);
        updateEnabled();
    });
    updateEnabled();
}

SharingDialog::~SharingDialog() = default;

client::ShareSettings SharingDialog::chosen() const
{
    client::ShareSettings settings;
    settings.enabled = m_ui->shareCheck->isChecked();
    settings.address = AppSettings::addressFromKey(m_ui->addressCombo->currentData().toString());
    settings.port = static_cast<quint16>(m_ui->portSpin->value());
    return settings;
}

void SharingDialog::updateEnabled()
{
    const bool idle = m_pending == 0;
    const bool sharing = m_ui->shareCheck->isChecked();
    m_ui->shareCheck->setEnabled(idle);
    m_ui->addressCombo->setEnabled(idle && sharing);
    m_ui->portSpin->setEnabled(idle && sharing);
    m_ui->rulesBox->setEnabled(idle && m_rulesLoaded);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(idle && m_rulesLoaded);
    m_ui->buttonBox->button(QDialogButtonBox::Apply)->setEnabled(idle && m_rulesLoaded);
}

void SharingDialog::setBusy(bool busy)
{
    m_ui->spinner->setRunning(busy);
    updateEnabled();
}

void SharingDialog::showStatus(const client::ShareStatus& status)
{
    const QString url = ShareAddress::url(status);
    if (url.isEmpty())
        m_ui->shareAddressLabel->setText(tr("Not shared"));
    else if (status.address == QHostAddress(QHostAddress::LocalHost))
        m_ui->shareAddressLabel->setText(tr("%1 (this computer only)").arg(url));
    else
        m_ui->shareAddressLabel->setText(url);
}

void SharingDialog::apply(bool thenClose)
{
    if (m_pending > 0 || !m_rulesLoaded)
        return;
    m_errors.clear();
    m_pending = 2;
    setBusy(true);
    const client::ShareSettings settings = chosen();
    m_ui->statusLabel->setText(settings.enabled ? tr("Starting the server\u2026") : tr("Applying\u2026"));
    client::deliver(m_host.apply(settings), this,
                    [this, settings, thenClose](const client::Result<client::ShareStatus>& result) {
                        if (result) {
                            m_settings.setShareSettings(settings);
                            showStatus(*result);
                        } else {
                            m_errors.append(ErrorText::describe(result.error(), ErrorText::Action::Share));
                        }
                        finishOne(thenClose);
                    });
    const client::InstanceRules rules{m_ui->registrationCheck->isChecked(), m_ui->backfillSpin->value()};
    client::deliver(m_host.setRules(m_admin, rules), this,
                    [this, thenClose](const client::Result<client::InstanceRules>& result) {
                        if (result)
                            m_settings.setValue(AppSettings::Key::BackfillDays, result->backfillDays);
                        else
                            m_errors.append(ErrorText::describe(result.error(), ErrorText::Action::Share));
                        finishOne(thenClose);
                    });
}

void SharingDialog::finishOne(bool thenClose)
{
    if (--m_pending > 0)
        return;
    setBusy(false);
    m_settings.sync();
    if (!m_errors.isEmpty()) {
        m_ui->statusLabel->setText(m_errors.join(u' '));
        return;
    }
    m_ui->statusLabel->setText(m_host.status().running ? tr("Shared. Others can now use the address above.")
                                                       : tr("Not shared: only you use this Moodboard."));
    emit applied();
    if (thenClose)
        accept();
}

} // namespace mood::gui
