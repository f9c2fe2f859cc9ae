#include "IdempotentWrites.h"

#include "ApiErrors.h"

#include <QCryptographicHash>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr int kMaxKeyLength = 64;
const QByteArray kHeader = QByteArrayLiteral("idempotency-key");

ApiResponse invalidKey(Family family)
{
    return errors::make(family, 400,
                        family == Family::Logs ? u"INVALID_IDEMPOTENCY_KEY"_s
                                               : u"Idempotency-Key must be 1 to 64 visible ASCII characters"_s);
}
} // namespace

IdempotentWrites::IdempotentWrites(Services& services)
    : m_services(services)
{
}

bool IdempotentWrites::applies(const ApiRequest& request)
{
    const bool write = request.method == "POST" || request.method == "PATCH" || request.method == "DELETE";
    return write && request.headers.contains(kHeader);
}

bool IdempotentWrites::isValidKey(const QByteArray& key)
{
    if (key.isEmpty() || key.size() > kMaxKeyLength)
        return false;
    return std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

QString IdempotentWrites::fingerprint(const ApiRequest& request)
{
    QString path = request.path;
    if (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1); // the same route with and without its trailing slash
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QByteArray& part : {request.method, path.toUtf8(), request.query.toString(QUrl::FullyEncoded).toUtf8(),
                                   request.header("content-type"), request.body}) {
        hash.addData(QByteArray(QByteArray::number(part.size()) + ':')); // lengths first: parts never run together
        hash.addData(part);
    }
    return QString::fromLatin1(hash.result().toHex());
}

bool IdempotentWrites::isStorable(int status)
{
    // 5xx: nothing was committed, a retry must run again. 401, 403, 429: decided by credentials and time, which
    // the key does not cover.
    return status < 500 && status != 401 && status != 403 && status != 429;
}

std::optional<ApiResponse> IdempotentWrites::replay(qint64 userId, const QString& key, const QString& fingerprint,
                                                    Family family)
{
    const auto stored = m_services.idempotency.find(userId, key);
    if (!stored)
        return errors::fromDomain(family, stored.error());
    if (!stored->has_value())
        return std::nullopt;
    const StoredAnswer& answer = **stored;
    if (answer.fingerprint != fingerprint) {
        return errors::make(family, 422,
                            family == Family::Logs ? u"IDEMPOTENCY_KEY_REUSED"_s
                                                   : u"this Idempotency-Key was used for another request"_s);
    }
    ApiResponse response;
    response.status = answer.status;
    response.contentType = answer.contentType;
    response.body = answer.body;
    response.headers.append({QByteArrayLiteral("Idempotent-Replayed"), QByteArrayLiteral("true")});
    return response;
}

ApiResponse IdempotentWrites::run(ApiRequest& request, Family family,
                                  const std::function<ApiResponse(ApiRequest&)>& handler)
{
    const QByteArray rawKey = request.header(kHeader);
    if (!isValidKey(rawKey))
        return invalidKey(family);
    const QString print = fingerprint(request);
    const qint64 userId = request.user ? request.user->id : 0;
    const QString key = request.user ? QString::fromLatin1(rawKey) : print + u':' + QString::fromLatin1(rawKey);
    if (auto answered = replay(userId, key, print, family))
        return *answered;

    const Database& database = m_services.database;
    for (int attempt = 0;; ++attempt) {
        ApiResponse response;
        bool lost = false;
        bool raced = false;
        {
            TransactionScope scope(database);
            response = handler(request);
            if (!isStorable(response.status)) {
                if (response.status < 500)
                    return response; // the scope rolls back what little there is
                lost = scope.connectionLost();
            } else if (const auto saved = m_services.idempotency.save(
                           userId, key, StoredAnswer{print, response.status, response.contentType, response.body});
                       !saved) {
                lost = saved.error().retryable;
                response = errors::fromDomain(family, saved.error());
            } else if (!*saved) {
                raced = true; // another request with this key committed first: its answer is the answer
            } else {
                const Status committed = scope.commit();
                if (committed)
                    return response;
                lost = committed.error().retryable;
                response = errors::fromDomain(family, committed.error());
            }
        } // rolled back unless committed
        if (raced) {
            if (auto answered = replay(userId, key, print, family))
                return *answered;
            if (attempt > 0)
                return errors::fromDomain(family, Error{ErrorKind::Storage, u"the answer of this key is gone"_s});
            continue;
        }
        if (!lost || attempt > 0)
            return response;
        database.discardConnection(); // nothing was committed: once more, on a fresh connection
    }
}

} // namespace mood::api
