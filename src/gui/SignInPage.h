#pragma once

#include "ClientTypes.h"

#include <QWidget>

#include <memory>

namespace Ui {
class SignInPage;
}

namespace mood::client {
class Backend;
class Connector;
} // namespace mood::client

namespace mood::gui {

class AppSettings;

// The first thing shown: where the data lives (this computer or a shared Moodboard and its address), username,
// password, Log in and Create account, and a message line. Remembers the choice, the address and the username
// (never the password). Signing in runs on the backend, never on the GUI thread.
class SignInPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInPage)

public:
    SignInPage(AppSettings& settings, client::Connector& connector, QWidget* parent = nullptr);
    ~SignInPage() override;

    // The signed-in backend after signedIn(); the page forgets it.
    std::unique_ptr<client::Backend> takeBackend();
    void reset(const QString& message = {}, bool problem = true); // empty password, a message, ready again
    bool isBusy() const { return m_busy; }

signals:
    void signedIn();

private:
    void submit(bool createAccount);
    void setBusy(bool busy);
    void showMessage(const QString& message, bool problem = true);
    void networkFailed(const QString& message); // no answer from the server: keeps the password
    void updateLocation();
    client::Location location() const;

    std::unique_ptr<Ui::SignInPage> m_ui;
    AppSettings& m_settings;
    client::Connector& m_connector;
    std::unique_ptr<client::Backend> m_backend; // in flight, then signed in
    bool m_busy = false;
};

} // namespace mood::gui
