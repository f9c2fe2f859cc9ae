#pragma once

#include "Clock.h"
#include "Database.h"
#include "PasswordHasher.h"
#include "Result.h"
#include "User.h"

#include <QStringList>
#include <QTimeZone>

namespace mood {

// A profile edit: only the fields that are set change.
struct ProfileChanges {
    std::optional<QString> email; // empty clears it
    std::optional<QByteArray> timeZone;
    std::optional<ShareLevel> shareLevel;
    std::optional<QString> password; // also revokes the user's bearer tokens; needs currentPassword
    std::optional<QString> currentPassword;

    bool isEmpty() const { return !email && !timeZone && !shareLevel && !password; }
};

// A user with the stored password hash, for checking a login.
struct StoredCredentials {
    User user;
    QString passwordHash;
};

class UserService final
{
public:
    UserService(const Database& database, const Clock& clock, const PasswordHasher& hasher);

    // The first user of an instance becomes its admin. Time zone: the instance machine's.
    Result<User> registerUser(const QString& username, const QString& password);
    // The user when the password matches; NotFound for an unknown name or a wrong password alike, at the
    // same cost (an unknown name is checked against a dummy hash).
    Result<User> authenticate(const QString& username, const QString& password) const;
    // One query: the user and the stored hash, which changes whenever the password does.
    Result<std::optional<StoredCredentials>> findCredentials(const QString& username) const;

    Result<std::optional<User>> findByName(const QString& username) const;
    Result<std::optional<User>> findById(qint64 id) const;
    // The owner of a bearer token that has not expired (TokenStore's rule), in one query: every Bearer request asks.
    Result<std::optional<User>> findByToken(const QString& token) const;
    Result<QStringList> searchByPrefix(const QString& prefix, int limit = 20) const;
    // The least string above every string that starts with prefix, in code point order; nothing when none is.
    static std::optional<QString> prefixSuccessor(const QString& prefix);
    Result<qint64> count() const;

    // All or nothing: every value is checked first, then one transaction applies them and reads the profile
    // back. A new time zone applies to moods recorded from then on: the days of stored entries never change.
    // A new password needs the current one (Forbidden when it is missing or wrong): a stolen token is not enough.
    Result<User> updateProfile(qint64 userId, const ProfileChanges& changes);
    Status changePassword(qint64 userId, const QString& currentPassword, const QString& newPassword);
    // Sets a password without the current one: for the instance owner's tools and tests, never for a client.
    Status resetPassword(qint64 userId, const QString& newPassword);
    Status setEmail(qint64 userId, const QString& email);
    Status setTimeZone(qint64 userId, const QByteArray& ianaId);
    Status setShareLevel(qint64 userId, ShareLevel level);

    static Status validateUsername(const QString& username);
    static Status validatePassword(const QString& password);
    static Status validateEmail(const QString& email);
    static Status validateTimeZone(const QByteArray& ianaId);

private:
    Result<User> update(qint64 userId, const ProfileChanges& changes);
    static Status validateProfile(const ProfileChanges& changes);
    Status checkCurrentPassword(qint64 userId, const std::optional<QString>& currentPassword) const;
    static Result<User> applyProfileChanges(const QSqlDatabase& db, qint64 userId, const ProfileChanges& changes,
                                            const QString& passwordHash);

    const Database& m_database;
    const Clock& m_clock;
    const PasswordHasher& m_hasher;
};

} // namespace mood
