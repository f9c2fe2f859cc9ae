#pragma once

#include "ClientError.h"
#include "ClientTypes.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

namespace mood::client {

// The one seam between the desktop app and where its data lives (DESKTOP.md section 1): the core in this
// process, or a shared Moodboard over HTTP. Every call returns at once; its future finishes with the answer
// when the work (database, network, Argon2id) is done, never on the GUI thread. Read answers on the GUI thread
// with client::deliver(), which also drops them safely when the widget that asked is gone.
// Call it from the GUI thread only.
class Backend : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Backend)

public:
    ~Backend() override;

    virtual Location location() const = 0;
    virtual QString address() const = 0; // where, in words for the status bar: empty for this computer

    // Signing in (or creating the account, which then signs in) starts the session the other calls use.
    virtual QFuture<Result<Session>> signIn(const QString& username, const QString& password) = 0;
    virtual QFuture<Result<Session>> signUp(const QString& username, const QString& password) = 0;
    virtual QFuture<Result<Done>> signOut() = 0;
    // The session the last successful sign-in started; empty username when there is none.
    virtual Session session() const = 0;

    // "Stay signed in": sessionToken() answers a bearer token that resumes the signed-in session later (a shared
    // Moodboard's is the one from POST /login; this computer's is issued by the core's TokenStore when first asked
    // and revoked by signOut()). resume(token) adopts such a token on a new backend and checks it with one cheap
    // authenticated call (GET /user/me); the session starts only when it is accepted. A token that was revoked or
    // expired answers NotSignedIn.
    virtual QFuture<Result<QByteArray>> sessionToken() = 0;
    virtual QFuture<Result<Session>> resume(const QByteArray& token) = 0;

    // at: epoch seconds, default now. Answers with the summary after the change (as POST /mood does).
    virtual QFuture<Result<Summary>> record(Mood mood, std::optional<qint64> at, const QString& note) = 0;
    virtual QFuture<Result<Entry>> correct(qint64 entryId, Mood mood, const QString& note) = 0;
    virtual QFuture<Result<Done>> remove(qint64 entryId) = 0;
    virtual QFuture<Result<Summary>> summary(const HistoryRequest& request) = 0;
    virtual QFuture<Result<Board>> board(int year) = 0;

    virtual QFuture<Result<Profile>> profile() = 0;
    virtual QFuture<Result<Profile>> updateProfile(const ProfileChanges& changes) = 0;

    virtual QFuture<Result<QStringList>> findUsers(const QString& prefix) = 0;
    virtual QFuture<Result<Done>> follow(const QString& username) = 0;
    virtual QFuture<Result<Done>> unfollow(const QString& username) = 0;
    virtual QFuture<Result<QStringList>> following() = 0;
    virtual QFuture<Result<FeedPage>> myFeed(const FeedRequest& request) = 0;
    virtual QFuture<Result<FeedPage>> friendsFeed(const FeedRequest& request) = 0;
    virtual QFuture<Result<Done>> postUiLogs(const QList<UiLogBatch>& logs) = 0;

    // The signed-in user's own data as a file (GET /export?format=json|csv), and an import of such a file or of
    // a Daylio CSV export (POST /import, body = the file, Content-Type application/json or text/csv). An import
    // never changes or duplicates an entry and is all-or-nothing.
    virtual QFuture<Result<QByteArray>> exportData(DataFormat format) = 0;
    virtual QFuture<Result<ImportResult>> importData(const QByteArray& data, DataFormat format) = 0;

    bool isBusy() const { return m_inFlight > 0; }

signals:
    void busyChanged(bool busy); // a call started while none was in flight, or the last one finished
    // The other side ended the session (a shared Moodboard's token expired or was revoked, e.g. by a password
    // change elsewhere): every further call answers NotSignedIn. Connect queued: the receiver may delete the backend.
    void sessionEnded();

protected:
    explicit Backend(QObject* parent = nullptr);

    // Implementations pass every future they hand out through here, so isBusy() counts it.
    template <typename T>
    QFuture<T> track(QFuture<T> future)
    {
        auto* watcher = new QFutureWatcher<T>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
            watcher->deleteLater();
            callFinished();
        });
        callStarted();
        watcher->setFuture(future);
        return future;
    }

private:
    void callStarted();
    void callFinished();

    int m_inFlight = 0;
};

} // namespace mood::client
