#pragma once

#include "Clock.h"
#include "Database.h"
#include "Result.h"

#include <QStringList>

namespace mood {

// One page of user names, sorted by code point.
struct NamePage {
    QStringList names;
    bool hasPrevious = false;
    bool hasNext = false;
};

class FollowService final
{
public:
    FollowService(const Database& database, const Clock& clock);

    // Writes a "followed" activity in the same transaction. Error texts are those of CONTRACTS.md.
    Status follow(const QString& follower, const QString& followee);
    Status unfollow(const QString& follower, const QString& followee);
    Result<bool> isFollowing(const QString& follower, const QString& followee) const;
    Result<QStringList> followees(const QString& follower) const; // sorted
    Result<QStringList> followers(const QString& followee) const; // sorted
    // page from 1, perPage from 1 (callers clamp it): whom the user follows, who follows the user.
    Result<NamePage> followingPage(qint64 userId, int page, int perPage) const;
    Result<NamePage> followersPage(qint64 userId, int page, int perPage) const;

private:
    Result<QStringList> names(const QString& statement, const QString& user) const;
    Result<NamePage> namePage(const QString& statement, qint64 userId, int page, int perPage) const;

    const Database& m_database;
    const Clock& m_clock;
};

} // namespace mood
