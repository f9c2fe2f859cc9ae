#pragma once

#include "ClientTypes.h"
#include "MoodPalette.h"
#include "ShareHost.h"

#include <QObject>
#include <QSettings>
#include <QVariant>

#include <memory>

namespace mood::gui {

// The desktop app's settings, one typed wrapper over QSettings with a single table of keys and defaults.
// Never holds a password.
class AppSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppSettings)

public:
    enum class Key {
        SignInLocation, // "local" | "shared"
        SignInServer,   // the shared Moodboard's address as typed
        SignInUsername,
        SignInStay, // "Stay signed in" (the token is in the keychain, never here)
        WindowGeometry,
        WindowState,
        LastPage,     // "today" | "year"
        ShareEnabled, // the Sharing dialog's choice, applied at start
        ShareAddress, // "localhost" | "any" | one of the machine's addresses
        SharePort,
        BackfillDays, // of this computer's Moodboard
        Palette,      // "standard" | "colourBlindSafe"
        MailSmtpUrl,  // the year-end mail's smtp[s]://[user@]host:port, never with a password (that is in the keychain)
        MailFrom,     // its sender, "Name <address>" or an address
    };

    explicit AppSettings(std::unique_ptr<QSettings> backend, QObject* parent = nullptr);
    ~AppSettings() override;

    QVariant value(Key key) const;
    void setValue(Key key, const QVariant& value); // emits changed() only when the value changes
    void sync();

    client::Location signInLocation() const;
    void setSignInLocation(client::Location location);
    client::ShareSettings shareSettings() const;
    void setShareSettings(const client::ShareSettings& settings);
    render::MoodPalette::Kind paletteKind() const;

    // "localhost" / "any" / an address, and back.
    static QString addressKey(const QHostAddress& address);
    static QHostAddress addressFromKey(const QString& key);

signals:
    void changed(mood::gui::AppSettings::Key key);

private:
    std::unique_ptr<QSettings> m_backend;
};

} // namespace mood::gui
