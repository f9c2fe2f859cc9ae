#pragma once

#include "Backend.h"

#include <QMutex>

#include <memory>

namespace mood::client {

class LocalInstance;

// Backend over the core in this process: each call is one task on the LocalInstance's pool that calls
// mood::Services and maps the answer (LocalMapping). The backend may go at any time: tasks in flight share
// the session state, not the backend.
class LocalBackend final : public Backend
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalBackend)

public:
    explicit LocalBackend(LocalInstance& instance, QObject* parent = nullptr);
    ~LocalBackend() override;

    Location location() const override { return Location::ThisComputer; }
    QString address() const override { return {}; }

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
        mutable QMutex mutex;
        qint64 userId = 0;
        Session session;
        QString token; // the one sessionToken() issued or resume() adopted: signOut() revokes it
    };

private:
    // Runs work(Services&, userId) for the signed-in user, or answers NotSignedIn at once.
    template <typename T, typename Work>
    QFuture<Result<T>> asUser(Work work);

    LocalInstance& m_instance;
    std::shared_ptr<SessionState> m_state;
};

} // namespace mood::client
