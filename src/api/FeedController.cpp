#include "FeedController.h"

#include "ActivityJson.h"
#include "ApiErrors.h"
#include "JsonInput.h"
#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr Family kFamily = Family::Feed;
constexpr int kDefaultPerPage = 20;
constexpr int kMaxPerPage = 100;

ApiResponse bad(const QString& message)
{
    return errors::make(kFamily, 400, message);
}

ApiResponse badJson()
{
    return bad(u"something wrong with JSON request"_s);
}

ApiResponse noUser(const QString& name)
{
    return errors::make(kFamily, 404, u"no user named "_s + name);
}

// A query parameter that must be a positive whole number when present.
std::optional<ApiResponse> positiveQuery(const ApiRequest& request, const QString& key, qint64* out)
{
    if (!request.hasQuery(key))
        return std::nullopt;
    const QString text = request.queryValue(key);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    static const QRegularExpression huge(u"^0*[1-9][0-9]{18,}$"_s); // positive, but beyond 64 bits
    if (!ok && huge.match(text).hasMatch()) {
        *out = std::numeric_limits<qint64>::max(); // still a positive integer: clamped like per_page above 100
        return std::nullopt;
    }
    if (!ok || value < 1)
        return bad(u"'%1' must be a positive integer"_s.arg(key));
    *out = value;
    return std::nullopt;
}

// The absolute URL of this request with another page number; other parameters keep their order.
QString pageUrl(const ApiRequest& request, qint64 page)
{
    QStringList items;
    bool replaced = false;
    const auto encode = [](const QString& text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); };
    for (const auto& [key, value] : request.query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"page"_s) {
            if (replaced)
                continue;
            replaced = true;
            items.append(u"page="_s + QString::number(page));
        } else {
            items.append(encode(key) + u'=' + encode(value));
        }
    }
    if (!replaced)
        items.append(u"page="_s + QString::number(page));
    const QString path = QString::fromLatin1(QUrl::toPercentEncoding(request.path, "/"));
    return request.baseUrl + path + u'?' + items.join(u'&');
}
} // namespace

FeedController::FeedController(ApiContext context)
    : m_context(context)
{
}

void FeedController::addRoutes(Router& router)
{
    router.add(
        {"POST", u"/activity"_s, kFamily, true, u"Publish an activity"_s, bindTo(this, &FeedController::postActivity)});
    router.add({"POST", u"/feed/<arg>"_s, kFamily, true, u"Follow or unfollow a user"_s,
                bindTo(this, &FeedController::follow)});
    router.add(
        {"GET", u"/feed/<arg>"_s, kFamily, true, u"A user's own activities"_s, bindTo(this, &FeedController::feed)});
    router.add({"GET", u"/feed/<arg>/friends"_s, kFamily, true, u"Activities of the users someone follows"_s,
                bindTo(this, &FeedController::friendsFeed)});
}

ApiResponse FeedController::postActivity(ApiRequest& request)
{
    const auto parsed = json::parse(request.body);
    if (!parsed || !parsed->isObject())
        return badJson();
    const QJsonObject body = parsed->toObject();
    for (const QString& key : {u"actor"_s, u"verb"_s, u"target"_s}) {
        if (!body.value(key).isString())
            return badJson();
    }
    const QJsonValue object = body.value(u"object"_s);
    if (!object.isString() && !object.isNull()) // undefined (missing) is neither
        return badJson();
    const QString actor = body.value(u"actor"_s).toString();
    const QString verb = body.value(u"verb"_s).toString();
    const QString target = body.value(u"target"_s).toString();
    if (json::isBlank(verb))
        return bad(u"empty verb"_s);

    UserService& users = m_context.services.users;
    const auto actorUser = users.findByName(actor);
    if (!actorUser)
        return errors::fromDomain(kFamily, actorUser.error());
    if (!actorUser->has_value())
        return errors::make(kFamily, 404, u"no actor named "_s + actor);
    if ((*actorUser)->id != request.user->id)
        return errors::forbidden(kFamily, u"you can only publish activities as yourself"_s);
    const auto targetUser = users.findByName(target);
    if (!targetUser)
        return errors::fromDomain(kFamily, targetUser.error());
    if (!targetUser->has_value())
        return errors::make(kFamily, 404, u"no target named "_s + target);

    const std::optional<QString> objectText =
        object.isString() ? std::optional<QString>(object.toString()) : std::nullopt;
    const auto added = m_context.services.activities.add(request.user->id, verb, objectText, target);
    if (!added)
        return errors::fromDomain(kFamily, added.error());
    return ApiResponse::json(200, toJson(*added));
}

ApiResponse FeedController::follow(ApiRequest& request)
{
    const QString follower = request.args.value(0);
    if (follower != request.user->username)
        return errors::forbidden(kFamily, u"you can only change whom you follow yourself"_s);
    const auto parsed = json::parse(request.body);
    if (!parsed || !parsed->isObject())
        return badJson();
    const QJsonObject body = parsed->toObject();
    const QString action = body.contains(u"follow"_s) || !body.contains(u"unfollow"_s) ? u"follow"_s : u"unfollow"_s;
    const QJsonValue followee = body.value(action);
    if (!followee.isUndefined() && !followee.isNull() && !followee.isString())
        return badJson();
    const QString name = followee.toString();
    if (name == follower)
        return bad(u"user cannot follow himself"_s);
    if (name.isEmpty())
        return bad(u"user to follow not specified"_s);

    FollowService& follows = m_context.services.follows;
    const Status done = action == u"follow"_s ? follows.follow(follower, name) : follows.unfollow(follower, name);
    if (!done)
        return errors::fromDomain(kFamily, done.error());
    return ApiResponse::json(200, QJsonObject{{action, QJsonObject{{u"followee"_s, name}, {u"follower"_s, follower}}}});
}

ApiResponse FeedController::feed(ApiRequest& request)
{
    return page(request, Which::Own);
}

ApiResponse FeedController::friendsFeed(ApiRequest& request)
{
    return page(request, Which::Friends);
}

ApiResponse FeedController::page(ApiRequest& request, Which which)
{
    const QString name = request.args.value(0);
    const User& caller = *request.user;
    const auto owner = m_context.services.users.findByName(name);
    if (!owner)
        return errors::fromDomain(kFamily, owner.error());
    if (!owner->has_value())
        return noUser(name);
    if (caller.username != name && !caller.isAdmin) {
        // Followers may read what someone does; what someone reads stays between them and the admin.
        if (which == Which::Friends)
            return errors::forbidden(kFamily, u"only %1 can read the feed of the users %1 follows"_s.arg(name));
        const auto following = m_context.services.follows.isFollowing(caller.username, name);
        if (!following)
            return errors::fromDomain(kFamily, following.error());
        if (!*following)
            return errors::forbidden(kFamily, u"only %1 and their followers can read this feed"_s.arg(name));
    }

    qint64 page = 1;
    qint64 perPage = kDefaultPerPage;
    qint64 before = 0;
    const std::initializer_list<std::pair<QString, qint64*>> numbers{
        {u"page"_s, &page}, {u"per_page"_s, &perPage}, {u"before"_s, &before}};
    for (const auto& [key, out] : numbers) {
        if (auto invalid = positiveQuery(request, key, out))
            return *invalid;
    }
    FeedRequest feedRequest;
    feedRequest.page = static_cast<int>(std::min<qint64>(page, std::numeric_limits<int>::max())); // past the end
    feedRequest.perPage = static_cast<int>(std::min<qint64>(perPage, kMaxPerPage));
    if (request.hasQuery(u"before"_s))
        feedRequest.before = before;

    ActivityStore& store = m_context.services.activities;
    const qint64 ownerId = (*owner)->id;
    const auto result =
        which == Which::Own ? store.feedOf(ownerId, feedRequest) : store.friendsFeedOf(ownerId, feedRequest);
    if (!result)
        return errors::fromDomain(kFamily, result.error());
    // Keys as QJsonObject would sort them: the feed, next_url, previous_url.
    JsonWriter writer(64 + result->items.size() * 128);
    writer.beginObject().key(which == Which::Own ? "my_feed"_L1 : "friends_feed"_L1).beginArray();
    for (const Activity& activity : result->items)
        writeJson(writer, activity);
    writer.endArray();
    if (result->hasNext)
        writer.key("next_url"_L1).value(pageUrl(request, page + 1));
    if (result->hasPrevious)
        writer.key("previous_url"_L1).value(pageUrl(request, page - 1));
    return ApiResponse::json(200, writer.endObject().take());
}

} // namespace mood::api
