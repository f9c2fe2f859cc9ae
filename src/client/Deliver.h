#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace mood::client {

// Calls handler(result) on context's thread once future has its result, unless context is gone by then: a
// page that closed while its call was in flight simply never hears back. (QFuture::then(context, ...) of
// Qt 6.4 asserts that the context still exists, so it is not used for this.) A cancelled future calls nothing.
template <typename T, typename Handler>
void deliver(const QFuture<T>& future, QObject* context, Handler handler)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, handler = std::move(handler)]() mutable {
                         watcher->deleteLater();
                         if (!watcher->future().isCanceled() && watcher->future().resultCount() > 0)
                             handler(watcher->future().result());
                     });
    watcher->setFuture(future);
}

} // namespace mood::client
