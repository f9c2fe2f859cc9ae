#pragma once

#include "Activity.h"
#include "Clock.h"
#include "Database.h"
#include "Result.h"

#include <QList>

namespace mood {

struct FeedPage {
    QList<Activity> items; // newest first
    bool hasPrevious = false;
    bool hasNext = false;
};

struct FeedRequest {
    int page = 1;
    int perPage = 20;             // callers clamp to 1..100
    std::optional<qint64> before; // stable cursor: only activities with a smaller id
};

class ActivityStore final
{
public:
    ActivityStore(const Database& database, const Clock& clock);

    Result<Activity> add(qint64 actorId, const QString& verb, const std::optional<QString>& object,
                         const QString& target);
    // Inside the caller's write transaction.
    static Result<Activity> addIn(const QSqlDatabase& db, qint64 actorId, const QString& verb,
                                  const std::optional<QString>& object, const QString& target, const QDateTime& now);
    // The same row, for a caller that already knows the actor exists and needs no Activity back.
    static Status appendIn(const Database& database, const QSqlDatabase& db, qint64 actorId, const QString& verb,
                           const std::optional<QString>& object, const QString& target, const QDateTime& now);

    // What followers see, as each actor's share level decides when the feed is read (not when it was written):
    // `logged` only at "moods", `reached` at "milestones" and "moods".
    Result<FeedPage> feedOf(qint64 userId, const FeedRequest& request) const;        // the user's own
    Result<FeedPage> friendsFeedOf(qint64 userId, const FeedRequest& request) const; // of those they follow

private:
    Result<FeedPage> page(const QString& actorCondition, qint64 userId, const FeedRequest& request) const;
    Result<FeedPage> pageIn(const QSqlDatabase& db, const QString& statement, const QVariantList& params, int perPage,
                            qint64 offset) const;

    const Database& m_database;
    const Clock& m_clock;
};

} // namespace mood
