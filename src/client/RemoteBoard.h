#pragma once

#include "ClientError.h"
#include "ClientTypes.h"
#include "RemoteBackend.h"

#include <functional>
#include <memory>

namespace mood::client {
class HttpTransport;
}

namespace mood::client::remote {

// Puts the Year page's Board together from the API, asking in parallel: GET /board?year (days and levels),
// GET /mood?year&details=true (each day's entries and notes), GET /instance (the back-fill window, readable by
// every signed-in user), and once per session GET /mood?details=true for the years that have data (the contract
// has no route for them, so they are computed here and kept up to date by the session's writes).
class RemoteBoard final
{
public:
    using Handler = std::function<void(Result<Board>)>;
    static void fetch(const std::shared_ptr<HttpTransport>& http,
                      const std::shared_ptr<RemoteBackend::SessionState>& state, const QDate& today, int year,
                      Handler done);
};

} // namespace mood::client::remote
