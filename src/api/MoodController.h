#pragma once

#include "ApiContext.h"
#include "Router.h"

namespace mood::api {

// GET|POST /mood, PATCH|DELETE /mood/<id> (today's entries), GET /board.
class MoodController final
{
public:
    explicit MoodController(ApiContext context);
    void addRoutes(Router& router);

    ApiResponse get(ApiRequest& request);
    ApiResponse post(ApiRequest& request);
    ApiResponse correct(ApiRequest& request);
    ApiResponse remove(ApiRequest& request);
    ApiResponse board(ApiRequest& request);

    // "Sun, Oct 24 at 06:28 PM" in the zone, English whatever the machine's locale.
    static QString historyDate(qint64 epochSeconds, const QByteArray& timeZone);

private:
    static ApiResponse summaryResponse(const User& user, const MoodSummary& summary, bool details);

    ApiContext m_context;
};

} // namespace mood::api
