#pragma once

#include "ApiContext.h"
#include "Router.h"

namespace mood::api {

// POST /activity, POST /feed/<u> (follow, unfollow), GET /feed/<u>, GET /feed/<u>/friends.
class FeedController final
{
public:
    explicit FeedController(ApiContext context);
    void addRoutes(Router& router);

    ApiResponse postActivity(ApiRequest& request);
    ApiResponse follow(ApiRequest& request);
    ApiResponse feed(ApiRequest& request);
    ApiResponse friendsFeed(ApiRequest& request);

    // The five keys of the contract: actor, datetime ("YYYY-MM-DDTHH:MM:SS", UTC), object, target, verb.

private:
    enum class Which { Own, Friends };
    ApiResponse page(ApiRequest& request, Which which);

    ApiContext m_context;
};

} // namespace mood::api
