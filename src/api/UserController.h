#pragma once

#include "ApiContext.h"
#include "Router.h"

namespace mood::api {

// POST /user, GET /user?q=, GET|PATCH /user/me, POST /login, POST /logout, GET|PATCH /instance.
class UserController final
{
public:
    explicit UserController(ApiContext context);
    void addRoutes(Router& router);

    ApiResponse registerUser(ApiRequest& request);
    ApiResponse search(ApiRequest& request);
    ApiResponse me(ApiRequest& request);
    ApiResponse updateMe(ApiRequest& request);
    ApiResponse login(ApiRequest& request);
    ApiResponse logout(ApiRequest& request);
    ApiResponse instance(ApiRequest& request);
    ApiResponse updateInstance(ApiRequest& request);

    // Keys in the order CONTRACTS.md lists them: username, email, timezone, shareLevel, isAdmin.
    static QByteArray profileJson(const User& user);

private:
    ApiContext m_context;
};

} // namespace mood::api
