#pragma once

#include "Backend.h"
#include "HttpCall.h"
#include "Pending.h"

#include <QSet>
#include <QUrl>

#include <functional>
#include <memory>

namespace mood {
class Clock;
}

namespace mood::client {

class HttpTransport;

struct RemoteOptions {
    QUrl server;                  // http(s)://host:port[/prefix]
    int timeoutMs = 8000;         // no byte for this long: the call fails with TimedOut
    const Clock* clock = nullptr; // what "today" is (in the user's zone); nullptr: the system clock. Read only
                                  // while a call is made, so it needs to outlive the backend, not its calls.
};

// Backend over the HTTP API of a shared Moodboard (CONTRACTS.md): QNetworkAccessManager on the GUI thread's
// event loop, a bearer token from POST /login, JSON bodies, an Idempotency-Key on every write and one retry of a
// lost connection (HttpTransport). Answers are decoded into the core's values (RemoteDecoding) and mapped to
// the seam's the same way as the local backend's. Calls in flight share the session, not the backend.
class RemoteBackend final : public Backend
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteBackend)

public:
    explicit RemoteBackend(const RemoteOptions& options, QObject* parent = nullptr);
    ~RemoteBackend() override;

    Location location() const override { return Location::SharedMoodboard; }
    QString address() const override;

    QFuture<Result<Session>> signIn(const QString& username, const QString& password) override;
    QFuture<Result<Session>> signUp(const QString& username, const QString& password) override;
    QFuture<Result<Done>> signOut() override;
    Session session() const override;
    QFuture<Result<QByteArray>> sessionToken() override;
    QFuture<Result<Session>> resume(const QByteArray& token) override;

    QFuture<Result<Summary>> record(Mood mood, std::optional<qint64> at, const QString& note) override;
    QFuture<Result<Entry>> correct(qint64 entryId, Mood mood, const QString& note) override;
    QFuture<Result<Done>> remove(qint64 entryId) override;
    QFuture<Result<Summary>> summary(const HistoryRequest& request) override;
    QFuture<Result<Board>> board(int year) override;

    QFuture<Result<Profile>> profile() override;
    QFuture<Result<Profile>> updateProfile(const ProfileChanges& changes) override;

    QFuture<Result<QStringList>> findUsers(const QString& prefix) override;
    QFuture<Result<Done>> follow(const QString& username) override;
    QFuture<Result<Done>> unfollow(const QString& username) override;
    QFuture<Result<QStringList>> following() override;
    QFuture<Result<FeedPage>> myFeed(const FeedRequest& request) override;
    QFuture<Result<FeedPage>> friendsFeed(const FeedRequest& request) override;
    QFuture<Result<Done>> postUiLogs(const QList<UiLogBatch>& logs) override;
    QFuture<Result<QByteArray>> exportData(DataFormat format) override;
    QFuture<Result<ImportResult>> importData(const QByteArray& data, DataFormat format) override;

    struct SessionState {
        QByteArray token;
        Session session;
        std::optional<QSet<int>> yearsWithData; // known once read; kept up to date by this client's writes
    };

private:
    // Sends call with the session's token; answers NotSignedIn at once when there is none. decode(answer) turns
    // a 2xx answer into the value; any other answer becomes the matching Error.
    template <typename T, typename Decode>
    QFuture<Result<T>> asUser(HttpCall call, Decode decode);
    QDate today() const;
    // What every answered call passes through: a 401 outside sign-in ends the session (sessionEnded()).
    std::function<void(const Error&)> sessionWatch();

    std::shared_ptr<HttpTransport> m_http;
    std::shared_ptr<SessionState> m_state;
    const Clock* m_clock;
};

} // namespace mood::client
