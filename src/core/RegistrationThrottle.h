#pragma once

#include "Clock.h"
#include "Database.h"
#include "InstanceSettings.h"
#include "Result.h"

namespace mood {

// How many accounts one client may create per hour (InstanceSettings::registrationsPerHour). Each one costs
// an Argon2id hash, 64 MiB and tens of milliseconds of a core: without a limit, registering is a cheap attack.
// Counted in the database, so servers sharing it share the count.
class RegistrationThrottle final
{
public:
    RegistrationThrottle(const Database& database, const Clock& clock, const InstanceSettings& settings);

    // Counts one registration from client (an opaque key: the API passes an IPv4 address or IPv6 /64) and
    // answers true, or answers false and counts nothing when client has had its limit in the last hour.
    Result<bool> admit(const QString& client);

private:
    const Database& m_database;
    const Clock& m_clock;
    const InstanceSettings& m_settings;
};

} // namespace mood
