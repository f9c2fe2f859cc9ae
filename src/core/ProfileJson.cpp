#include "ProfileJson.h"

#include "JsonFields.h"
#include "JsonWriter.h"

namespace mood {

using namespace Qt::StringLiterals;

QByteArray profileToJson(const User& user)
{
    return JsonWriter(128)
        .beginObject()
        .key("username"_L1)
        .value(user.username)
        .key("email"_L1)
        .value(user.email)
        .key("timezone"_L1)
        .value(QString::fromUtf8(user.timeZone))
        .key("shareLevel"_L1)
        .value(shareLevelName(user.shareLevel))
        .key("isAdmin"_L1)
        .value(user.isAdmin)
        .endObject()
        .take();
}

std::optional<User> profileFromJson(const QJsonObject& object, QString* error)
{
    JsonFields fields(object, u"profile"_s);
    User user;
    user.username = fields.string("username"_L1);
    user.email = fields.string("email"_L1);
    user.timeZone = fields.string("timezone"_L1).toUtf8();
    const QString level = fields.string("shareLevel"_L1);
    user.isAdmin = fields.boolean("isAdmin"_L1);
    const auto shareLevel = shareLevelFromName(level);
    if (!shareLevel && fields.ok())
        fields.invalid("shareLevel"_L1, u"is not one of none, milestones, moods: "_s + level);
    if (!fields.finish(error))
        return std::nullopt;
    user.shareLevel = *shareLevel;
    return user;
}

std::optional<User> profileFromJson(const QByteArray& json, QString* error)
{
    const auto object = JsonFields::parseObject(json, u"profile"_s, error);
    return object ? profileFromJson(*object, error) : std::nullopt;
}

} // namespace mood
