#include "InstanceSettings.h"

namespace mood {

using namespace Qt::StringLiterals;

namespace {
const QString kRegistrationOpen = u"registration_open"_s;
const QString kRegistrationsPerHour = u"registrations_per_hour"_s;
} // namespace

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
    return update(InstanceChanges{open, std::nullopt});
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
    return update(InstanceChanges{std::nullopt, limit});
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
    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun;
    for (const auto& [key, value] : std::as_const(values)) {
        auto done = sql::exec(tx.db(),
                              u"INSERT INTO meta (meta_key, meta_value) VALUES (?, ?)"
                              " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value"_s,
                              {key, value});
        if (!done)
            return done.error();
    }
    return tx.commit();
}

Result<QString> InstanceSettings::value(const QString& key) const
{
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = sql::exec(*db, u"SELECT meta_value FROM meta WHERE meta_key = ?"_s, {key});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toString() : QString();
}

} // namespace mood
