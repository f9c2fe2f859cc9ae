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
class SessionKeychain;

// The first thing shown: where the data lives (this computer or a shared Moodboard and its address), username,
// password, Stay signed in, Log in and Create account, and a message line. Remembers the choice, the address and
// the username (never the password). Signing in runs on the backend, never on the GUI thread.
// "Stay signed in" is offered only when a keychain answers (SessionKeychain, asked in the background): signing in
// with it keeps the session's token there, and the next start resumes with that token instead of asking for the
// password; a token the other side no longer accepts is forgotten, one that could not be checked is kept.
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
    // Whether the keychain was asked yet, and whether it answered ("Stay signed in" is offered then).
    bool isKeychainKnown() const { return m_keychainKnown; }
    bool isStayOffered() const { return m_keychainAvailable; }
    void forgetKeptSession(); // signing out: the kept token goes from the keychain

signals:
    void signedIn();
    void keychainChecked(bool available);
    void statusMessage(const QString& message); // after signedIn(): the keychain did not take the token

private:
    void submit(bool createAccount);
    void setBusy(bool busy);
    void showMessage(const QString& message, bool problem = true);
    void networkFailed(const QString& message); // no answer from the server: keeps the password
    void updateLocation();
    client::Location location() const;
    void startKeychain();
    void keychainAnswered(bool available);
    void resumeWith(const QString& account, const QByteArray& token);
    void keepSession(const QString& account);
    void finishSignIn();
    QString accountOf(const client::Backend& backend, const QString& username) const;

    std::unique_ptr<Ui::SignInPage> m_ui;
    AppSettings& m_settings;
    client::Connector& m_connector;
    std::unique_ptr<client::Backend> m_backend; // in flight, then signed in
    SessionKeychain* m_keychain;
    QString m_keptAccount; // the keychain entry that may hold a token of ours
    bool m_busy = false;
    bool m_keychainKnown = false;
    bool m_keychainAvailable = false;
};

} // namespace mood::gui
