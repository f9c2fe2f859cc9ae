#pragma once

#include "Database.h"
#include "Result.h"

namespace mood {

// Instance-wide switches kept in the database, so every server sharing it agrees.
class InstanceSettings final
{
public:
    explicit InstanceSettings(const Database& database);

    Result<bool> registrationOpen() const; // default: open
    Status setRegistrationOpen(bool open);

private:
    Result<QString> value(const QString& key) const;
    Status setValue(const QString& key, const QString& value);

    const Database& m_database;
};

} // namespace mood
