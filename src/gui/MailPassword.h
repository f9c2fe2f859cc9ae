#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace mood::gui {

// The SMTP password of the year-end mail: in the OS keychain (QtKeychain) when the build has it and a keychain
// answers, otherwise only in memory until Moodboard quits. Never in QSettings, never logged.
class MailPassword final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MailPassword)

public:
    explicit MailPassword(QObject* parent = nullptr);

    // account: "user@host" of the SMTP URL. done(password, stored) runs on this object's thread; stored says
    // whether the keychain holds it (false: kept in memory only).
    void read(const QString& account, std::function<void(const QString&, bool)> done);
    void write(const QString& account, const QString& password, std::function<void(bool)> done);

    static bool keychainBuilt();

private:
    QString m_memoryAccount;
    QString m_memory;
};

} // namespace mood::gui
