#include "Api.h"

#include "ApiErrors.h"
#include "OpenApiDocument.h"

#include <QLoggingCategory>

#include <exception>

Q_LOGGING_CATEGORY(lcApi, "mood.api")

static void initApiResources()
{
    Q_INIT_RESOURCE(api); // the resources of a static library must be registered by hand
}

namespace mood::api {

using namespace Qt::StringLiterals;

Api::Api(Services& services, Authenticator::Options authOptions)
    : m_services(services)
    , m_authenticator(services, authOptions)
    , m_idempotentWrites(services)
    , m_router(m_authenticator)
    , m_users({services, m_authenticator})
    , m_moods({services, m_authenticator})
    , m_events({services, m_authenticator})
    , m_logs({services, m_authenticator})
    , m_feed({services, m_authenticator})
    , m_data({services, m_authenticator})
{
    initApiResources();
    m_router.setIdempotentWrites(&m_idempotentWrites);
    m_users.addRoutes(m_router);
    m_moods.addRoutes(m_router);
    m_events.addRoutes(m_router);
    m_logs.addRoutes(m_router);
    m_feed.addRoutes(m_router);
    m_data.addRoutes(m_router);
    m_router.add({"GET", u"/openapi.json"_s, Family::Users, false, u"This document"_s,
                  [this](ApiRequest&) { return ApiResponse::json(200, m_openApi); }});
    m_openApi = OpenApiDocument::build(m_router.routes());
}

ApiResponse Api::handle(ApiRequest& request)
{
    try {
        return m_router.dispatch(request);
    } catch (const std::exception& e) {
        qCCritical(lcApi) << "unexpected failure on" << request.method << request.path << e.what();
    } catch (...) {
        qCCritical(lcApi) << "unexpected failure on" << request.method << request.path;
    }
    return errors::make(errors::familyForPath(request.path), 500,
                        errors::familyForPath(request.path) == Family::Logs ? u"INTERNAL_ERROR"_s
                                                                            : u"internal error"_s);
}

} // namespace mood::api
