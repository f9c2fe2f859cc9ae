#pragma once

#include "User.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace mood {

// GET/PATCH /user/me: {"username", "email", "timezone", "shareLevel", "isAdmin"}. Only those fields: reading one
// back leaves id, longestStreak and createdAt unset.
QByteArray profileToJson(const User& user);
std::optional<User> profileFromJson(const QJsonObject& object, QString* error = nullptr);
std::optional<User> profileFromJson(const QByteArray& json, QString* error = nullptr);

} // namespace mood
