#pragma once

#include "Clock.h"
#include "Database.h"
#include "Result.h"

#include <QStringList>

namespace mood {

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

private:
    Result<QStringList> names(const QString& statement, const QString& user) const;

    const Database& m_database;
    const Clock& m_clock;
};

} // namespace mood
