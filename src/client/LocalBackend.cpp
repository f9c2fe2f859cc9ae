#include "LocalBackend.h"

#include "LocalInstance.h"
#include "LocalMapping.h"
#include "LocalSignIn.h"
#include "Services.h"
#include "TimeUtil.h"

namespace mood::client {

using namespace Qt::StringLiterals;
using local::errorFrom;

namespace {
// record()'s summary carries this many of the newest entries: always all of today's.
constexpr int kRecentEntries = 8;

Error notSignedIn()
{
    return Error{ErrorKind::NotSignedIn, u"nobody is signed in"_s};
}

Result<User> userById(const Services& services, qint64 userId)
{
    const auto user = services.users.findById(userId);
    if (!user)
        return errorFrom(user.error());
    if (!user->has_value())
        return notSignedIn(); // the account is gone
    return **user;
}

QDate todayOf(const Services& services, const User& user)
{
    return localDate(services.clock.now().toSecsSinceEpoch(), zoneOrUtc(user.timeZone));
}

Result<Summary> summaryOf(const Services& services, qint64 userId, const HistoryQuery& query)
{
    const auto user = userById(services, userId);
    if (!user)
        return user.error();
    const auto summary = services.moods.summary(userId, query);
    if (!summary)
        return errorFrom(summary.error());
    return local::summaryFrom(*summary, todayOf(services, *user));
}

Result<Done> done(const Status& status)
{
    if (!status)
        return errorFrom(status.error());
    return Done{};
}
} // namespace

LocalBackend::LocalBackend(LocalInstance& instance, QObject* parent)
    : Backend(parent)
    , m_instance(instance)
    , m_state(std::make_shared<SessionState>())
{
}

LocalBackend::~LocalBackend() = default;

Session LocalBackend::session() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->session;
}

template <typename T, typename Work>
QFuture<Result<T>> LocalBackend::asUser(Work work)
{
    qint64 userId = 0;
    {
        QMutexLocker lock(&m_state->mutex);
        userId = m_state->userId;
    }
    if (userId == 0)
        return track(QtFuture::makeReadyFuture(Result<T>(notSignedIn())));
    return track(m_instance.run<T>(
        [userId, work = std::move(work)](Services& services) mutable { return work(services, userId); }));
}

namespace {
// Starts the session of the user that started() found, on the pool.
template <typename Start>
Result<Session> startSession(const std::shared_ptr<LocalBackend::SessionState>& state, Start started,
                             const QString& token = {})
{
    const Result<User> user = started();
    if (!user)
        return user.error();
    QMutexLocker lock(&state->mutex);
    state->userId = user->id;
    state->session = local::sessionFrom(*user);
    state->token = token;
    return state->session;
}
} // namespace

QFuture<Result<Session>> LocalBackend::signIn(const QString& username, const QString& password)
{
    return track(m_instance.run<Session>([state = m_state, username, password](Services& services) {
        return startSession(state, [&] { return local::authenticate(services, username, password); });
    }));
}

QFuture<Result<Session>> LocalBackend::signUp(const QString& username, const QString& password)
{
    return track(m_instance.run<Session>([state = m_state, username, password](Services& services) {
        return startSession(state, [&] { return local::registerUser(services, username, password); });
    }));
}

QFuture<Result<Session>> LocalBackend::resume(const QByteArray& token)
{
    const QString text = QString::fromUtf8(token);
    return track(m_instance.run<Session>([state = m_state, text](Services& services) {
        return startSession(
            state, [&] { return local::userForToken(services, text); }, text);
    }));
}

QFuture<Result<QByteArray>> LocalBackend::sessionToken()
{
    return asUser<QByteArray>([state = m_state](Services& services, qint64 userId) -> Result<QByteArray> {
        {
            QMutexLocker lock(&state->mutex);
            if (state->userId == userId && !state->token.isEmpty())
                return state->token.toUtf8();
        }
        const auto issued = services.tokens.issue(userId);
        if (!issued)
            return errorFrom(issued.error());
        QMutexLocker lock(&state->mutex);
        if (state->userId != userId) {
            // Signed out meanwhile: the token must not outlive the session it was issued for.
            (void)services.tokens.revoke(issued->token);
            return notSignedIn();
        }
        state->token = issued->token;
        return state->token.toUtf8();
    });
}

QFuture<Result<Done>> LocalBackend::signOut()
{
    QString token;
    {
        QMutexLocker lock(&m_state->mutex);
        m_state->userId = 0;
        m_state->session = {};
        token = std::exchange(m_state->token, QString());
    }
    if (token.isEmpty())
        return track(QtFuture::makeReadyFuture(Result<Done>(Done{})));
    // A token handed out for "Stay signed in" ends with the session, as POST /logout ends the API's.
    return track(m_instance.run<Done>([token](Services& services) { return done(services.tokens.revoke(token)); }));
}

QFuture<Result<Summary>> LocalBackend::record(Mood mood, std::optional<qint64> at, const QString& note)
{
    return asUser<Summary>([mood, at, note](Services& services, qint64 userId) -> Result<Summary> {
        const auto user = userById(services, userId);
        if (!user)
            return user.error();
        HistoryQuery recent;
        recent.limit = kRecentEntries;
        // The summary comes from the write's own transaction: a failure after the commit cannot hide the mood.
        const auto written = services.moods.recordAndSummarize(userId, mood, at, note, recent);
        if (!written)
            return errorFrom(written.error());
        return local::summaryFrom(written->summary, todayOf(services, *user));
    });
}

QFuture<Result<Entry>> LocalBackend::correct(qint64 entryId, Mood mood, const QString& note)
{
    return asUser<Entry>([entryId, mood, note](Services& services, qint64 userId) -> Result<Entry> {
        const auto entry = services.moods.correct(userId, entryId, mood, note);
        if (!entry)
            return errorFrom(entry.error());
        return local::entryFrom(*entry);
    });
}

QFuture<Result<Done>> LocalBackend::remove(qint64 entryId)
{
    return asUser<Done>(
        [entryId](Services& services, qint64 userId) { return done(services.moods.remove(userId, entryId)); });
}

QFuture<Result<Summary>> LocalBackend::summary(const HistoryRequest& request)
{
    return asUser<Summary>([request](Services& services, qint64 userId) {
        HistoryQuery query;
        query.year = request.year;
        query.limit = std::max(0, request.limit);
        return summaryOf(services, userId, query);
    });
}

QFuture<Result<Board>> LocalBackend::board(int year)
{
    return asUser<Board>([year](Services& services, qint64 userId) -> Result<Board> {
        const auto user = userById(services, userId);
        if (!user)
            return user.error();
        const int shown = year > 0 ? year : todayOf(services, *user).year();
        const auto days = services.board.board(userId, shown);
        if (!days)
            return errorFrom(days.error());
        HistoryQuery query;
        query.year = shown;
        const auto entries = services.moods.history(userId, query);
        if (!entries)
            return errorFrom(entries.error());
        const auto years = services.board.yearsWithData(userId);
        if (!years)
            return errorFrom(years.error());
        Board board;
        board.today = todayOf(services, *user);
        board.year = shown;
        board.days = local::boardDaysFrom(*days, *entries);
        board.yearsWithData = *years;
        board.backfillDays = services.moods.backfillDays();
        return board;
    });
}

QFuture<Result<Profile>> LocalBackend::profile()
{
    return asUser<Profile>([](Services& services, qint64 userId) -> Result<Profile> {
        const auto user = userById(services, userId);
        if (!user)
            return user.error();
        return local::profileFrom(*user);
    });
}

QFuture<Result<Profile>> LocalBackend::updateProfile(const ProfileChanges& changes)
{
    return asUser<Profile>([state = m_state, changes](Services& services, qint64 userId) -> Result<Profile> {
        // As PATCH /user/me, the core asks for the current password with a new one (UserService).
        mood::ProfileChanges core;
        core.email = changes.email;
        core.timeZone = changes.timeZone;
        core.shareLevel = changes.shareLevel;
        core.password = changes.newPassword;
        if (changes.newPassword)
            core.currentPassword = changes.currentPassword;
        const auto after = services.users.updateProfile(userId, core);
        if (!after)
            return errorFrom(after.error());
        QMutexLocker lock(&state->mutex);
        if (state->userId == userId) {
            state->session = local::sessionFrom(*after);
            if (changes.newPassword)
                state->token.clear(); // a new password revoked every token of the user (UserService)
        }
        return local::profileFrom(*after);
    });
}

QFuture<Result<QStringList>> LocalBackend::findUsers(const QString& prefix)
{
    return asUser<QStringList>([prefix](Services& services, qint64) -> Result<QStringList> {
        const auto names = services.users.searchByPrefix(prefix, 20);
        if (!names)
            return errorFrom(names.error());
        return *names;
    });
}

QFuture<Result<Done>> LocalBackend::follow(const QString& username)
{
    return asUser<Done>([username](Services& services, qint64 userId) -> Result<Done> {
        const auto me = userById(services, userId);
        if (!me)
            return me.error();
        if (mood::Status allowed = AccessPolicy::mayChangeFollowsOf(*me, me->username); !allowed)
            return errorFrom(allowed.error());
        return done(services.follows.follow(me->username, username));
    });
}

QFuture<Result<Done>> LocalBackend::unfollow(const QString& username)
{
    return asUser<Done>([username](Services& services, qint64 userId) -> Result<Done> {
        const auto me = userById(services, userId);
        if (!me)
            return me.error();
        if (mood::Status allowed = AccessPolicy::mayChangeFollowsOf(*me, me->username); !allowed)
            return errorFrom(allowed.error());
        return done(services.follows.unfollow(me->username, username));
    });
}

QFuture<Result<QStringList>> LocalBackend::following()
{
    return asUser<QStringList>([](Services& services, qint64 userId) -> Result<QStringList> {
        const auto me = userById(services, userId);
        if (!me)
            return me.error();
        if (mood::Status allowed = AccessPolicy::mayReadFollowingOf(*me, *me); !allowed)
            return errorFrom(allowed.error());
        const auto names = services.follows.followees(me->username);
        if (!names)
            return errorFrom(names.error());
        return *names;
    });
}

QFuture<Result<FeedPage>> LocalBackend::myFeed(const FeedRequest& request)
{
    return asUser<FeedPage>([request](Services& services, qint64 userId) -> Result<FeedPage> {
        const auto me = userById(services, userId);
        if (!me)
            return me.error();
        if (mood::Status allowed = services.access.mayReadFeedOf(*me, *me); !allowed)
            return errorFrom(allowed.error());
        return local::feedPageFrom(services.activities.feedOf(userId, local::coreFeedRequest(request)));
    });
}

QFuture<Result<FeedPage>> LocalBackend::friendsFeed(const FeedRequest& request)
{
    return asUser<FeedPage>([request](Services& services, qint64 userId) -> Result<FeedPage> {
        const auto me = userById(services, userId);
        if (!me)
            return me.error();
        if (mood::Status allowed = AccessPolicy::mayReadFriendsFeedOf(*me, *me); !allowed)
            return errorFrom(allowed.error());
        return local::feedPageFrom(services.activities.friendsFeedOf(userId, local::coreFeedRequest(request)));
    });
}

QFuture<Result<Done>> LocalBackend::postUiLogs(const QList<UiLogBatch>& logs)
{
    static const QStringList kTypes{u"CLICK"_s, u"VIEW"_s, u"NAVIGATE"_s};
    return asUser<Done>([logs](Services& services, qint64 userId) -> Result<Done> {
        const auto user = userById(services, userId);
        if (!user)
            return user.error();
        const QString me = user->username;
        if (mood::Status allowed = AccessPolicy::mayWriteUiLogOf(*user, me); !allowed)
            return errorFrom(allowed.error());
        QList<UiLog> stored;
        for (const UiLogBatch& batch : logs) {
            if (batch.sessionId.isEmpty() || batch.actions.isEmpty())
                return Error{ErrorKind::InvalidInput, u"a UI log needs a session id and at least one action"_s};
            UiLog log{me, batch.sessionId, {}};
            for (const UiAction& action : batch.actions) {
                if (!kTypes.contains(action.type) || !action.time.isValid())
                    return Error{ErrorKind::InvalidInput, u"a UI action needs a time and a known type"_s};
                log.actions.append(mood::UiAction{action.time.toString(Qt::ISODateWithMs),
                                                  action.time.toMSecsSinceEpoch() * 1000, action.type,
                                                  action.properties});
            }
            stored.append(log);
        }
        return done(services.uiLogs.append(stored));
    });
}

QFuture<Result<QByteArray>> LocalBackend::exportData(DataFormat format)
{
    return asUser<QByteArray>([format](Services& services, qint64 userId) -> Result<QByteArray> {
        const auto data =
            format == DataFormat::Csv ? services.dataExport.csv(userId) : services.dataExport.json(userId);
        if (!data)
            return errorFrom(data.error());
        return *data;
    });
}

QFuture<Result<ImportResult>> LocalBackend::importData(const QByteArray& data, DataFormat format)
{
    return asUser<ImportResult>([data, format](Services& services, qint64 userId) -> Result<ImportResult> {
        const auto report = format == DataFormat::Csv ? services.dataImport.importCsv(userId, data)
                                                      : services.dataImport.importJson(userId, data);
        if (!report)
            return errorFrom(report.error());
        return local::importResultFrom(*report);
    });
}

} // namespace mood::client
