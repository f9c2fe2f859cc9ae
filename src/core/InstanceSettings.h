#pragma once

#include "Database.h"
#include "Result.h"

#include <optional>

namespace mood {

// How long moods are kept: every year (default), or only the current one; older years go once their
// year-end mail reached everyone with an address (Retention.h).
enum class RetentionPolicy { KeepAll, KeepOneYear };
QString retentionPolicyName(RetentionPolicy policy); // "all" | "one-year"
std::optional<RetentionPolicy> retentionPolicyFromName(const QString& name);

// Instance-wide switches kept in the database, so every server sharing it agrees.
class InstanceSettings final
{
public:
    explicit InstanceSettings(const Database& database);

    Result<bool> registrationOpen() const; // default: open
    Status setRegistrationOpen(bool open);
    Result<RetentionPolicy> retention() const; // default: KeepAll
    Status setRetention(RetentionPolicy policy);

private:
    Result<QString> value(const QString& key) const;
    Status setValue(const QString& key, const QString& value);

    const Database& m_database;
};

} // namespace mood
