#pragma once

#include "ApiContext.h"
#include "Router.h"

namespace mood::api {

// POST /activity, POST /feed/<u> (follow, unfollow), GET /feed/<u>, GET /feed/<u>/friends,
// GET /feed/<u>/following, GET /feed/<u>/followers. Who may read what: AccessPolicy.
class FeedController final
{
public:
    explicit FeedController(ApiContext context);
    void addRoutes(Router& router);

    ApiResponse postActivity(ApiRequest& request);
    ApiResponse follow(ApiRequest& request);
    ApiResponse feed(ApiRequest& request);
    ApiResponse friendsFeed(ApiRequest& request);
    ApiResponse following(ApiRequest& request);
    ApiResponse followers(ApiRequest& request);

    // The five keys of the contract: actor, datetime ("YYYY-MM-DDTHH:MM:SS", UTC), object, target, verb.

private:
    enum class Which { Own, Friends, Following, Followers };
    // The user the path names, or the 404 (or 503) to answer.
    std::optional<User> ownerOf(const ApiRequest& request, std::optional<ApiResponse>* failure) const;
    ApiResponse page(ApiRequest& request, Which which);
    ApiResponse users(ApiRequest& request, Which which);

    ApiContext m_context;
};

} // namespace mood::api
