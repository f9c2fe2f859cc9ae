#include "InstanceSettings.h"

namespace mood {

using namespace Qt::StringLiterals;

namespace {
const QString kRegistrationOpen = u"registration_open"_s;
const QString kRegistrationsPerHour = u"registrations_per_hour"_s;
const QString kRetention = u"retention"_s;
} // namespace

QString retentionPolicyName(RetentionPolicy policy)
{
    return policy == RetentionPolicy::KeepOneYear ? u"one-year"_s : u"all"_s;
}

std::optional<RetentionPolicy> retentionPolicyFromName(const QString& name)
{
    for (RetentionPolicy policy : {RetentionPolicy::KeepAll, RetentionPolicy::KeepOneYear}) {
        if (retentionPolicyName(policy) == name)
            return policy;
    }
    return std::nullopt;
}

InstanceSettings::InstanceSettings(const Database& database)
    : m_database(database)
{
}

Result<bool> InstanceSettings::registrationOpen() const
{
    const auto stored = value(kRegistrationOpen);
    if (!stored)
        return stored.error();
    return *stored != u"0"_s;
}

Status InstanceSettings::setRegistrationOpen(bool open)
{
    InstanceChanges changes;
    changes.registrationOpen = open;
    return update(changes);
}

Result<int> InstanceSettings::registrationsPerHour() const
{
    const auto stored = value(kRegistrationsPerHour);
    if (!stored)
        return stored.error();
    bool ok = false;
    const int limit = stored->toInt(&ok);
    return ok ? limit : kDefaultRegistrationsPerHour;
}

Status InstanceSettings::setRegistrationsPerHour(int limit)
{
    InstanceChanges changes;
    changes.registrationsPerHour = limit;
    return update(changes);
}

Result<RetentionPolicy> InstanceSettings::retention() const
{
    const auto stored = value(kRetention);
    if (!stored)
        return stored.error();
    return retentionPolicyFromName(*stored).value_or(RetentionPolicy::KeepAll);
}

Status InstanceSettings::setRetention(RetentionPolicy policy)
{
    InstanceChanges changes;
    changes.retention = policy;
    return update(changes);
}

Status InstanceSettings::update(const InstanceChanges& changes)
{
    QList<std::pair<QString, QString>> values;
    if (changes.registrationOpen)
        values.append({kRegistrationOpen, *changes.registrationOpen ? u"1"_s : u"0"_s});
    if (changes.registrationsPerHour) {
        const int limit = *changes.registrationsPerHour;
        if (limit < 0 || limit > kMaxRegistrationsPerHour)
            return Error{
                ErrorKind::Invalid,
                u"registrationsPerHour must be a whole number from 0 (no limit) to %1"_s.arg(kMaxRegistrationsPerHour)};
        values.append({kRegistrationsPerHour, QString::number(limit)});
    }
    if (changes.retention)
        values.append({kRetention, retentionPolicyName(*changes.retention)});
    return m_database.write([&](const QSqlDatabase& db) -> Status {
        for (const auto& [key, value] : std::as_const(values)) {
            auto done = sql::exec(db,
                                  u"INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)"
                                  " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value"_s,
                                  {key, value});
            if (!done)
                return done.error();
        }
        return success();
    });
}

Result<QString> InstanceSettings::value(const QString& key) const
{
    return m_database.read([&](const QSqlDatabase& db) -> Result<QString> {
        auto q = sql::exec(db, u"SELECT meta_value FROM meta WHERE meta_key = ?"_s, {key});
        if (!q)
            return q.error();
        return q->next() ? q->value(0).toString() : QString();
    });
}

} // namespace mood
