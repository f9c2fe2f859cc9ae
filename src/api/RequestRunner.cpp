#include "RequestRunner.h"

#include "Api.h"
#include "ApiErrors.h"
#include "ReplyPort.h"

namespace mood::api {

using namespace Qt::StringLiterals;

RequestRunner::RequestRunner(Api& api, BrowserGuard guard, qint64 maxBodyBytes, int threads)
    : m_api(api)
    , m_guard(std::move(guard))
    , m_maxBodyBytes(maxBodyBytes)
{
    m_pool.setMaxThreadCount(threads);
    m_pool.setExpiryTimeout(-1); // threads keep their database connections instead of reopening them
    m_pool.setObjectName(u"moodboard-requests"_s);
}

RequestRunner::~RequestRunner()
{
    waitForDone();
}

void RequestRunner::waitForDone()
{
    m_pool.waitForDone();
}

ApiResponse RequestRunner::answer(ServerRequest& request) const
{
    if (auto refused = m_guard.admit(request.api, request.localAddress, request.localPort))
        return *refused;
    if (request.api.body.size() > m_maxBodyBytes) // the scanner refuses these first; this is the backstop
        return errors::payloadTooLarge(errors::familyForPath(request.api.path));
    return m_api.handle(request.api); // never throws; an unknown method matches no route: 404 or 405 by path
}

void RequestRunner::run(ServerRequest request, std::shared_ptr<ReplyPort> port, Done done)
{
    m_pool.start([this, request = std::move(request), port = std::move(port), done = std::move(done)]() mutable {
        const ApiResponse response = answer(request);
        port->post([done = std::move(done), response] { done(response); });
    });
}

void RequestRunner::runTask(std::function<void()> task)
{
    m_pool.start(std::move(task));
}

} // namespace mood::api
