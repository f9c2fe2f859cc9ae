#pragma once

#include "ShareHost.h"

#include <QDialog>

#include <memory>

namespace Ui {
class SharingDialog;
}

namespace mood::gui {

class AppSettings;

// Sharing… (this computer, admin only): the embedded server on or off, where it listens, its port, the address
// others type, a plain warning, and the instance's rules (new accounts, back-fill window). Nothing is kept as
// chosen until the server and the database said yes.
class SharingDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SharingDialog)

public:
    SharingDialog(AppSettings& settings, client::ShareHost& host, const QString& admin, QWidget* parent = nullptr);
    ~SharingDialog() override;

    bool isBusy() const { return m_pending > 0; }

signals:
    void applied(); // everything chosen is in effect and saved

private:
    void apply(bool thenClose);
    void finishOne(bool thenClose);
    client::ShareSettings chosen() const;
    void showStatus(const client::ShareStatus& status);
    void updateEnabled();
    void setBusy(bool busy);

    std::unique_ptr<Ui::SharingDialog> m_ui;
    AppSettings& m_settings;
    client::ShareHost& m_host;
    QString m_admin;
    int m_pending = 0;
    QStringList m_errors;
    bool m_rulesLoaded = false;
};

} // namespace mood::gui
