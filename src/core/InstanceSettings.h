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

// Settings to change; only those that are set change.
struct InstanceChanges {
    std::optional<bool> registrationOpen;
    std::optional<int> registrationsPerHour;
    std::optional<RetentionPolicy> retention;
};

// Instance-wide switches kept in the database, so every server sharing it agrees.
class InstanceSettings final
{
public:
    explicit InstanceSettings(const Database& database);

    static constexpr int kDefaultRegistrationsPerHour = 20;
    static constexpr int kMaxRegistrationsPerHour = 1000000;

    Result<bool> registrationOpen() const; // default: open
    Status setRegistrationOpen(bool open);
    // New accounts one client (an IPv4 address or IPv6 /64) may create per hour; 0: no limit. The admin is exempt.
    Result<int> registrationsPerHour() const;
    Status setRegistrationsPerHour(int limit); // Invalid outside 0..kMaxRegistrationsPerHour
    Result<RetentionPolicy> retention() const; // default: KeepAll
    Status setRetention(RetentionPolicy policy);
    // All or nothing: every value is checked, then one transaction writes them.
    Status update(const InstanceChanges& changes);

private:
    Result<QString> value(const QString& key) const;

    const Database& m_database;
};

} // namespace mood
