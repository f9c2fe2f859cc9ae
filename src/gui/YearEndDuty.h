#pragma once

#include <QObject>
#include <QTimer>

namespace mood::client {
class LocalInstance;
}

namespace mood::gui {

class AppSettings;
class MailPassword;

// This computer's year-end duties while the app runs, as the headless server does them (yearend::YearEndPass):
// at start and then hourly, mail the boards of the year that ended last when SMTP is set in Preferences (each
// user once, through the ledger), then apply the retention setting. Runs on the local instance's pool.
class YearEndDuty final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YearEndDuty)

public:
    static constexpr int kIntervalMs = 3600 * 1000;

    YearEndDuty(AppSettings& settings, client::LocalInstance& local, MailPassword& password, QObject* parent = nullptr);

    void runNow(); // one pass, unless one is still running
    bool isRunning() const { return m_running; }

signals:
    void report(const QString& message); // for the status bar: what was mailed, or why not
    void finished();                     // a pass is done (mail and retention)

private:
    void runWith(const QString& password);

    AppSettings& m_settings;
    client::LocalInstance& m_local;
    MailPassword& m_password;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace mood::gui
