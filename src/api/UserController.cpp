#include "UserController.h"

#include "ApiErrors.h"
#include "BodyValidator.h"
#include "ClientAddress.h"
#include "JsonWriter.h"
#include "ProfileJson.h"
#include "RequestShapes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr Family kFamily = Family::Users;

ApiResponse bad(const QString& message)
{
    return errors::make(kFamily, 400, message);
}

// The credentials of a body that passed shapes::credentials().
std::pair<QString, QString> credentialsOf(const ApiRequest& request)
{
    const QJsonObject body = request.json.toObject();
    return {body.value(u"username"_s).toString(), body.value(u"password"_s).toString()};
}
} // namespace

UserController::UserController(ApiContext context)
    : m_context(context)
{
}

void UserController::addRoutes(Router& router)
{
    router.add({"POST", u"/user"_s, kFamily, false, u"Register a user"_s, bindTo(this, &UserController::registerUser),
                &shapes::credentials()});
    router.add(
        {"GET", u"/user"_s, kFamily, true, u"Find users by name prefix"_s, bindTo(this, &UserController::search)});
    router.add({"GET", u"/user/me"_s, kFamily, true, u"The caller's profile"_s, bindTo(this, &UserController::me)});
    router.add({"PATCH", u"/user/me"_s, kFamily, true, u"Change the caller's profile"_s,
                bindTo(this, &UserController::updateMe), &shapes::profileChange()});
    router.add({"POST", u"/login"_s, kFamily, false, u"Exchange credentials for a bearer token"_s,
                bindTo(this, &UserController::login), &shapes::credentials()});
    router.add(
        {"POST", u"/logout"_s, kFamily, true, u"Revoke the bearer token"_s, bindTo(this, &UserController::logout)});
    router.add({"GET", u"/instance"_s, kFamily, true, u"Instance settings"_s, bindTo(this, &UserController::instance)});
    router.add({"PATCH", u"/instance"_s, kFamily, true, u"Change instance settings (admin)"_s,
                bindTo(this, &UserController::updateInstance), &shapes::instanceChange()});
}

QByteArray UserController::profileJson(const User& user)
{
    return profileToJson(user);
}

ApiResponse UserController::registerUser(ApiRequest& request)
{
    const auto open = m_context.services.settings.registrationOpen();
    if (!open)
        return errors::fromDomain(kFamily, open.error());
    // The signed-in admin may always create accounts, throttle or not.
    std::optional<User> caller;
    if (!*open || !request.header("authorization").isEmpty()) {
        auto outcome = m_context.authenticator.authenticate(request, kFamily);
        if (outcome.failure)
            return *outcome.failure;
        caller = outcome.user;
    }
    if (Status allowed = AccessPolicy::mayRegister(caller, *open); !allowed)
        return errors::fromDomain(kFamily, allowed.error());
    const bool byAdmin = caller && caller->isAdmin;
    if (auto refused = BodyValidator::admit(request, shapes::credentials(), kFamily))
        return *refused;
    const auto [username, password] = credentialsOf(request);
    // A request refused for its values costs no hash and does not count against the throttle.
    for (const Status& valid : {UserService::validateUsername(username), UserService::validatePassword(password)}) {
        if (!valid)
            return bad(valid.error().message);
    }
    if (!byAdmin) {
        const auto admitted = m_context.services.registrations.admit(clientAddress::group(request.clientAddress));
        if (!admitted)
            return errors::fromDomain(kFamily, admitted.error());
        if (!*admitted)
            return errors::make(kFamily, 429, u"too many new accounts from this address; try again later"_s);
    }
    auto user = m_context.services.users.registerUser(username, password);
    if (!user) {
        // The original answered a duplicate with 400, not 409: clients depend on it.
        const int status = user.error().kind == ErrorKind::Conflict ? 400 : errors::statusFor(user.error().kind);
        return user.error().kind == ErrorKind::Storage ? errors::fromDomain(kFamily, user.error())
                                                       : errors::make(kFamily, status, user.error().message);
    }
    (void)m_context.services.events.add(EventStore::kProductComponent,
                                        QJsonObject{{u"username"_s, username}, {u"address"_s, request.clientAddress}},
                                        QString(), u"server"_s, u"user '%1' registered"_s.arg(username));
    return ApiResponse::json(201, QJsonObject{{u"username"_s, user->username}});
}

ApiResponse UserController::search(ApiRequest& request)
{
    auto names = m_context.services.users.searchByPrefix(request.queryValue(u"q"_s), 20);
    if (!names)
        return errors::fromDomain(kFamily, names.error());
    return ApiResponse::json(200, QJsonObject{{u"users"_s, QJsonArray::fromStringList(*names)}});
}

ApiResponse UserController::me(ApiRequest& request)
{
    return ApiResponse::json(200, profileJson(*request.user));
}

ApiResponse UserController::updateMe(ApiRequest& request)
{
    if (auto refused = BodyValidator::admit(request, shapes::profileChange(), kFamily))
        return *refused;
    const QJsonObject changes = request.json.toObject();
    ProfileChanges profile;
    if (changes.contains(u"email"_s))
        profile.email = changes.value(u"email"_s).toString();
    if (changes.contains(u"timezone"_s))
        profile.timeZone = changes.value(u"timezone"_s).toString().toUtf8();
    if (changes.contains(u"shareLevel"_s))
        profile.shareLevel = shareLevelFromName(changes.value(u"shareLevel"_s).toString());
    if (changes.contains(u"password"_s))
        profile.password = changes.value(u"password"_s).toString();
    if (changes.contains(u"currentPassword"_s))
        profile.currentPassword = changes.value(u"currentPassword"_s).toString();

    UserService& users = m_context.services.users;
    const qint64 id = request.user->id;
    // Every value is checked before anything changes, and the changes are one transaction, which also reads
    // back the profile this answer shows.
    const auto updated = users.updateProfile(id, profile);
    if (!updated)
        return errors::fromDomain(kFamily, updated.error());
    if (profile.password)
        m_context.authenticator.forgetUser(id);
    return ApiResponse::json(200, profileJson(*updated));
}

ApiResponse UserController::login(ApiRequest& request)
{
    if (m_context.authenticator.isBanned(request.clientAddress))
        return errors::tooManyRequests(kFamily);
    if (auto refused = BodyValidator::admit(request, shapes::credentials(), kFamily))
        return *refused;
    const auto [username, password] = credentialsOf(request);
    auto user = m_context.authenticator.login(username, password, request.clientAddress);
    if (!user) {
        if (user.error().kind == ErrorKind::Storage)
            return errors::fromDomain(kFamily, user.error());
        return errors::unauthorized();
    }
    auto token = m_context.services.tokens.issue(user->id);
    if (!token)
        return errors::fromDomain(kFamily, token.error());
    return ApiResponse::json(
        200,
        OrderedObject().add(u"token"_s, token->token).add(u"expiresAt"_s, QJsonValue(token->expiresAt)).serialize());
}

ApiResponse UserController::logout(ApiRequest& request)
{
    if (request.bearerToken.isEmpty())
        return bad(u"logout revokes a bearer token: send Authorization: Bearer <token>"_s);
    if (Status revoked = m_context.services.tokens.revoke(request.bearerToken); !revoked)
        return errors::fromDomain(kFamily, revoked.error());
    return ApiResponse::noContent();
}

ApiResponse UserController::instance(ApiRequest&)
{
    const auto open = m_context.services.settings.registrationOpen();
    if (!open)
        return errors::fromDomain(kFamily, open.error());
    const auto perHour = m_context.services.settings.registrationsPerHour();
    if (!perHour)
        return errors::fromDomain(kFamily, perHour.error());
    const auto retention = m_context.services.settings.retention();
    if (!retention)
        return errors::fromDomain(kFamily, retention.error());
    return ApiResponse::json(200,
                             QJsonObject{{u"registrationOpen"_s, *open},
                                         {u"registrationsPerHour"_s, *perHour},
                                         {u"backfillDays"_s, m_context.services.moods.backfillDays()},
                                         {u"retention"_s, retentionPolicyName(*retention)}});
}

ApiResponse UserController::updateInstance(ApiRequest& request)
{
    if (Status allowed = AccessPolicy::mayChangeInstance(*request.user); !allowed)
        return errors::fromDomain(kFamily, allowed.error());
    if (auto refused = BodyValidator::admit(request, shapes::instanceChange(), kFamily))
        return *refused;
    const QJsonObject body = request.json.toObject();
    InstanceChanges changes;
    if (body.contains(u"registrationOpen"_s))
        changes.registrationOpen = body.value(u"registrationOpen"_s).toBool();
    if (body.contains(u"registrationsPerHour"_s)) {
        const double value = body.value(u"registrationsPerHour"_s).toDouble();
        const bool fits = value >= 0 && value <= InstanceSettings::kMaxRegistrationsPerHour;
        changes.registrationsPerHour = fits ? static_cast<int>(value) : -1; // -1: update() refuses it, with why
    }
    if (body.contains(u"retention"_s))
        changes.retention = retentionPolicyFromName(body.value(u"retention"_s).toString());
    if (Status saved = m_context.services.settings.update(changes); !saved)
        return errors::fromDomain(kFamily, saved.error());
    // Answered from a read after the commit, but a read is retried on a fresh connection when one drops.
    return instance(request);
}

} // namespace mood::api
