#include "RemoteBackend.h"

#include "Clock.h"
#include "HttpTransport.h"
#include "LocalMapping.h"
#include "RemoteAnswers.h"
#include "RemoteBoard.h"
#include "RemoteDecoding.h"
#include "RemoteErrors.h"
#include "RemoteSignIn.h"
#include "TimeUtil.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>

namespace mood::client {

using namespace Qt::StringLiterals;
using remote::errorFrom;
using remote::feedFrom;
using remote::malformed;
using remote::profileFrom;
using remote::Purpose;
using remote::summaryFrom;

namespace {
// record()'s summary carries this many of the newest entries, as the local backend's: always all of today's.
constexpr int kRecentEntries = 8;

const Clock& systemClock()
{
    static const SystemClock clock;
    return clock;
}

QString feedPath(const QString& username, const QString& rest = {})
{
    return u"/feed/"_s + QString::fromUtf8(QUrl::toPercentEncoding(username)) + rest;
}

QUrlQuery pageQuery(const FeedRequest& request)
{
    QUrlQuery query;
    query.addQueryItem(u"page"_s, QString::number(std::max(1, request.page)));
    query.addQueryItem(u"per_page"_s, QString::number(std::clamp(request.perPage, 1, 100)));
    return query;
}

} // namespace

RemoteBackend::RemoteBackend(const RemoteOptions& options, QObject* parent)
    : Backend(parent)
    , m_http(HttpTransport::create(options.server, options.timeoutMs))
    , m_state(std::make_shared<SessionState>())
    , m_clock(options.clock ? options.clock : &systemClock())
{
}

RemoteBackend::~RemoteBackend() = default;

QString RemoteBackend::address() const
{
    return m_http->server().toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

Session RemoteBackend::session() const
{
    return m_state->session;
}

QDate RemoteBackend::today() const
{
    return localDate(m_clock->now().toSecsSinceEpoch(), zoneOrUtc(m_state->session.timeZone));
}

std::function<void(const Error&)> RemoteBackend::sessionWatch()
{
    return [self = QPointer<RemoteBackend>(this), state = m_state, token = m_state->token](const Error& error) {
        if (error.kind != ErrorKind::NotSignedIn || state->token != token)
            return;
        *state = SessionState{};
        if (self)
            emit self->sessionEnded();
    };
}

template <typename T, typename Decode>
QFuture<Result<T>> RemoteBackend::asUser(HttpCall request, Decode decode)
{
    if (m_state->token.isEmpty())
        return track(QtFuture::makeReadyFuture(Result<T>(Error{ErrorKind::NotSignedIn, u"nobody is signed in"_s})));
    request.bearerToken = m_state->token;
    Pending<T> pending;
    m_http->send(std::move(request),
                 [pending, decode = std::move(decode), watch = sessionWatch()](const HttpAnswer& answer) mutable {
                     if (!answer.ok()) {
                         const Error error = errorFrom(answer);
                         watch(error);
                         return pending.finish(error);
                     }
                     pending.finish(decode(answer));
                 });
    return track(pending.future());
}

QFuture<Result<Session>> RemoteBackend::signIn(const QString& username, const QString& password)
{
    Pending<Session> pending;
    remote::RemoteSignIn::logIn(m_http, m_state, username, password,
                                [pending](Result<Session> result) { pending.finish(std::move(result)); });
    return track(pending.future());
}

QFuture<Result<Session>> RemoteBackend::signUp(const QString& username, const QString& password)
{
    Pending<Session> pending;
    const QJsonObject credentials{{u"username"_s, username}, {u"password"_s, password}};
    m_http->send(HttpCall::make("POST", u"/user"_s, credentials),
                 [http = m_http, state = m_state, username, password, pending](const HttpAnswer& answer) {
                     const bool created = answer.ok();
                     // Sent twice after a lost connection: "already exists" may be the first attempt's account.
                     const bool maybeOurs =
                         answer.retried && errorFrom(answer, Purpose::SignUp).kind == ErrorKind::NameTaken;
                     if (!created && !maybeOurs)
                         return pending.finish(errorFrom(answer, Purpose::SignUp));
                     const Error taken = errorFrom(answer, Purpose::SignUp);
                     remote::RemoteSignIn::logIn(
                         http, state, username, password, [pending, maybeOurs, taken](Result<Session> result) {
                             // Not our account after all: the name was taken by someone else.
                             if (maybeOurs && !result && result.error().kind == ErrorKind::WrongCredentials)
                                 return pending.finish(taken);
                             pending.finish(std::move(result));
                         });
                 });
    return track(pending.future());
}

QFuture<Result<QByteArray>> RemoteBackend::sessionToken()
{
    if (m_state->token.isEmpty())
        return track(
            QtFuture::makeReadyFuture(Result<QByteArray>(Error{ErrorKind::NotSignedIn, u"nobody is signed in"_s})));
    return track(QtFuture::makeReadyFuture(Result<QByteArray>(m_state->token)));
}

QFuture<Result<Session>> RemoteBackend::resume(const QByteArray& token)
{
    Pending<Session> pending;
    remote::RemoteSignIn::adopt(m_http, m_state, token,
                                [pending](Result<Session> result) { pending.finish(std::move(result)); });
    return track(pending.future());
}

QFuture<Result<Done>> RemoteBackend::signOut()
{
    HttpCall request = HttpCall::make("POST", u"/logout"_s);
    request.bearerToken = m_state->token;
    *m_state = SessionState{};
    if (request.bearerToken.isEmpty())
        return track(QtFuture::makeReadyFuture(Result<Done>(Done{})));
    // The session ends here whatever the server says; revoking the token is the server's part, best effort.
    Pending<Done> pending;
    m_http->send(std::move(request), [pending](const HttpAnswer&) { pending.finish(Done{}); });
    return track(pending.future());
}

QFuture<Result<Summary>> RemoteBackend::record(Mood mood, std::optional<qint64> at, const QString& note)
{
    QJsonObject body{{u"mood"_s, moodName(mood)}, {u"note"_s, note}};
    if (at)
        body.insert(u"timestamp"_s, QJsonValue(*at));
    HttpCall request = HttpCall::make("POST", u"/mood"_s, body);
    request.query.addQueryItem(u"details"_s, u"true"_s);
    const QByteArray zone = m_state->session.timeZone;
    const int year = localDate(at.value_or(m_clock->now().toSecsSinceEpoch()), zoneOrUtc(zone)).year();
    // Answered only from what the server said it stored: a mood is never reported saved on a guess.
    // "Today" as of the call (the clock is only read here, never after the backend may have gone).
    return asUser<Summary>(std::move(request), [state = m_state, today = today(), year](const HttpAnswer& answer) {
        if (state->yearsWithData)
            state->yearsWithData->insert(year);
        return summaryFrom(answer, today, kRecentEntries);
    });
}

QFuture<Result<Entry>> RemoteBackend::correct(qint64 entryId, Mood mood, const QString& note)
{
    HttpCall request = HttpCall::make("PATCH", u"/mood/%1"_s.arg(entryId),
                                      QJsonObject{{u"mood"_s, moodName(mood)}, {u"note"_s, note}});
    return asUser<Entry>(std::move(request), [entryId](const HttpAnswer& answer) -> Result<Entry> {
        QString why;
        const auto summary = remote::summaryFromJson(answer.json.object(), &why);
        if (!summary)
            return malformed(u"mood history"_s, why);
        for (const MoodEntry& entry : summary->history) {
            if (entry.id == entryId)
                return local::entryFrom(entry);
        }
        return malformed(u"mood history"_s, u"the corrected entry is missing"_s);
    });
}

QFuture<Result<Done>> RemoteBackend::remove(qint64 entryId)
{
    return asUser<Done>(HttpCall::make("DELETE", u"/mood/%1"_s.arg(entryId)), [state = m_state](const HttpAnswer&) {
        state->yearsWithData.reset(); // the year may have lost its last entry: read again when asked
        return Result<Done>(Done{});
    });
}

QFuture<Result<Summary>> RemoteBackend::summary(const HistoryRequest& request)
{
    HttpCall get = HttpCall::make("GET", u"/mood"_s);
    get.query.addQueryItem(u"details"_s, u"true"_s);
    if (request.year)
        get.query.addQueryItem(u"year"_s, QString::number(*request.year));
    if (request.limit > 0)
        get.query.addQueryItem(u"limit"_s, QString::number(request.limit));
    return asUser<Summary>(std::move(get),
                           [today = today()](const HttpAnswer& answer) { return summaryFrom(answer, today); });
}

QFuture<Result<Board>> RemoteBackend::board(int year)
{
    if (m_state->token.isEmpty())
        return track(QtFuture::makeReadyFuture(Result<Board>(Error{ErrorKind::NotSignedIn, u"nobody is signed in"_s})));
    Pending<Board> pending;
    remote::RemoteBoard::fetch(m_http, m_state, today(), year > 0 ? year : today().year(),
                               [pending, watch = sessionWatch()](Result<Board> board) {
                                   if (!board)
                                       watch(board.error());
                                   pending.finish(std::move(board));
                               });
    return track(pending.future());
}

QFuture<Result<Profile>> RemoteBackend::profile()
{
    return asUser<Profile>(HttpCall::make("GET", u"/user/me"_s), [state = m_state](const HttpAnswer& answer) {
        auto profile = profileFrom(answer);
        if (profile) {
            state->session.isAdmin = profile->isAdmin;
            state->session.timeZone = profile->timeZone;
        }
        return profile;
    });
}

QFuture<Result<Profile>> RemoteBackend::updateProfile(const ProfileChanges& changes)
{
    if (m_state->token.isEmpty())
        return track(
            QtFuture::makeReadyFuture(Result<Profile>(Error{ErrorKind::NotSignedIn, u"nobody is signed in"_s})));
    QJsonObject body;
    if (changes.email)
        body.insert(u"email"_s, *changes.email);
    if (changes.timeZone)
        body.insert(u"timezone"_s, QString::fromUtf8(*changes.timeZone));
    if (changes.shareLevel)
        body.insert(u"shareLevel"_s, shareLevelName(*changes.shareLevel));
    if (changes.newPassword) {
        body.insert(u"password"_s, *changes.newPassword);
        body.insert(u"currentPassword"_s, changes.currentPassword);
    }
    HttpCall request = HttpCall::make("PATCH", u"/user/me"_s, body);
    request.bearerToken = m_state->token;
    Pending<Profile> pending;
    m_http->send(std::move(request), [http = m_http, state = m_state, changes, pending](const HttpAnswer& answer) {
        if (!answer.ok())
            return pending.finish(errorFrom(answer));
        auto profile = profileFrom(answer);
        if (!profile)
            return pending.finish(profile);
        state->session.timeZone = profile->timeZone;
        if (!changes.newPassword)
            return pending.finish(profile);
        // A new password ends every token, this one too: sign in again with it to keep the session.
        const QString username = state->session.username;
        remote::RemoteSignIn::logIn(http, state, username, *changes.newPassword,
                                    [pending, profile](Result<Session> session) {
                                        pending.finish(session ? profile : Result<Profile>(session.error()));
                                    });
    });
    return track(pending.future());
}

QFuture<Result<QStringList>> RemoteBackend::findUsers(const QString& prefix)
{
    HttpCall request = HttpCall::make("GET", u"/user"_s);
    request.query.addQueryItem(u"q"_s, QString::fromUtf8(QUrl::toPercentEncoding(prefix)));
    return asUser<QStringList>(std::move(request), [](const HttpAnswer& answer) -> Result<QStringList> {
        QStringList names;
        for (const QJsonValue& name : answer.json.object().value(u"users"_s).toArray())
            names.append(name.toString());
        return names;
    });
}

QFuture<Result<Done>> RemoteBackend::follow(const QString& username)
{
    return asUser<Done>(
        HttpCall::make("POST", feedPath(m_state->session.username), QJsonObject{{u"follow"_s, username}}),
        [](const HttpAnswer&) { return Result<Done>(Done{}); });
}

QFuture<Result<Done>> RemoteBackend::unfollow(const QString& username)
{
    return asUser<Done>(
        HttpCall::make("POST", feedPath(m_state->session.username), QJsonObject{{u"unfollow"_s, username}}),
        [](const HttpAnswer&) { return Result<Done>(Done{}); });
}

QFuture<Result<QStringList>> RemoteBackend::following()
{
    HttpCall request = HttpCall::make("GET", feedPath(m_state->session.username, u"/following"_s));
    request.query = pageQuery(FeedRequest{1, 100});
    if (m_state->token.isEmpty())
        return asUser<QStringList>(request, [](const HttpAnswer&) { return Result<QStringList>(QStringList()); });
    request.bearerToken = m_state->token;
    Pending<QStringList> pending;
    m_http->send(std::move(request), [pending](const HttpAnswer& answer) {
        if (answer.status == 404 && remote::errorText(answer) == u"not found"_s)
            return pending.finish(Error{ErrorKind::Unavailable, u"this server does not list whom one follows"_s});
        if (!answer.ok())
            return pending.finish(errorFrom(answer));
        QStringList names;
        for (const QJsonValue& name : answer.json.object().value(u"users"_s).toArray())
            names.append(name.toString());
        pending.finish(names);
    });
    return track(pending.future());
}

QFuture<Result<FeedPage>> RemoteBackend::myFeed(const FeedRequest& request)
{
    HttpCall get = HttpCall::make("GET", feedPath(m_state->session.username));
    get.query = pageQuery(request);
    return asUser<FeedPage>(std::move(get), [](const HttpAnswer& answer) { return feedFrom(answer, u"my_feed"_s); });
}

QFuture<Result<FeedPage>> RemoteBackend::friendsFeed(const FeedRequest& request)
{
    HttpCall get = HttpCall::make("GET", feedPath(m_state->session.username, u"/friends"_s));
    get.query = pageQuery(request);
    return asUser<FeedPage>(std::move(get),
                            [](const HttpAnswer& answer) { return feedFrom(answer, u"friends_feed"_s); });
}

QFuture<Result<Done>> RemoteBackend::postUiLogs(const QList<UiLogBatch>& logs)
{
    QJsonArray body;
    for (const UiLogBatch& batch : logs) {
        QJsonArray actions;
        for (const UiAction& action : batch.actions) {
            actions.append(QJsonObject{{u"time"_s, action.time.toString(Qt::ISODateWithMs)},
                                       {u"type"_s, action.type},
                                       {u"properties"_s, action.properties}});
        }
        body.append(QJsonObject{
            {u"userId"_s, m_state->session.username}, {u"sessionId"_s, batch.sessionId}, {u"actions"_s, actions}});
    }
    return asUser<Done>(HttpCall::make("POST", u"/logs"_s, body),
                        [](const HttpAnswer&) { return Result<Done>(Done{}); });
}

QFuture<Result<QByteArray>> RemoteBackend::exportData(DataFormat format)
{
    HttpCall request = HttpCall::make("GET", u"/export"_s);
    request.query.addQueryItem(u"format"_s, format == DataFormat::Csv ? u"csv"_s : u"json"_s);
    // The file exactly as the server wrote it.
    return asUser<QByteArray>(std::move(request),
                              [](const HttpAnswer& answer) { return Result<QByteArray>(answer.body); });
}

QFuture<Result<ImportResult>> RemoteBackend::importData(const QByteArray& data, DataFormat format)
{
    HttpCall request = HttpCall::make("POST", u"/import"_s);
    request.rawBody = data;
    request.rawContentType = format == DataFormat::Csv ? "text/csv; charset=utf-8" : "application/json";
    return asUser<ImportResult>(std::move(request), [state = m_state](const HttpAnswer& answer) {
        state->yearsWithData.reset(); // history of other years may have come in
        return remote::importResultFrom(answer);
    });
}

} // namespace mood::client
