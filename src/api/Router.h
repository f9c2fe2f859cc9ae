#pragma once

#include "ApiTypes.h"
#include "BodyShape.h"

#include <functional>

namespace mood::api {

class Authenticator;
class IdempotentWrites;

using Handler = std::function<ApiResponse(ApiRequest&)>;

// A handler that calls one of a controller's methods.
template <typename Controller>
Handler bindTo(Controller* controller, ApiResponse (Controller::*method)(ApiRequest&))
{
    return [controller, method](ApiRequest& request) { return (controller->*method)(request); };
}

struct Route {
    QByteArray method; // GET, POST, PATCH, DELETE
    QString pattern;   // "/feed/<arg>/friends": <arg> matches one path segment
    Family family;
    bool needsAuth = true;
    QString summary; // for the OpenAPI document
    Handler handler;
    const BodyShape* body = nullptr; // the JSON body the handler admits (BodyValidator), for the OpenAPI document
};

// The explicit route table: trailing-slash tolerant, 404 for unknown paths, 405 for known paths with another
// method, authentication before any handler that needs it.
class Router final
{
public:
    explicit Router(Authenticator& authenticator);

    void add(Route route);
    // Writes with an Idempotency-Key run through it once authenticated (not owned).
    void setIdempotentWrites(IdempotentWrites* writes) { m_idempotentWrites = writes; }
    ApiResponse dispatch(ApiRequest& request) const;
    const QList<Route>& routes() const { return m_routes; }

    static std::optional<QStringList> match(const QString& pattern, const QString& path);

private:
    Authenticator& m_authenticator;
    IdempotentWrites* m_idempotentWrites = nullptr;
    QList<Route> m_routes;
};

} // namespace mood::api
