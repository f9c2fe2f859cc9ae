#include "UserService.h"

#include "StreakRanking.h"
#include "TokenStore.h"

#include <QRegularExpression>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
const QString kUserColumns = u"id, username, email, timezone, share_level, is_admin, longest_streak, created_at"_s;

User userFromRow(const QSqlQuery& q)
{
    User user;
    user.id = q.value(0).toLongLong();
    user.username = q.value(1).toString();
    user.email = q.value(2).toString();
    user.timeZone = q.value(3).toString().toUtf8();
    user.shareLevel = shareLevelFromName(q.value(4).toString()).value_or(ShareLevel::Milestones);
    user.isAdmin = q.value(5).toInt() != 0;
    user.longestStreak = q.value(6).toInt();
    user.createdAt = q.value(7).toLongLong();
    return user;
}

// The same from rows read through Database::rows (SQLite's C API): for the lookups of every request.
User userFromRows(const sql::Rows& rows)
{
    User user;
    user.id = rows.integer(0);
    user.username = rows.text(1);
    user.email = rows.text(2);
    user.timeZone = rows.utf8(3).toByteArray();
    user.shareLevel = shareLevelFromName(rows.text(4)).value_or(ShareLevel::Milestones);
    user.isAdmin = rows.integer(5) != 0;
    user.longestStreak = static_cast<int>(rows.integer(6));
    user.createdAt = rows.integer(7);
    return user;
}

std::optional<User> firstUser(QSqlQuery* q)
{
    return q->next() ? std::optional<User>(userFromRow(*q)) : std::nullopt;
}

Result<std::optional<User>> findOneIn(const QSqlDatabase& db, const QString& where, const QVariant& key)
{
    auto q = sql::exec(db, u"SELECT "_s + kUserColumns + u" FROM users WHERE "_s + where, {key});
    if (!q)
        return q.error();
    return firstUser(q.operator->());
}

// The lookups every request makes (Bearer tokens, feeds by name): the statement stays prepared.
Result<std::optional<User>> findOne(const Database& database, const QString& where, const QVariant& key)
{
    return database.read([&](const QSqlDatabase& db) -> Result<std::optional<User>> {
        auto q = database.prepared(db, u"SELECT "_s + kUserColumns + u" FROM users WHERE "_s + where, {key});
        if (!q)
            return q.error();
        return firstUser(&**q);
    });
}

Error invalid(const QString& message)
{
    return Error{ErrorKind::Invalid, message};
}
} // namespace

UserService::UserService(const Database& database, const Clock& clock, const PasswordHasher& hasher)
    : m_database(database)
    , m_clock(clock)
    , m_hasher(hasher)
{
}

Status UserService::validateUsername(const QString& username)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9._-]{1,32}\\z"_s);
    if (!pattern.match(username).hasMatch())
        return invalid(u"username must be 1 to 32 characters: letters, digits, '.', '_' or '-'"_s);
    return success();
}

Status UserService::validatePassword(const QString& password)
{
    const qsizetype length = password.toUcs4().size();
    if (length < 8)
        return invalid(u"password must be at least 8 characters long"_s);
    if (length > 1024)
        return invalid(u"password must be at most 1024 characters long"_s);
    return success();
}

Status UserService::validateEmail(const QString& email)
{
    static const QRegularExpression pattern(u"^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+\\z"_s);
    if (!email.isEmpty() && (email.size() > 254 || !pattern.match(email).hasMatch()))
        return invalid(u"'%1' is not a valid email address"_s.arg(email));
    return success();
}

Status UserService::validateTimeZone(const QByteArray& ianaId)
{
    // Qt also knows offset ids such as "UTC+05:00"; the contract asks for IANA names.
    const bool offsetId = ianaId.startsWith("UTC+") || ianaId.startsWith("UTC-");
    if (ianaId.isEmpty() || offsetId || !QTimeZone::isTimeZoneIdAvailable(ianaId))
        return invalid(u"'%1' is not a known IANA time zone"_s.arg(QString::fromUtf8(ianaId)));
    return success();
}

Result<User> UserService::registerUser(const QString& username, const QString& password)
{
    if (Status ok = validateUsername(username); !ok)
        return ok.error();
    if (Status ok = validatePassword(password); !ok)
        return ok.error();
    const QString hash = m_hasher.hash(password); // slow on purpose: outside the transaction

    return m_database.write([&](const QSqlDatabase& db) -> Result<User> {
        if (m_database.dialect() == Dialect::Postgres) {
            // Serialises registrations so exactly one first user becomes admin; readers are not blocked.
            if (auto locked = sql::exec(db, u"LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"_s); !locked)
                return locked.error();
        }
        auto taken = sql::scalar(db, u"SELECT COUNT(*) FROM users WHERE username = ?"_s, {username});
        if (!taken)
            return taken.error();
        if (*taken > 0)
            return Error{ErrorKind::Conflict, u"username '%1' already exists. Please try again."_s.arg(username)};
        auto existing = sql::scalar(db, u"SELECT COUNT(*) FROM users"_s);
        if (!existing)
            return existing.error();

        User user;
        user.username = username;
        user.timeZone = m_clock.systemTimeZoneId();
        user.isAdmin = *existing == 0;
        user.createdAt = m_clock.now().toSecsSinceEpoch();
        auto inserted = sql::exec(db,
                                  u"INSERT INTO users (username, password_hash, timezone, share_level, is_admin,"
                                  " longest_streak, created_at) VALUES (?, ?, ?, ?, ?, 0, ?) RETURNING id"_s,
                                  {username, hash, QString::fromUtf8(user.timeZone), shareLevelName(user.shareLevel),
                                   user.isAdmin ? 1 : 0, user.createdAt});
        if (!inserted)
            return inserted.error();
        if (!inserted->next())
            return Error{ErrorKind::Storage, u"database error: no id for the new user"_s};
        user.id = inserted->value(0).toLongLong();
        inserted->finish();
        if (Status ranked = StreakRanking::addUser(m_database, db); !ranked)
            return ranked.error();
        return user;
    });
}

Result<User> UserService::authenticate(const QString& username, const QString& password) const
{
    const auto found = findCredentials(username);
    if (!found)
        return found.error();
    const bool matches = found->has_value() ? PasswordHasher::verify((*found)->passwordHash, password)
                                            : m_hasher.verifyUnknownUser(password);
    if (!matches)
        return Error{ErrorKind::NotFound, u"wrong username or password"_s};
    return (*found)->user;
}

Result<std::optional<StoredCredentials>> UserService::findCredentials(const QString& username) const
{
    return m_database.read([&](const QSqlDatabase& db) -> Result<std::optional<StoredCredentials>> {
        auto q = m_database.prepared(
            db, u"SELECT "_s + kUserColumns + u", password_hash FROM users WHERE username = ?"_s, {username});
        if (!q)
            return q.error();
        if (!(*q)->next())
            return std::optional<StoredCredentials>();
        const int hashColumn = static_cast<int>(kUserColumns.count(u',')) + 1; // right after the user's columns
        return std::optional<StoredCredentials>(
            StoredCredentials{userFromRow(**q), (*q)->value(hashColumn).toString()});
    });
}

Result<std::optional<User>> UserService::findByName(const QString& username) const
{
    return findOne(m_database, u"username = ?"_s, username);
}

Result<std::optional<User>> UserService::findById(qint64 id) const
{
    return findOne(m_database, u"id = ?"_s, id);
}

Result<std::optional<User>> UserService::findByToken(const QString& token) const
{
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    return m_database.read([&](const QSqlDatabase& db) -> Result<std::optional<User>> {
        auto rows = m_database.rows(db,
                                    u"SELECT "_s + kUserColumns
                                        + u" FROM users WHERE id = (SELECT user_id FROM auth_tokens"
                                          " WHERE token_hash = ? AND expires_at > ?)"_s,
                                    {TokenStore::hashOf(token), now});
        if (!rows)
            return rows.error();
        if (rows->next())
            return std::optional<User>(userFromRows(*rows));
        if (const auto failed = rows->error())
            return *failed;
        return std::optional<User>();
    });
}

Result<QStringList> UserService::searchByPrefix(const QString& prefix, int limit) const
{
    // A range, not substr or LIKE: one index seek however many users there are (SQLite's UNIQUE index, PostgreSQL's
    // users_username_c), no wildcards to escape, case-sensitive and in code point order on both dialects.
    const QString name = m_database.byteOrder(u"username"_s);
    const std::optional<QString> end = prefixSuccessor(prefix);
    const QString statement = u"SELECT username FROM users WHERE "_s + name + u" >= ?"_s
        + (end ? u" AND "_s + name + u" < ?"_s : QString()) + u" ORDER BY "_s + name + u" LIMIT ?"_s;
    QVariantList params{prefix};
    if (end)
        params.append(*end);
    params.append(limit);
    return m_database.read([&](const QSqlDatabase& db) -> Result<QStringList> {
        auto q = m_database.prepared(db, statement, params);
        if (!q)
            return q.error();
        QStringList names;
        while ((*q)->next())
            names.append((*q)->value(0).toString());
        return names;
    });
}

std::optional<QString> UserService::prefixSuccessor(const QString& prefix)
{
    // Code point order is UTF-8 byte order, which both dialects compare by here: the successor is the prefix with
    // its last code point below U+10FFFF raised by one (surrogates are no code points: U+D7FF is followed by U+E000).
    QList<uint> points = prefix.toUcs4();
    while (!points.isEmpty()) {
        const uint last = points.takeLast();
        if (last < 0x10FFFF) {
            points.append(last == 0xD7FF ? 0xE000 : last + 1);
            return QString::fromUcs4(reinterpret_cast<const char32_t*>(points.constData()), points.size());
        }
    }
    return std::nullopt; // empty, or only U+10FFFF: every name from the prefix on starts with it
}

Result<qint64> UserService::count() const
{
    return m_database.read([](const QSqlDatabase& db) { return sql::scalar(db, u"SELECT COUNT(*) FROM users"_s); });
}

namespace {
Status statusOf(const Result<User>& updated)
{
    return updated ? success() : Status(updated.error());
}
} // namespace

Status UserService::changePassword(qint64 userId, const QString& currentPassword, const QString& newPassword)
{
    return statusOf(
        updateProfile(userId, ProfileChanges{std::nullopt, std::nullopt, std::nullopt, newPassword, currentPassword}));
}

Status UserService::resetPassword(qint64 userId, const QString& newPassword)
{
    return statusOf(
        update(userId, ProfileChanges{std::nullopt, std::nullopt, std::nullopt, newPassword, std::nullopt}));
}

Status UserService::checkCurrentPassword(qint64 userId, const std::optional<QString>& currentPassword) const
{
    if (!currentPassword)
        return Error{ErrorKind::Forbidden, u"changing the password needs 'currentPassword', the current one"_s};
    auto stored = m_database.read([&](const QSqlDatabase& db) -> Result<std::optional<QString>> {
        auto q = sql::exec(db, u"SELECT password_hash FROM users WHERE id = ?"_s, {userId});
        if (!q)
            return q.error();
        if (!q->next())
            return std::optional<QString>();
        return std::optional<QString>(q->value(0).toString());
    });
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return Error{ErrorKind::NotFound, u"no such user"_s};
    if (!PasswordHasher::verify(**stored, *currentPassword))
        return Error{ErrorKind::Forbidden, u"the current password is wrong"_s};
    return success();
}

Status UserService::setEmail(qint64 userId, const QString& email)
{
    return statusOf(
        updateProfile(userId, ProfileChanges{email, std::nullopt, std::nullopt, std::nullopt, std::nullopt}));
}

Status UserService::setShareLevel(qint64 userId, ShareLevel level)
{
    return statusOf(
        updateProfile(userId, ProfileChanges{std::nullopt, std::nullopt, level, std::nullopt, std::nullopt}));
}

Status UserService::setTimeZone(qint64 userId, const QByteArray& ianaId)
{
    return statusOf(
        updateProfile(userId, ProfileChanges{std::nullopt, ianaId, std::nullopt, std::nullopt, std::nullopt}));
}

Result<User> UserService::updateProfile(qint64 userId, const ProfileChanges& changes)
{
    if (changes.password) {
        // Invalid values first (400), then who asks (403): a bad edit is refused for what it is.
        ProfileChanges values = changes;
        values.password.reset();
        if (Status ok = validateProfile(values); !ok)
            return ok.error();
        if (Status ok = validatePassword(*changes.password); !ok)
            return ok.error();
        if (Status ok = checkCurrentPassword(userId, changes.currentPassword); !ok)
            return ok.error();
    }
    return update(userId, changes);
}

Status UserService::validateProfile(const ProfileChanges& changes)
{
    if (changes.email) {
        if (Status ok = validateEmail(*changes.email); !ok)
            return ok;
    }
    if (changes.timeZone) {
        if (Status ok = validateTimeZone(*changes.timeZone); !ok)
            return ok;
    }
    if (changes.password) {
        if (Status ok = validatePassword(*changes.password); !ok)
            return ok;
    }
    return success();
}

Result<User> UserService::update(qint64 userId, const ProfileChanges& changes)
{
    if (Status ok = validateProfile(changes); !ok)
        return ok.error();
    const QString hash = changes.password ? m_hasher.hash(*changes.password) : QString(); // outside the transaction

    return m_database.write(
        [&](const QSqlDatabase& db) -> Result<User> { return applyProfileChanges(db, userId, changes, hash); });
}

Result<User> UserService::applyProfileChanges(const QSqlDatabase& db, qint64 userId, const ProfileChanges& changes,
                                              const QString& passwordHash)
{
    auto exists = sql::scalar(db, u"SELECT COUNT(*) FROM users WHERE id = ?"_s, {userId});
    if (!exists)
        return exists.error();
    if (*exists == 0)
        return Error{ErrorKind::NotFound, u"no such user"_s};

    QList<std::pair<QString, QVariantList>> statements;
    if (changes.email)
        statements.append({u"UPDATE users SET email = ? WHERE id = ?"_s, {*changes.email, userId}});
    if (changes.shareLevel) {
        statements.append(
            {u"UPDATE users SET share_level = ? WHERE id = ?"_s, {shareLevelName(*changes.shareLevel), userId}});
    }
    if (changes.password) {
        statements.append({u"UPDATE users SET password_hash = ? WHERE id = ?"_s, {passwordHash, userId}});
    }
    if (changes.timeZone) {
        // Only the zone: the days of entries already recorded stay as they were written (and so do the
        // streaks built on them); the new zone dates the moods recorded from now on.
        statements.append(
            {u"UPDATE users SET timezone = ? WHERE id = ?"_s, {QString::fromUtf8(*changes.timeZone), userId}});
    }
    for (const auto& [statement, params] : std::as_const(statements)) {
        if (auto done = sql::exec(db, statement, params); !done)
            return done.error();
    }
    if (changes.password) {
        if (Status revoked = TokenStore::revokeAllIn(db, userId); !revoked)
            return revoked.error();
    }
    const auto updated = findOneIn(db, u"id = ?"_s, userId);
    if (!updated)
        return updated.error();
    if (!updated->has_value())
        return Error{ErrorKind::NotFound, u"no such user"_s};
    return **updated;
}

} // namespace mood
