#pragma once

#include "ApiContext.h"
#include "Router.h"

namespace mood::api {

// POST|GET /logs: the UI-logs store.
class LogController final
{
public:
    explicit LogController(ApiContext context);
    void addRoutes(Router& router);

    ApiResponse post(ApiRequest& request);
    ApiResponse list(ApiRequest& request);

private:
    ApiContext m_context;
};

} // namespace mood::api
