#include "FollowService.h"

#include "Activity.h"
#include "ActivityStore.h"

namespace mood {

using namespace Qt::StringLiterals;

namespace {
struct Pair {
    qint64 follower = 0;
    qint64 followee = 0;
};

Result<qint64> userId(const QSqlDatabase& db, const QString& name)
{
    auto q = sql::exec(db, u"SELECT id FROM users WHERE username = ?"_s, {name});
    if (!q)
        return q.error();
    if (!q->next())
        return Error{ErrorKind::NotFound, u"no user named "_s + name};
    return q->value(0).toLongLong();
}

Result<Pair> resolve(const QSqlDatabase& db, const QString& follower, const QString& followee)
{
    if (followee.isEmpty())
        return Error{ErrorKind::Invalid, u"user to follow not specified"_s};
    if (follower == followee)
        return Error{ErrorKind::Invalid, u"user cannot follow himself"_s};
    const auto followerId = userId(db, follower);
    if (!followerId)
        return followerId.error();
    const auto followeeId = userId(db, followee);
    if (!followeeId)
        return followeeId.error();
    return Pair{*followerId, *followeeId};
}
} // namespace

FollowService::FollowService(const Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{
}

Status FollowService::follow(const QString& follower, const QString& followee)
{
    const QDateTime now = m_clock.now();
    return m_database.write([&](const QSqlDatabase& db) -> Status {
        const auto pair = resolve(db, follower, followee);
        if (!pair)
            return pair.error();
        // ON CONFLICT DO NOTHING instead of check-then-insert: concurrent duplicates cannot slip through.
        auto inserted = sql::exec(db,
                                  u"INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)"
                                  " ON CONFLICT (follower_id, followee_id) DO NOTHING"_s,
                                  {pair->follower, pair->followee, now.toSecsSinceEpoch()});
        if (!inserted)
            return inserted.error();
        if (inserted->numRowsAffected() == 0)
            return Error{ErrorKind::Conflict, u"%1 already follows %2"_s.arg(follower, followee)};
        if (auto a = ActivityStore::addIn(db, pair->follower, verbs::followed, std::nullopt, followee, now); !a)
            return a.error();
        return success();
    });
}

Status FollowService::unfollow(const QString& follower, const QString& followee)
{
    return m_database.write([&](const QSqlDatabase& db) -> Status {
        const auto pair = resolve(db, follower, followee);
        if (!pair)
            return pair.error();
        auto deleted = sql::exec(db, u"DELETE FROM follows WHERE follower_id = ? AND followee_id = ?"_s,
                                 {pair->follower, pair->followee});
        if (!deleted)
            return deleted.error();
        if (deleted->numRowsAffected() == 0)
            return Error{ErrorKind::Conflict, u"cannot unfollow, no such follow exists"_s};
        return success();
    });
}

Result<bool> FollowService::isFollowing(const QString& follower, const QString& followee) const
{
    return m_database.read([&](const QSqlDatabase& db) -> Result<bool> {
        auto n = sql::scalar(db,
                             u"SELECT COUNT(*) FROM follows f JOIN users a ON a.id = f.follower_id"
                             " JOIN users b ON b.id = f.followee_id WHERE a.username = ? AND b.username = ?"_s,
                             {follower, followee});
        if (!n)
            return n.error();
        return *n > 0;
    });
}

Result<QStringList> FollowService::followees(const QString& follower) const
{
    return names(u"SELECT b.username FROM follows f JOIN users a ON a.id = f.follower_id"
                 " JOIN users b ON b.id = f.followee_id WHERE a.username = ? ORDER BY "_s
                     + m_database.byteOrder(u"b.username"_s),
                 follower);
}

Result<QStringList> FollowService::followers(const QString& followee) const
{
    return names(u"SELECT a.username FROM follows f JOIN users a ON a.id = f.follower_id"
                 " JOIN users b ON b.id = f.followee_id WHERE b.username = ? ORDER BY "_s
                     + m_database.byteOrder(u"a.username"_s),
                 followee);
}

Result<QStringList> FollowService::names(const QString& statement, const QString& user) const
{
    return m_database.read([&](const QSqlDatabase& db) -> Result<QStringList> {
        auto q = sql::exec(db, statement, {user});
        if (!q)
            return q.error();
        QStringList result;
        while (q->next())
            result.append(q->value(0).toString());
        return result;
    });
}

Result<NamePage> FollowService::followingPage(qint64 userId, int page, int perPage) const
{
    return namePage(u"SELECT b.username FROM follows f JOIN users b ON b.id = f.followee_id"
                    " WHERE f.follower_id = ? ORDER BY "_s
                        + m_database.byteOrder(u"b.username"_s),
                    userId, page, perPage);
}

Result<NamePage> FollowService::followersPage(qint64 userId, int page, int perPage) const
{
    return namePage(u"SELECT a.username FROM follows f JOIN users a ON a.id = f.follower_id"
                    " WHERE f.followee_id = ? ORDER BY "_s
                        + m_database.byteOrder(u"a.username"_s),
                    userId, page, perPage);
}

Result<NamePage> FollowService::namePage(const QString& statement, qint64 userId, int page, int perPage) const
{
    const int size = std::max(1, perPage);
    const qint64 offset = static_cast<qint64>(std::max(1, page) - 1) * size;
    return m_database.read([&](const QSqlDatabase& db) -> Result<NamePage> {
        // One extra row tells whether a next page exists.
        auto q = sql::exec(db, statement + u" LIMIT ? OFFSET ?"_s, {userId, size + 1, offset});
        if (!q)
            return q.error();
        NamePage result;
        while (q->next()) {
            if (result.names.size() == size) {
                result.hasNext = true;
                break;
            }
            result.names.append(q->value(0).toString());
        }
        result.hasPrevious = offset > 0;
        return result;
    });
}

} // namespace mood
