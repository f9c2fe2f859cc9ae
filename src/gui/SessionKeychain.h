#pragma once

#include "ClientTypes.h"

#include <QObject>
#include <QString>

#include <functional>

namespace mood::gui {

// The bearer token of "Stay signed in", in the OS keychain through QtKeychain (DESKTOP.md section 2): only when
// the build has QtKeychain and a keychain answers. Never in QSettings, never logged. Every call is asynchronous
// (QtKeychain runs one job at a time, in the order asked); done runs on this object's thread, and not at all
// once this object is gone. The jobs themselves belong to nobody and end on their own, so a window that closes
// while the keychain thinks never leaves one pointing at freed memory.
class SessionKeychain final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionKeychain)

public:
    enum class Answer {
        Found,       // token set
        Missing,     // the keychain answers but holds nothing for the account
        Refused,     // the keychain answers but would not give it out (locked, access denied)
        Unavailable, // no keychain here (none built in, no Secret Service / KWallet running)
    };
    using ReadHandler = std::function<void(Answer, const QByteArray& token)>;
    using WriteHandler = std::function<void(bool done)>;

    explicit SessionKeychain(QObject* parent = nullptr);

    static bool built(); // whether this build has QtKeychain at all

    // The keychain entry of one account: where (this computer's database file, or the shared Moodboard's address
    // as Backend::address() says it) and who.
    static QString account(client::Location location, const QString& place, const QString& username);

    void read(const QString& account, ReadHandler done);
    // Whether a keychain answers, without touching any stored entry (reads one that is never written).
    void probe(std::function<void(bool available)> done);
    void write(const QString& account, const QByteArray& token, WriteHandler done = {});
    void remove(const QString& account, WriteHandler done = {}); // done(true) also when there was nothing
};

} // namespace mood::gui
