#include "InstanceSettings.h"

namespace mood {

using namespace Qt::StringLiterals;

namespace {
const QString kRegistrationOpen = u"registration_open"_s;
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
    return setValue(kRegistrationOpen, open ? u"1"_s : u"0"_s);
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
    return setValue(kRetention, retentionPolicyName(policy));
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

Status InstanceSettings::setValue(const QString& key, const QString& value)
{
    return m_database.write([&](const QSqlDatabase& db) -> Status {
        auto done = sql::exec(db,
                              u"INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)"
                              " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value"_s,
                              {key, value});
        return done ? success() : Status(done.error());
    });
}

} // namespace mood
