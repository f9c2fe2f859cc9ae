#include "ActivityStore.h"

#include "User.h"

namespace mood {

using namespace Qt::StringLiterals;

ActivityStore::ActivityStore(const Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<Activity> ActivityStore::add(qint64 actorId, const QString& verb, const std::optional<QString>& object,
                                    const QString& target)
{
    const QDateTime now = m_clock.now();
    return m_database.write([&](const QSqlDatabase& db) { return addIn(db, actorId, verb, object, target, now); });
}

Result<Activity> ActivityStore::addIn(const QSqlDatabase& db, qint64 actorId, const QString& verb,
                                      const std::optional<QString>& object, const QString& target, const QDateTime& now)
{
    auto actor = sql::exec(db, u"SELECT username FROM users WHERE id = ?"_s, {actorId});
    if (!actor)
        return actor.error();
    if (!actor->next())
        return Error{ErrorKind::NotFound, u"no such user"_s};
    Activity activity;
    activity.actor = actor->value(0).toString();
    actor->finish();
    activity.verb = verb;
    activity.object = object;
    activity.target = target;
    activity.datetime = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC);
    auto inserted = sql::exec(
        db,
        u"INSERT INTO activities (actor_id, verb, object_text, target, created_at)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id"_s,
        {actorId, verb, object ? QVariant(*object) : QVariant(), target, activity.datetime.toSecsSinceEpoch()});
    if (!inserted)
        return inserted.error();
    if (!inserted->next())
        return Error{ErrorKind::Storage, u"database error: no id for the new activity"_s};
    activity.id = inserted->value(0).toLongLong();
    return activity;
}

Status ActivityStore::appendIn(const Database& database, const QSqlDatabase& db, qint64 actorId, const QString& verb,
                               const std::optional<QString>& object, const QString& target, const QDateTime& now)
{
    return database.run(db,
                        u"INSERT INTO activities (actor_id, verb, object_text, target, created_at)"
                        " VALUES (?, ?, ?, ?, ?)"_s,
                        {actorId, verb, object ? QVariant(*object) : QVariant(), target, now.toSecsSinceEpoch()});
}

Result<FeedPage> ActivityStore::feedOf(qint64 userId, const FeedRequest& request) const
{
    return page(u"p.actor_id = ?"_s, userId, request);
}

Result<FeedPage> ActivityStore::friendsFeedOf(qint64 userId, const FeedRequest& request) const
{
    return page(u"p.actor_id IN (SELECT followee_id FROM follows WHERE follower_id = ?)"_s, userId, request);
}

Result<FeedPage> ActivityStore::page(const QString& actorCondition, qint64 userId, const FeedRequest& request) const
{
    const int perPage = std::max(1, request.perPage);
    const qint64 offset = static_cast<qint64>(std::max(1, request.page) - 1) * perPage;
    // Each actor's share level as it is now, not as it was when the activity was written: lowering it hides
    // the moods (or milestones) posted before, raising it shows them again.
    // The page's ids first, from activities_actor_verb alone (no table row for the rows a deep page skips), then
    // the rows of those ids only.
    QString statement = u"SELECT a.id, u.username, a.verb, a.object_text, a.target, a.created_at"
                        " FROM activities a JOIN users u ON u.id = a.actor_id WHERE a.id IN (SELECT p.id"
                        " FROM activities p JOIN users pu ON pu.id = p.actor_id WHERE "_s
        + actorCondition + u" AND (p.verb <> ? OR pu.share_level = ?) AND (p.verb <> ? OR pu.share_level <> ?)"_s;
    QVariantList params{userId, verbs::logged, shareLevelName(ShareLevel::Moods), verbs::reached,
                        shareLevelName(ShareLevel::None)};
    if (request.before) {
        statement += u" AND p.id < ?"_s;
        params.append(*request.before);
    }
    statement += u" ORDER BY p.id DESC LIMIT ? OFFSET ?) ORDER BY a.id DESC"_s;
    params << perPage + 1 << offset; // one extra row tells whether a next page exists

    return m_database.read([&](const QSqlDatabase& db) { return pageIn(db, statement, params, perPage, offset); });
}

Result<FeedPage> ActivityStore::pageIn(const QSqlDatabase& db, const QString& statement, const QVariantList& params,
                                       int perPage, qint64 offset) const
{
    auto found = m_database.prepared(db, statement, params);
    if (!found)
        return found.error();
    QSqlQuery* q = &**found;
    FeedPage result;
    while (q->next()) {
        if (result.items.size() == perPage) {
            result.hasNext = true;
            break;
        }
        Activity a;
        a.id = q->value(0).toLongLong();
        a.actor = q->value(1).toString();
        a.verb = q->value(2).toString();
        if (!q->value(3).isNull())
            a.object = q->value(3).toString();
        a.target = q->value(4).toString();
        a.datetime = QDateTime::fromSecsSinceEpoch(q->value(5).toLongLong(), Qt::UTC);
        result.items.append(a);
    }
    result.hasPrevious = offset > 0;
    return result;
}

} // namespace mood
