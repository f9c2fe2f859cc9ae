#include "Router.h"

#include "ApiErrors.h"
#include "Authenticator.h"
#include "IdempotentWrites.h"

namespace mood::api {

using namespace Qt::StringLiterals;

Router::Router(Authenticator& authenticator)
    : m_authenticator(authenticator)
{
}

void Router::add(Route route)
{
    m_routes.append(std::move(route));
}

std::optional<QStringList> Router::match(const QString& pattern, const QString& path)
{
    QString normalized = path;
    if (normalized.size() > 1 && normalized.endsWith(u'/'))
        normalized.chop(1);
    const QStringList want = pattern.split(u'/');
    const QStringList have = normalized.split(u'/');
    if (want.size() != have.size())
        return std::nullopt;
    QStringList args;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want.at(i) == u"<arg>"_s) {
            if (have.at(i).isEmpty())
                return std::nullopt;
            args.append(have.at(i));
        } else if (want.at(i) != have.at(i)) {
            return std::nullopt;
        }
    }
    return args;
}

ApiResponse Router::dispatch(ApiRequest& request) const
{
    QByteArrayList allowed;
    const QByteArray method = request.method == "HEAD" ? QByteArrayLiteral("GET") : request.method;
    for (const Route& route : m_routes) {
        auto args = match(route.pattern, request.path);
        if (!args)
            continue;
        if (route.method != method) {
            if (!allowed.contains(route.method))
                allowed.append(route.method);
            continue;
        }
        request.args = *args;
        if (route.needsAuth) {
            auto outcome = m_authenticator.authenticate(request, route.family);
            if (outcome.failure)
                return *outcome.failure;
            request.user = outcome.user;
            request.bearerToken = outcome.bearerToken;
        }
        if (m_idempotentWrites && IdempotentWrites::applies(request))
            return m_idempotentWrites->run(request, route.family, route.handler);
        return route.handler(request);
    }
    if (!allowed.isEmpty()) {
        if (allowed.contains("GET"))
            allowed.append("HEAD");
        return errors::methodNotAllowed(allowed);
    }
    return errors::routeNotFound();
}

} // namespace mood::api
