#include "RequestShapes.h"

#include "InstanceSettings.h"
#include "Mood.h"
#include "MoodService.h"
#include "UserService.h"

#include <QJsonArray>

namespace mood::api::shapes {

using namespace Qt::StringLiterals;

namespace {
FieldShape member(const QString& name, JsonType type, bool required)
{
    FieldShape field;
    field.name = name;
    field.type = type;
    field.required = required;
    return field;
}

FieldShape text(const QString& name, bool required = true)
{
    return member(name, JsonType::String, required);
}

FieldShape note()
{
    FieldShape field = text(u"note"_s, false);
    field.nullable = true;
    field.documented = QJsonObject{{u"maxLength"_s, MoodService::kMaxNoteLength}};
    return field;
}

FieldShape mood()
{
    FieldShape field = text(u"mood"_s);
    field.allowed = allMoodNames();
    field.allowedRef = u"MoodName"_s;
    return field;
}

FieldShape notBlank(const QString& name, const QString& refusal)
{
    FieldShape field = text(name);
    field.nonBlank = true;
    field.refusal = refusal;
    field.description = u"Not empty or only whitespace."_s;
    return field;
}
} // namespace

const BodyShape& credentials()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"Credentials"_s;
        FieldShape username = text(u"username"_s);
        username.documented =
            QJsonObject{{u"pattern"_s, u"^[A-Za-z0-9._-]{1,32}$"_s}, {u"minLength"_s, 1}, {u"maxLength"_s, 32}};
        FieldShape password = text(u"password"_s);
        password.documented = QJsonObject{{u"minLength"_s, 8}, {u"maxLength"_s, 1024}, {u"format"_s, u"password"_s}};
        s.fields = {username, password};
        s.example = QJsonObject{{u"username"_s, u"alice"_s}, {u"password"_s, u"correct horse"_s}};
        return s;
    }();
    return shape;
}

const BodyShape& profileChange()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"ProfileChange"_s;
        s.description =
            u"Any of the fields. Everything is validated before anything changes; other keys are refused."_s;
        FieldShape email = text(u"email"_s, false);
        email.description = u"An email address, or \"\" to remove it."_s;
        FieldShape timezone = text(u"timezone"_s, false);
        timezone.description = u"IANA name, e.g. Europe/Berlin."_s;
        FieldShape shareLevel = text(u"shareLevel"_s, false);
        shareLevel.allowed = QStringList{u"none"_s, u"milestones"_s, u"moods"_s};
        FieldShape password = text(u"password"_s, false);
        password.documented = QJsonObject{{u"minLength"_s, 8}, {u"maxLength"_s, 1024}, {u"format"_s, u"password"_s}};
        password.description =
            u"At least 8 characters; needs currentPassword. Ends every token and cached credential of the user."_s;
        FieldShape current = text(u"currentPassword"_s, false);
        current.description = u"Required with password (403 when missing or wrong)."_s;
        s.fields = {email, timezone, shareLevel, password, current};
        s.closed = true;
        s.unknownMessage = u"'%1' cannot be changed (allowed: email, timezone, shareLevel, password)"_s;
        s.example = QJsonObject{{u"timezone"_s, u"America/New_York"_s}, {u"shareLevel"_s, u"moods"_s}};
        return s;
    }();
    return shape;
}

const BodyShape& instanceChange()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"InstanceChange"_s;
        s.description = u"At least one of the settings; when none is sent the answer is 400 \"'registrationOpen' is a "
                        "required property\"."_s;
        FieldShape open = member(u"registrationOpen"_s, JsonType::Boolean, false);
        FieldShape perHour = member(u"registrationsPerHour"_s, JsonType::Integer, false);
        perHour.documented = QJsonObject{{u"minimum"_s, 0}, {u"maximum"_s, InstanceSettings::kMaxRegistrationsPerHour}};
        FieldShape retention = text(u"retention"_s, false);
        retention.allowed = QStringList{u"all"_s, u"one-year"_s};
        s.fields = {open, perHour, retention};
        s.atLeastOne = QStringList{u"registrationOpen"_s, u"registrationsPerHour"_s, u"retention"_s};
        s.example = QJsonObject{{u"registrationOpen"_s, false}};
        return s;
    }();
    return shape;
}

const BodyShape& moodInput()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"MoodInput"_s;
        FieldShape timestamp = member(u"timestamp"_s, JsonType::Integer, false);
        timestamp.documented = QJsonObject{{u"format"_s, u"int64"_s}};
        timestamp.description = u"Epoch seconds; default now. At most 5 minutes ahead; a past day only within the "
                                "instance's back-fill window."_s;
        s.fields = {mood(), timestamp, note()};
        s.example = QJsonObject{{u"mood"_s, u"CHEERFUL"_s}};
        return s;
    }();
    return shape;
}

const BodyShape& moodCorrection()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"MoodCorrection"_s;
        s.fields = {mood(), note()};
        s.example = QJsonObject{{u"mood"_s, u"WHIMSICAL"_s}, {u"note"_s, u"better after lunch"_s}};
        return s;
    }();
    return shape;
}

const BodyShape& eventInput()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"EventInput"_s;
        // The blank and address tests answer in this order: email first.
        FieldShape email = notBlank(u"email"_s, u"Failed with Invalid email address."_s);
        email.accepts = [](const QString& address) { return bool(UserService::validateEmail(address)); };
        email.documented = QJsonObject{{u"format"_s, u"email"_s}};
        email.description.clear();
        FieldShape data = member(u"data"_s, JsonType::Object, true);
        s.fields = {email, notBlank(u"component"_s, u"Failed with Component can not be empty."_s), data,
                    notBlank(u"environment"_s, u"Failed with Environment can not be empty."_s),
                    notBlank(u"message"_s, u"Failed with Message can not be empty."_s)};
        s.example = QJsonObject{{u"component"_s, u"checkout"_s},
                                {u"data"_s, QJsonObject{{u"cart"_s, 3}}},
                                {u"email"_s, u"alice@example.org"_s},
                                {u"environment"_s, u"production"_s},
                                {u"message"_s, u"payment accepted"_s}};
        return s;
    }();
    return shape;
}

const BodyShape& uiLogs()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"UiLogBatch"_s;
        s.type = JsonType::Array;
        s.minItems = 1;
        s.itemsRef = u"UiLog"_s;
        return s;
    }();
    return shape;
}

const BodyShape& activityInput()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"ActivityInput"_s;
        FieldShape actor = text(u"actor"_s);
        actor.description = u"The caller."_s;
        FieldShape verb = notBlank(u"verb"_s, u"empty verb"_s);
        verb.description = u"Not empty and not only whitespace (400 \"empty verb\")."_s;
        FieldShape object = text(u"object"_s);
        object.nullable = true;
        FieldShape target = text(u"target"_s);
        target.description = u"An existing user."_s;
        s.fields = {actor, verb, object, target};
        s.example = QJsonObject{
            {u"actor"_s, u"alice"_s}, {u"verb"_s, u"cheered"_s}, {u"object"_s, QJsonValue()}, {u"target"_s, u"bob"_s}};
        return s;
    }();
    return shape;
}

const BodyShape& followChange()
{
    static const BodyShape shape = [] {
        BodyShape s;
        s.name = u"FollowChange"_s;
        s.description = u"Either follow or unfollow: the name of another user. A body with neither, or with an empty "
                        "or null name, is 400 \"user to follow not specified\"; with both, follow wins."_s;
        FieldShape follow = text(u"follow"_s, false);
        follow.nullable = true;
        FieldShape unfollow = text(u"unfollow"_s, false);
        unfollow.nullable = true;
        s.fields = {follow, unfollow};
        s.alternatives = {{u"follow"_s}, {u"unfollow"_s}};
        s.example = QJsonObject{{u"follow"_s, u"bob"_s}};
        return s;
    }();
    return shape;
}

} // namespace mood::api::shapes
