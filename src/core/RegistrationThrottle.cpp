#include "RegistrationThrottle.h"

namespace mood {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kWindowSeconds = 3600;
}

RegistrationThrottle::RegistrationThrottle(const Database& database, const Clock& clock,
                                           const InstanceSettings& settings)
    : m_database(database)
    , m_clock(clock)
    , m_settings(settings)
{
}

Result<bool> RegistrationThrottle::admit(const QString& client)
{
    const auto limit = m_settings.registrationsPerHour();
    if (!limit)
        return limit.error();
    if (*limit == 0)
        return true;
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun.error();
    if (m_database.dialect() == Dialect::Postgres) {
        // Two servers admitting the same client at once must not both see room for one more.
        if (auto locked = sql::exec(tx.db(), u"LOCK TABLE registration_attempts IN SHARE ROW EXCLUSIVE MODE"_s);
            !locked)
            return locked.error();
    }
    // The table only ever holds the last hour.
    if (auto purged =
            sql::exec(tx.db(), u"DELETE FROM registration_attempts WHERE at_epoch <= ?"_s, {now - kWindowSeconds});
        !purged)
        return purged.error();
    const auto recent =
        sql::scalar(tx.db(), u"SELECT COUNT(*) FROM registration_attempts WHERE client = ?"_s, {client});
    if (!recent)
        return recent.error();
    if (*recent >= *limit)
        return false;
    if (auto counted =
            sql::exec(tx.db(), u"INSERT INTO registration_attempts (client, at_epoch) VALUES (?, ?)"_s, {client, now});
        !counted)
        return counted.error();
    if (Status committed = tx.commit(); !committed)
        return committed.error();
    return true;
}

} // namespace mood
