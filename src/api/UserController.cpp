#include "UserController.h"

#include "ApiErrors.h"
#include "ClientAddress.h"
#include "JsonInput.h"
#include "JsonWriter.h"
#include "ProfileJson.h"

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

// {"username": str, "password": str}, checked like the original's JSON schema.
std::optional<ApiResponse> credentialsFrom(const QByteArray& body, QString* username, QString* password)
{
    QString invalid;
    const auto parsed = json::parseObject(body, &invalid);
    if (!parsed)
        return bad(invalid);
    for (const QString& key : {u"username"_s, u"password"_s}) {
        if (!parsed->contains(key))
            return bad(json::required(key));
    }
    for (const QString& key : {u"username"_s, u"password"_s}) {
        if (!parsed->value(key).isString())
            return bad(json::wrongType(parsed->repr(key), u"string"_s));
    }
    *username = parsed->value(u"username"_s).toString();
    *password = parsed->value(u"password"_s).toString();
    return std::nullopt;
}
} // namespace

UserController::UserController(ApiContext context)
    : m_context(context)
{
}

void UserController::addRoutes(Router& router)
{
    router.add({"POST", u"/user"_s, kFamily, false, u"Register a user"_s, bindTo(this, &UserController::registerUser)});
    router.add(
        {"GET", u"/user"_s, kFamily, true, u"Find users by name prefix"_s, bindTo(this, &UserController::search)});
    router.add({"GET", u"/user/me"_s, kFamily, true, u"The caller's profile"_s, bindTo(this, &UserController::me)});
    router.add({"PATCH", u"/user/me"_s, kFamily, true, u"Change the caller's profile"_s,
                bindTo(this, &UserController::updateMe)});
    router.add({"POST", u"/login"_s, kFamily, false, u"Exchange credentials for a bearer token"_s,
                bindTo(this, &UserController::login)});
    router.add(
        {"POST", u"/logout"_s, kFamily, true, u"Revoke the bearer token"_s, bindTo(this, &UserController::logout)});
    router.add({"GET", u"/instance"_s, kFamily, true, u"Instance settings"_s, bindTo(this, &UserController::instance)});
    router.add({"PATCH", u"/instance"_s, kFamily, true, u"Change instance settings (admin)"_s,
                bindTo(this, &UserController::updateInstance)});
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
    QString username;
    QString password;
    if (auto invalid = credentialsFrom(request.body, &username, &password))
        return *invalid;
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
    QString invalid;
    const auto parsed = json::parseObject(request.body, &invalid);
    if (!parsed)
        return bad(invalid);
    const QJsonObject& changes = parsed->object;
    static const QStringList known{u"email"_s, u"timezone"_s, u"shareLevel"_s, u"password"_s, u"currentPassword"_s};
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (!known.contains(it.key()))
            return bad(u"'%1' cannot be changed (allowed: email, timezone, shareLevel, password)"_s.arg(it.key()));
        if (!it.value().isString())
            return bad(json::wrongType(parsed->repr(it.key()), u"string"_s));
    }
    ProfileChanges profile;
    if (changes.contains(u"email"_s))
        profile.email = changes.value(u"email"_s).toString();
    if (changes.contains(u"timezone"_s))
        profile.timeZone = changes.value(u"timezone"_s).toString().toUtf8();
    if (changes.contains(u"shareLevel"_s)) {
        profile.shareLevel = shareLevelFromName(changes.value(u"shareLevel"_s).toString());
        if (!profile.shareLevel)
            return bad(json::notOneOf(parsed->repr(u"shareLevel"_s), {u"none"_s, u"milestones"_s, u"moods"_s}));
    }
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
    QString username;
    QString password;
    if (auto invalid = credentialsFrom(request.body, &username, &password))
        return *invalid;
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
    QString invalid;
    const auto parsed = json::parseObject(request.body, &invalid);
    if (!parsed)
        return bad(invalid);
    const QJsonValue open = parsed->value(u"registrationOpen"_s);
    const QJsonValue perHour = parsed->value(u"registrationsPerHour"_s);
    const QJsonValue retention = parsed->value(u"retention"_s);
    if (open.isUndefined() && perHour.isUndefined() && retention.isUndefined())
        return bad(json::required(u"registrationOpen"_s));
    InstanceChanges changes;
    if (!open.isUndefined()) {
        if (!open.isBool())
            return bad(json::wrongType(parsed->repr(u"registrationOpen"_s), u"boolean"_s));
        changes.registrationOpen = open.toBool();
    }
    if (!perHour.isUndefined()) {
        if (!json::isInteger(perHour))
            return bad(json::wrongType(parsed->repr(u"registrationsPerHour"_s), u"integer"_s));
        const double value = perHour.toDouble();
        const bool fits = value >= 0 && value <= InstanceSettings::kMaxRegistrationsPerHour;
        changes.registrationsPerHour = fits ? static_cast<int>(value) : -1; // -1: update() refuses it, with why
    }
    if (!retention.isUndefined()) {
        if (!retention.isString())
            return bad(json::wrongType(parsed->repr(u"retention"_s), u"string"_s));
        changes.retention = retentionPolicyFromName(retention.toString());
        if (!changes.retention)
            return bad(json::notOneOf(parsed->repr(u"retention"_s), {u"all"_s, u"one-year"_s}));
    }
    if (Status saved = m_context.services.settings.update(changes); !saved)
        return errors::fromDomain(kFamily, saved.error());
    // Answered from a read after the commit, but a read is retried on a fresh connection when one drops.
    return instance(request);
}

} // namespace mood::api
