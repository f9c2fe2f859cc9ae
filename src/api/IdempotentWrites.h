#pragma once

#include "ApiTypes.h"
#include "Services.h"

#include <functional>

namespace mood::api {

// Idempotency-Key on POST, PATCH and DELETE (CONTRACTS general rules, superset): the same key from the same user
// within 24 h gets the first answer again (status and body) and changes nothing. The answer is stored in the
// transaction of the write it answers (one TransactionScope around the handler), so both commit or neither does.
// Requests without a user are keyed by the request itself too: a key alone never replays someone else's answer.
class IdempotentWrites final
{
public:
    explicit IdempotentWrites(Services& services);

    // True when the request is a write that carries the header (valid or not).
    static bool applies(const ApiRequest& request);
    static bool isValidKey(const QByteArray& key); // 1 to 64 visible ASCII characters

    ApiResponse run(ApiRequest& request, Family family, const std::function<ApiResponse(ApiRequest&)>& handler);

private:
    static QString fingerprint(const ApiRequest& request);
    static bool isStorable(int status);
    std::optional<ApiResponse> replay(qint64 userId, const QString& key, const QString& fingerprint, Family family);

    Services& m_services;
};

} // namespace mood::api
