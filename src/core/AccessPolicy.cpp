#include "AccessPolicy.h"

namespace mood {

using namespace Qt::StringLiterals;

namespace {
Status forbidden(const QString& why)
{
    return Error{ErrorKind::Forbidden, why};
}

bool isSelfOrAdmin(const User& caller, const User& owner)
{
    return caller.isAdmin || caller.id == owner.id;
}
} // namespace

AccessPolicy::AccessPolicy(const FollowService& follows)
    : m_follows(follows)
{
}

std::optional<qint64> AccessPolicy::eventScope(const User& caller)
{
    // The email inside an event is data anyone can type: who posted it is what counts.
    if (caller.isAdmin)
        return std::nullopt;
    return caller.id;
}

std::optional<QString> AccessPolicy::uiLogScope(const User& caller)
{
    if (caller.isAdmin)
        return std::nullopt;
    return caller.username;
}

Status AccessPolicy::mayWriteUiLogOf(const User& caller, const QString& userName)
{
    if (caller.isAdmin || caller.username == userName)
        return success();
    return forbidden(u"you can only write your own UI logs"_s);
}

Status AccessPolicy::mayReadFeedOf(const User& caller, const User& owner) const
{
    if (isSelfOrAdmin(caller, owner))
        return success();
    const auto following = m_follows.isFollowing(caller.username, owner.username);
    if (!following)
        return following.error();
    if (!*following)
        return forbidden(u"only %1 and their followers can read this feed"_s.arg(owner.username));
    return success();
}

Status AccessPolicy::mayReadFriendsFeedOf(const User& caller, const User& owner)
{
    // Followers may read what someone does; what someone reads stays between them and the admin.
    if (isSelfOrAdmin(caller, owner))
        return success();
    return forbidden(u"only %1 can read the feed of the users %1 follows"_s.arg(owner.username));
}

Status AccessPolicy::mayReadFollowingOf(const User& caller, const User& owner)
{
    if (isSelfOrAdmin(caller, owner))
        return success();
    return forbidden(u"only %1 can see whom %1 follows"_s.arg(owner.username));
}

Status AccessPolicy::mayReadFollowersOf(const User& caller, const User& owner)
{
    if (isSelfOrAdmin(caller, owner))
        return success();
    return forbidden(u"only %1 can see who follows %1"_s.arg(owner.username));
}

Status AccessPolicy::mayChangeFollowsOf(const User& caller, const QString& follower)
{
    if (caller.username == follower)
        return success();
    return forbidden(u"you can only change whom you follow yourself"_s);
}

Status AccessPolicy::mayPublishAs(const User& caller, const User& actor)
{
    if (caller.id == actor.id)
        return success();
    return forbidden(u"you can only publish activities as yourself"_s);
}

Status AccessPolicy::mayChangeInstance(const User& caller)
{
    if (caller.isAdmin)
        return success();
    return forbidden(u"only the instance admin can change instance settings"_s);
}

Status AccessPolicy::mayRegister(const std::optional<User>& caller, bool registrationOpen)
{
    if (registrationOpen || (caller && caller->isAdmin))
        return success();
    return forbidden(u"registration is closed on this instance"_s);
}

} // namespace mood
