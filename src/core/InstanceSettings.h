#pragma once

#include "Database.h"
#include "Result.h"

#include <optional>

namespace mood {

// Settings to change; only those that are set change.
struct InstanceChanges {
    std::optional<bool> registrationOpen;
    std::optional<int> registrationsPerHour;
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
    // All or nothing: every value is checked, then one transaction writes them.
    Status update(const InstanceChanges& changes);

private:
    Result<QString> value(const QString& key) const;

    const Database& m_database;
};

} // namespace mood
