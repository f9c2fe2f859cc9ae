#include "FeedController.h"

#include "ActivityJson.h"
#include "ApiErrors.h"
#include "BodyValidator.h"
#include "JsonWriter.h"
#include "QueryInteger.h"
#include "RequestShapes.h"

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

ApiResponse noUser(const QString& name)
{
    return errors::make(kFamily, 404, u"no user named "_s + name);
}

// A query parameter that must be a positive whole number when present.
std::optional<ApiResponse> positiveQuery(const ApiRequest& request, const QString& key, qint64* out)
{
    const QueryInteger number = QueryInteger::read(request, key, 1, std::numeric_limits<qint64>::max(), true);
    if (number.invalid())
        return bad(u"'%1' must be a positive integer"_s.arg(key));
    if (!number.absent())
        *out = number.value;
    return std::nullopt;
}

// The paging parameters of the feeds and the user lists: page (default 1), per_page (default 20, at most 100).
std::optional<ApiResponse> pagingFrom(const ApiRequest& request, qint64* page, int* perPage)
{
    qint64 size = kDefaultPerPage;
    if (auto invalid = positiveQuery(request, u"page"_s, page))
        return invalid;
    if (auto invalid = positiveQuery(request, u"per_page"_s, &size))
        return invalid;
    *perPage = static_cast<int>(std::min<qint64>(size, kMaxPerPage));
    return std::nullopt;
}

int pageNumber(qint64 page)
{
    return static_cast<int>(std::min<qint64>(page, std::numeric_limits<int>::max())); // past the end
}

// The absolute URL of this request with other values for some parameters (an empty value drops it); other
// parameters keep their order, new ones come last.
QString urlWith(const ApiRequest& request, const QList<QPair<QString, QString>>& changes)
{
    QStringList items;
    QStringList done;
    const auto encode = [](const QString& text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); };
    const auto changed = [&](const QString& key) -> const QPair<QString, QString>* {
        for (const auto& change : changes) {
            if (change.first == key)
                return &change;
        }
        return nullptr;
    };
    for (const auto& [key, value] : request.query.queryItems(QUrl::FullyDecoded)) {
        if (const auto* change = changed(key)) {
            if (done.contains(key))
                continue;
            done.append(key);
            if (!change->second.isEmpty())
                items.append(key + u'=' + change->second);
        } else {
            items.append(encode(key) + u'=' + encode(value));
        }
    }
    for (const auto& [key, value] : changes) {
        if (!done.contains(key) && !value.isEmpty())
            items.append(key + u'=' + value);
    }
    const QString path = QString::fromLatin1(QUrl::toPercentEncoding(request.path, "/"));
    return request.baseUrl + path + u'?' + items.join(u'&');
}

QString pageUrl(const ApiRequest& request, qint64 page)
{
    return urlWith(request, {{u"page"_s, QString::number(page)}});
}

// next_url and previous_url, when there is such a page.
void addPageLinks(const ApiRequest& request, qint64 page, bool hasNext, bool hasPrevious, QJsonObject* body)
{
    if (hasNext)
        body->insert(u"next_url"_s, pageUrl(request, page + 1));
    if (hasPrevious)
        body->insert(u"previous_url"_s, pageUrl(request, page - 1));
}
} // namespace

FeedController::FeedController(ApiContext context)
    : m_context(context)
{
}

void FeedController::addRoutes(Router& router)
{
    router.add({"POST", u"/activity"_s, kFamily, true, u"Publish an activity"_s,
                bindTo(this, &FeedController::postActivity), &shapes::activityInput()});
    router.add({"POST", u"/feed/<arg>"_s, kFamily, true, u"Follow or unfollow a user"_s,
                bindTo(this, &FeedController::follow), &shapes::followChange()});
    router.add(
        {"GET", u"/feed/<arg>"_s, kFamily, true, u"A user's own activities"_s, bindTo(this, &FeedController::feed)});
    router.add({"GET", u"/feed/<arg>/friends"_s, kFamily, true, u"Activities of the users someone follows"_s,
                bindTo(this, &FeedController::friendsFeed)});
    router.add({"GET", u"/feed/<arg>/following"_s, kFamily, true, u"The users someone follows"_s,
                bindTo(this, &FeedController::following)});
    router.add({"GET", u"/feed/<arg>/followers"_s, kFamily, true, u"The users who follow someone"_s,
                bindTo(this, &FeedController::followers)});
}

ApiResponse FeedController::postActivity(ApiRequest& request)
{
    if (auto refused = BodyValidator::admit(request, shapes::activityInput(), kFamily))
        return *refused;
    const QJsonObject body = request.json.toObject();
    const QJsonValue object = body.value(u"object"_s);
    const QString actor = body.value(u"actor"_s).toString();
    const QString verb = body.value(u"verb"_s).toString();
    const QString target = body.value(u"target"_s).toString();

    UserService& users = m_context.services.users;
    const auto actorUser = users.findByName(actor);
    if (!actorUser)
        return errors::fromDomain(kFamily, actorUser.error());
    if (!actorUser->has_value())
        return errors::make(kFamily, 404, u"no actor named "_s + actor);
    if (Status allowed = AccessPolicy::mayPublishAs(*request.user, **actorUser); !allowed)
        return errors::fromDomain(kFamily, allowed.error());
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
    if (Status allowed = AccessPolicy::mayChangeFollowsOf(*request.user, follower); !allowed)
        return errors::fromDomain(kFamily, allowed.error());
    if (auto refused = BodyValidator::admit(request, shapes::followChange(), kFamily))
        return *refused;
    const QJsonObject body = request.json.toObject();
    const QString action = body.contains(u"follow"_s) || !body.contains(u"unfollow"_s) ? u"follow"_s : u"unfollow"_s;
    const QString name = body.value(action).toString();
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

std::optional<User> FeedController::ownerOf(const ApiRequest& request, std::optional<ApiResponse>* failure) const
{
    const QString name = request.args.value(0);
    const auto owner = m_context.services.users.findByName(name);
    if (!owner) {
        *failure = errors::fromDomain(kFamily, owner.error());
        return std::nullopt;
    }
    if (!owner->has_value()) {
        *failure = noUser(name);
        return std::nullopt;
    }
    return **owner;
}

ApiResponse FeedController::page(ApiRequest& request, Which which)
{
    std::optional<ApiResponse> failure;
    const auto owner = ownerOf(request, &failure);
    if (!owner)
        return *failure;
    const AccessPolicy& access = m_context.services.access;
    const Status allowed = which == Which::Own ? access.mayReadFeedOf(*request.user, *owner)
                                               : AccessPolicy::mayReadFriendsFeedOf(*request.user, *owner);
    if (!allowed)
        return errors::fromDomain(kFamily, allowed.error());

    qint64 page = 1;
    qint64 before = 0;
    FeedRequest feedRequest;
    if (auto invalid = pagingFrom(request, &page, &feedRequest.perPage))
        return *invalid;
    if (auto invalid = positiveQuery(request, u"before"_s, &before))
        return *invalid;
    feedRequest.page = pageNumber(page);
    if (request.hasQuery(u"before"_s))
        feedRequest.before = before;

    ActivityStore& store = m_context.services.activities;
    const auto result =
        which == Which::Own ? store.feedOf(owner->id, feedRequest) : store.friendsFeedOf(owner->id, feedRequest);
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
    ApiResponse response = ApiResponse::json(200, writer.endObject().take());
    if (result->hasNext) {
        // The stable cursor of the next page (superset): `before` is the id of this page's last activity, and
        // paging by it is not shifted by activities written meanwhile. next_url keeps its page number.
        const QString cursor = QString::number(result->items.last().id);
        response.headers.append(
            {"Link",
             "<" + urlWith(request, {{u"before"_s, cursor}, {u"page"_s, QString()}}).toUtf8() + ">; rel=\"next\""});
    }
    return response;
}

ApiResponse FeedController::following(ApiRequest& request)
{
    return users(request, Which::Following);
}

ApiResponse FeedController::followers(ApiRequest& request)
{
    return users(request, Which::Followers);
}

ApiResponse FeedController::users(ApiRequest& request, Which which)
{
    std::optional<ApiResponse> failure;
    const auto owner = ownerOf(request, &failure);
    if (!owner)
        return *failure;
    const Status allowed = which == Which::Following ? AccessPolicy::mayReadFollowingOf(*request.user, *owner)
                                                     : AccessPolicy::mayReadFollowersOf(*request.user, *owner);
    if (!allowed)
        return errors::fromDomain(kFamily, allowed.error());
    qint64 page = 1;
    int perPage = kDefaultPerPage;
    if (auto invalid = pagingFrom(request, &page, &perPage))
        return *invalid;
    const FollowService& follows = m_context.services.follows;
    const auto result = which == Which::Following ? follows.followingPage(owner->id, pageNumber(page), perPage)
                                                  : follows.followersPage(owner->id, pageNumber(page), perPage);
    if (!result)
        return errors::fromDomain(kFamily, result.error());
    QJsonObject body{{u"users"_s, QJsonArray::fromStringList(result->names)}};
    addPageLinks(request, page, result->hasNext, result->hasPrevious, &body);
    return ApiResponse::json(200, body);
}

} // namespace mood::api
