#include "AppSettings.h"

namespace mood::gui {

using namespace Qt::StringLiterals;

namespace {
struct KeyInfo {
    const char16_t* name;
    QVariant defaultValue;
};

KeyInfo info(AppSettings::Key key)
{
    switch (key) {
    case AppSettings::Key::SignInLocation:
        return {u"signIn/location", u"local"_s};
    case AppSettings::Key::SignInServer:
        return {u"signIn/server", QString()};
    case AppSettings::Key::SignInUsername:
        return {u"signIn/username", QString()};
    case AppSettings::Key::SignInStay:
        return {u"signIn/staySignedIn", false};
    case AppSettings::Key::WindowGeometry:
        return {u"window/geometry", QByteArray()};
    case AppSettings::Key::WindowState:
        return {u"window/state", QByteArray()};
    case AppSettings::Key::LastPage:
        return {u"window/lastPage", u"today"_s};
    case AppSettings::Key::ShareEnabled:
        return {u"sharing/enabled", false};
    case AppSettings::Key::ShareAddress:
        return {u"sharing/address", u"localhost"_s};
    case AppSettings::Key::SharePort:
        return {u"sharing/port", 5000};
    case AppSettings::Key::BackfillDays:
        return {u"instance/backfillDays", 7};
    case AppSettings::Key::Palette:
        return {u"appearance/palette", u"standard"_s};
    case AppSettings::Key::MailSmtpUrl:
        return {u"mail/smtpUrl", QString()};
    case AppSettings::Key::MailFrom:
        return {u"mail/from", QString()};
    }
    return {u"unknown", QVariant()};
}
} // namespace

AppSettings::AppSettings(std::unique_ptr<QSettings> backend, QObject* parent)
    : QObject(parent)
    , m_backend(std::move(backend))
{
}

AppSettings::~AppSettings()
{
    m_backend->sync();
}

QVariant AppSettings::value(Key key) const
{
    const KeyInfo k = info(key);
    return m_backend->value(QString::fromUtf16(k.name), k.defaultValue);
}

void AppSettings::setValue(Key key, const QVariant& value)
{
    if (this->value(key) == value)
        return;
    m_backend->setValue(QString::fromUtf16(info(key).name), value);
    emit changed(key);
}

void AppSettings::sync()
{
    m_backend->sync();
}

client::Location AppSettings::signInLocation() const
{
    return value(Key::SignInLocation).toString() == u"shared"_s ? client::Location::SharedMoodboard
                                                                : client::Location::ThisComputer;
}

void AppSettings::setSignInLocation(client::Location location)
{
    setValue(Key::SignInLocation, location == client::Location::SharedMoodboard ? u"shared"_s : u"local"_s);
}

QString AppSettings::addressKey(const QHostAddress& address)
{
    if (address == QHostAddress(QHostAddress::LocalHost))
        return u"localhost"_s;
    if (address == QHostAddress(QHostAddress::Any))
        return u"any"_s;
    return address.toString();
}

QHostAddress AppSettings::addressFromKey(const QString& key)
{
    if (key == u"any"_s)
        return QHostAddress(QHostAddress::Any);
    QHostAddress address;
    if (key == u"localhost"_s || !address.setAddress(key))
        return QHostAddress(QHostAddress::LocalHost);
    return address;
}

client::ShareSettings AppSettings::shareSettings() const
{
    client::ShareSettings settings;
    settings.enabled = value(Key::ShareEnabled).toBool();
    settings.address = addressFromKey(value(Key::ShareAddress).toString());
    bool ok = false;
    const int port = value(Key::SharePort).toInt(&ok);
    settings.port = ok && port >= 0 && port <= 65535 ? static_cast<quint16>(port) : 5000;
    return settings;
}

void AppSettings::setShareSettings(const client::ShareSettings& settings)
{
    setValue(Key::ShareEnabled, settings.enabled);
    setValue(Key::ShareAddress, addressKey(settings.address));
    setValue(Key::SharePort, settings.port);
}

render::MoodPalette::Kind AppSettings::paletteKind() const
{
    return value(Key::Palette).toString() == u"colourBlindSafe"_s ? render::MoodPalette::Kind::ColourBlindSafe
                                                                  : render::MoodPalette::Kind::Standard;
}

} // namespace mood::gui
