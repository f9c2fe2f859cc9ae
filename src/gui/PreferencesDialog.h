#pragma once

#include "ClientTypes.h"

#include <QDialog>

#include <memory>

namespace Ui {
class PreferencesDialog;
}

namespace mood::client {
class Backend;
class LocalInstance;
} // namespace mood::client

namespace mood::gui {

class AppSettings;
class MailPassword;
class MailSettingsBox;

// Preferences… (first part): the time zone, from the IANA list with the system's marked, and the email address.
// Loaded from and saved to the profile through the backend; a later issue adds the rest of DESKTOP.md's list.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    explicit PreferencesDialog(client::Backend& backend, QWidget* parent = nullptr);
    ~PreferencesDialog() override;

    bool isBusy() const { return m_busy; }
    // This computer's Moodboard: the "Year-end board by email" section, saved with OK and Apply.
    void addMailSettings(AppSettings& settings, client::LocalInstance& instance, MailPassword& password);
    MailSettingsBox* mailSettings() const { return m_mail; }

signals:
    void saved(const mood::client::Profile& profile);

private:
    void load();
    void display(const client::Profile& profile);
    void save(bool thenClose);
    void setBusy(bool busy);
    QByteArray chosenZone() const;

    std::unique_ptr<Ui::PreferencesDialog> m_ui;
    client::Backend& m_backend;
    client::Profile m_profile;
    bool m_loaded = false;
    bool m_busy = false;
    MailSettingsBox* m_mail = nullptr;
};

} // namespace mood::gui
