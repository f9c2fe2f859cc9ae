#include "RemoteSignIn.h"

#include "HttpTransport.h"
#include "LocalMapping.h"
#include "RemoteDecoding.h"
#include "RemoteErrors.h"

#include <QJsonObject>

namespace mood::client::remote {

using namespace Qt::StringLiterals;

void logIn(const std::shared_ptr<HttpTransport>& http, const std::shared_ptr<RemoteBackend::SessionState>& state,
           const QString& username, const QString& password, std::function<void(Result<Session>)> done)
{
    using State = RemoteBackend::SessionState;
    const QJsonObject credentials{{u"username"_s, username}, {u"password"_s, password}};
    http->send(HttpCall::make("POST", u"/login"_s, credentials), [http, state, done](const HttpAnswer& answer) {
        if (!answer.ok())
            return done(errorFrom(answer, Purpose::SignIn));
        const QByteArray token = answer.json.object().value(u"token"_s).toString().toUtf8();
        if (token.isEmpty())
            return done(malformed(u"login answer"_s, u"no 'token'"_s));
        HttpCall me = HttpCall::make("GET", u"/user/me"_s);
        me.bearerToken = token;
        http->send(me, [state, done, token](const HttpAnswer& profile) {
            if (!profile.ok())
                return done(errorFrom(profile));
            QString why;
            const auto user = profileFromJson(profile.json.object(), &why);
            if (!user)
                return done(malformed(u"profile"_s, why));
            *state = State{token, local::sessionFrom(*user), std::nullopt};
            done(state->session);
        });
    });
}

} // namespace mood::client::remote
