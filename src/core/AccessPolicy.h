#pragma once

#include "FollowService.h"
#include "Result.h"
#include "User.h"

#include <optional>

namespace mood {

// Who may read or change what: the one place that decides it, for the HTTP controllers and the desktop's local
// client alike. The answers are Forbidden errors whose texts the API shows as they are.
//
//   admin      reads every user's events, UI logs and feeds; changes instance settings; creates accounts
//              when registration is closed
//   self       reads and changes their own moods, profile, follows, events, UI logs and feeds
//   follower   reads the activities of the users they follow, as each user's share level allows
//   anyone     registers while registration is open
class AccessPolicy final
{
public:
    explicit AccessPolicy(const FollowService& follows);

    // Events (CONTRACTS.md section 2): the poster whose events the caller may read; nothing: all of them.
    static std::optional<qint64> eventScope(const User& caller);
    // UI logs (section 3): the user name whose logs the caller may read; nothing: all of them.
    static std::optional<QString> uiLogScope(const User& caller);
    static Status mayWriteUiLogOf(const User& caller, const QString& userName);

    // The feed (section 4).
    Status mayReadFeedOf(const User& caller, const User& owner) const; // self, admin, a follower
    static Status mayReadFriendsFeedOf(const User& caller, const User& owner);
    static Status mayReadFollowingOf(const User& caller, const User& owner);
    static Status mayReadFollowersOf(const User& caller, const User& owner);
    static Status mayChangeFollowsOf(const User& caller, const QString& follower);
    static Status mayPublishAs(const User& caller, const User& actor);

    static Status mayChangeInstance(const User& caller);
    // caller: the signed-in user, if any. Open registration admits anyone; closed, only the admin.
    static Status mayRegister(const std::optional<User>& caller, bool registrationOpen);

private:
    const FollowService& m_follows;
};

} // namespace mood
