#include "RemoteSignIn.h"

#include "HttpTransport.h"
#include "LocalMapping.h"
#include "RemoteDecoding.h"
#include "RemoteErrors.h"

#include <QJsonObject>

namespace mood::client::remote {

using namespace Qt::StringLiterals;
using State = RemoteBackend::SessionState;

void RemoteSignIn::logIn(const std::shared_ptr<HttpTransport>& http, const std::shared_ptr<State>& state,
                         const QString& username, const QString& password, Handler done)
{
    HttpCall login;
    login.method = "POST";
    login.path = u"/login"_s;
    login.body = QJsonObject{{u"username"_s, username}, {u"password"_s, password}};
    http->send(std::move(login), [http, state, done = std::move(done)](const HttpAnswer& answer) {
        if (!answer.ok())
            return done(errorFrom(answer, Purpose::SignIn));
        const QByteArray token = answer.json.object().value(u"token"_s).toString().toUtf8();
        if (token.isEmpty())
            return done(malformed(u"login answer"_s, u"no 'token'"_s));
        adopt(http, state, token, done);
    });
}

void RemoteSignIn::adopt(const std::shared_ptr<HttpTransport>& http, const std::shared_ptr<State>& state,
                         const QByteArray& token, Handler done)
{
    if (token.isEmpty())
        return done(Error{ErrorKind::NotSignedIn, u"no token to sign in with"_s});
    HttpCall me;
    me.path = u"/user/me"_s;
    me.bearerToken = token;
    http->send(std::move(me), [state, token, done = std::move(done)](const HttpAnswer& profile) {
        if (!profile.ok())
            return done(errorFrom(profile)); // 401: NotSignedIn, the token was revoked or expired
        QString why;
        const auto user = profileFromJson(profile.json.object(), &why);
        if (!user)
            return done(malformed(u"profile"_s, why));
        *state = State{token, local::sessionFrom(*user), std::nullopt};
        done(state->session);
    });
}

} // namespace mood::client::remote
