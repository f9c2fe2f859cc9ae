#pragma once

#include <QGroupBox>

class QLabel;
class QLineEdit;
class QPushButton;

namespace mood::client {
class Backend;
class LocalInstance;
} // namespace mood::client

namespace mood::gui {

class AppSettings;
class BusySpinner;
class MailPassword;
struct MailConfig;

// Preferences → "Year-end board by email" (this computer's Moodboard): the SMTP server, the sender, the password
// (QtKeychain, never QSettings), and "Send me my board now", which mails the signed-in user's board with the
// settings as typed. With SMTP set, the app mails every user's board of a year that ended on its next start.
class MailSettingsBox final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MailSettingsBox)

public:
    MailSettingsBox(AppSettings& settings, client::LocalInstance& instance, client::Backend& backend,
                    MailPassword& password, QWidget* parent = nullptr);

    void save(); // URL and sender to the settings, the password to the keychain
    void sendNow();
    bool isBusy() const { return m_busy; }
    QString message() const;
    static MailConfig config(const AppSettings& settings); // without the password

private:
    MailConfig typed() const;
    void setBusy(bool busy);
    void show(bool ok, const QString& text);

    AppSettings& m_settings;
    client::LocalInstance& m_instance;
    client::Backend& m_backend;
    MailPassword& m_password;
    QLineEdit* m_url;
    QLineEdit* m_from;
    QLineEdit* m_secret;
    QLabel* m_secretHint;
    QPushButton* m_send;
    BusySpinner* m_spinner;
    QLabel* m_message;
    bool m_busy = false;
};

} // namespace mood::gui
