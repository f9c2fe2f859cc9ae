#pragma once

#include "ClientError.h"

#include <QFuture>
#include <QPromise>

#include <memory>

namespace mood::client {

// The promise behind one asynchronous answer, shared by the callbacks that produce it (copy it freely).
// finish() once; the future then has exactly one result.
template <typename T>
class Pending
{
public:
    Pending()
        : m_promise(std::make_shared<QPromise<Result<T>>>())
    {
        m_promise->start();
    }

    QFuture<Result<T>> future() const { return m_promise->future(); }
    void finish(Result<T> result) const
    {
        m_promise->addResult(std::move(result));
        m_promise->finish();
    }

private:
    std::shared_ptr<QPromise<Result<T>>> m_promise;
};

} // namespace mood::client
