#pragma once

#include "ApiContext.h"
#include "Router.h"

namespace mood::api {

// GET /health (and its aliases), POST|GET /events and /api/events.
class EventController final
{
public:
    explicit EventController(ApiContext context);
    void addRoutes(Router& router);

    ApiResponse health(ApiRequest& request);
    ApiResponse post(ApiRequest& request);
    ApiResponse list(ApiRequest& request);

private:
    ApiContext m_context;
};

} // namespace mood::api
