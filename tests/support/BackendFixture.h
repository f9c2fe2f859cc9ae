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

inline const char* kindName(client::ErrorKind kind)
{
    switch (kind) {
    case client::ErrorKind::InvalidInput:
        return "InvalidInput";
    case client::ErrorKind::WrongCredentials:
        return "WrongCredentials";
    case client::ErrorKind::NameTaken:
        return "NameTaken";
    case client::ErrorKind::RefusedByRule:
        return "RefusedByRule";
    case client::ErrorKind::NotFound:
        return "NotFound";
    case client::ErrorKind::Forbidden:
        return "Forbidden";
    case client::ErrorKind::NotSignedIn:
        return "NotSignedIn";
    case client::ErrorKind::TooManyAttempts:
        return "TooManyAttempts";
    case client::ErrorKind::Unreachable:
        return "Unreachable";
    case client::ErrorKind::ConnectionLost:
        return "ConnectionLost";
    case client::ErrorKind::TimedOut:
        return "TimedOut";
    case client::ErrorKind::ServerError:
        return "ServerError";
    case client::ErrorKind::Unavailable:
        return "Unavailable";
    }
    return "?";
}

// "ok" or the error's kind and detail, so failures say what came back.
template <typename T>
QByteArray outcome(const client::Result<T>& result)
{
    if (result)
        return "ok";
    return QByteArray(kindName(result.error().kind)) + ": " + result.error().detail.toUtf8();
}

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
