#include "YearEndDuty.h"

#include "BoardMail.h"
#include "Deliver.h"
#include "MailPassword.h"
#include "MailSettingsBox.h"

namespace mood::gui {

YearEndDuty::YearEndDuty(AppSettings& settings, client::LocalInstance& local, MailPassword& password, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_local(local)
    , m_password(password)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &YearEndDuty::runNow);
    m_timer.start();
}

void YearEndDuty::runNow()
{
    if (m_running)
        return;
    m_running = true;
    const MailConfig config = MailSettingsBox::config(m_settings);
    if (!config.isSet())
        return runWith({});
    m_password.read(MailConfig::account(config.smtpUrl), [this](const QString& secret, bool) { runWith(secret); });
}

void YearEndDuty::runWith(const QString& password)
{
    MailConfig config = MailSettingsBox::config(m_settings);
    config.password = password;
    client::deliver(
        BoardMail::yearEnd(m_local, config), this, [this](const client::Result<yearend::PassOutcome>& pass) {
            m_running = false;
            if (!pass) {
                emit report(tr("The year-end duties could not run: %1").arg(pass.error().detail));
            } else if (pass->mail && !*pass->mail) {
                emit report(tr("The year-end boards could not be mailed: %1").arg(pass->mail->error().message));
            } else if (pass->mail && ((*pass->mail)->sent() > 0 || (*pass->mail)->failed() > 0)) {
                const yearend::RunSummary& summary = **pass->mail;
                emit report(tr("Year-end boards of %1: %2 sent, %3 not sent")
                                .arg(summary.year)
                                .arg(summary.sent())
                                .arg(summary.failed()));
            } else if (pass->retention && !*pass->retention) {
                emit report(tr("Old moods could not be removed: %1").arg(pass->retention->error().message));
            }
            emit finished();
        });
}

} // namespace mood::gui
