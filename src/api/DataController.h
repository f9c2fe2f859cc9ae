#pragma once

#include "ApiContext.h"
#include "Router.h"

namespace mood::api {

// GET /export?format=json|csv and POST /import (the caller's own data; see DataExport.h and DataImport.h).
class DataController final
{
public:
    explicit DataController(ApiContext context);
    void addRoutes(Router& router);

    ApiResponse exportData(ApiRequest& request);
    ApiResponse importData(ApiRequest& request);

private:
    ApiContext m_context;
};

} // namespace mood::api
