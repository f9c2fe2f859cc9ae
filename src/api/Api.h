#pragma once

#include "ApiContext.h"
#include "Authenticator.h"
#include "DataController.h"
#include "EventController.h"
#include "FeedController.h"
#include "IdempotentWrites.h"
#include "LogController.h"
#include "MoodController.h"
#include "Router.h"
#include "UserController.h"

namespace mood::api {

// The whole API without sockets: route table, authentication, controllers. ApiServer feeds it requests.
class Api final
{
public:
    explicit Api(Services& services, Authenticator::Options authOptions = {});
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    // Never throws and never answers a client's mistake with 5xx.
    ApiResponse handle(ApiRequest& request);

    const Router& router() const { return m_router; }
    Authenticator& authenticator() { return m_authenticator; }
    Services& services() { return m_services; }

    // Generated from the route table once all routes are in (OpenApiDocument).
    const QByteArray& openApiDocument() const { return m_openApi; }

private:
    Services& m_services;
    Authenticator m_authenticator;
    IdempotentWrites m_idempotentWrites;
    Router m_router;
    UserController m_users;
    MoodController m_moods;
    EventController m_events;
    LogController m_logs;
    FeedController m_feed;
    DataController m_data;
    QByteArray m_openApi;
};

} // namespace mood::api
