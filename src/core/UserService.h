#pragma once

#include "Clock.h"
#include "Database.h"
#include "PasswordHasher.h"
#include "Result.h"
#include "User.h"

#include <QStringList>

namespace mood {

class UserService final
{
public:
    UserService(const Database& database, const Clock& clock, const PasswordHasher& hasher);

    // The first user of an instance becomes its admin. Time zone: the instance machine's.
    Result<User> registerUser(const QString& username, const QString& password);
    // The user when the password matches; NotFound for an unknown name or a wrong password alike.
    Result<User> authenticate(const QString& username, const QString& password) const;

    Result<std::optional<User>> findByName(const QString& username) const;
    Result<std::optional<User>> findById(qint64 id) const;
    Result<QStringList> searchByPrefix(const QString& prefix, int limit = 20) const;
    Result<qint64> count() const;

    Status changePassword(qint64 userId, const QString& newPassword);
    Status setEmail(qint64 userId, const QString& email); // empty clears it
    // Moves the user's days into the new zone: stored days and streaks are recomputed with it.
    Status setTimeZone(qint64 userId, const QByteArray& ianaId);
    Status setShareLevel(qint64 userId, ShareLevel level);

    static Status validateUsername(const QString& username);
    static Status validatePassword(const QString& password);
    static Status validateEmail(const QString& email);
    static Status validateTimeZone(const QByteArray& ianaId);

private:
    Status updateColumn(qint64 userId, const QString& column, const QVariant& value);

    const Database& m_database;
    const Clock& m_clock;
    const PasswordHasher& m_hasher;
};

} // namespace mood
