#pragma once

#include "Backend.h"
#include "FakeClock.h"

#include <QFutureWatcher>
#include <QSignalSpy>

#include <functional>
#include <memory>

namespace mood::test {

// Where the backend under test finds its data. Each implementation of client::Backend brings one: the local
// instance over a scratch SQLite file now, a headless server on 127.0.0.1 with the HTTP backend next. The suite
// only talks to the Backend interface, so the same tests prove both behave the same.
class BackendFixture
{
public:
    virtual ~BackendFixture() = default;
    virtual QString error() const = 0;                      // why the fixture could not start
    virtual std::unique_ptr<client::Backend> connect() = 0; // nobody signed in
    virtual FakeClock& clock() = 0;                         // the clock of the side that enforces the rules
    virtual void setRegistrationOpen(bool open) = 0;        // as the instance's owner would
};

using BackendFixtureFactory = std::function<std::unique_ptr<BackendFixture>(int backfillDays)>;

// Waits (running the event loop) for a backend call's answer.
template <typename T>
T await(const QFuture<T>& future, int timeoutMs = 30000)
{
    QFutureWatcher<T> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    if (!future.isFinished() || finished.isEmpty())
        finished.wait(timeoutMs);
    return future.result();
}

} // namespace mood::test
