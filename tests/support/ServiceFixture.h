#pragma once

#include "FakeClock.h"
#include "ScratchDatabase.h"
#include "Services.h"
#include "StreakRanking.h"

#include <QTimeZone>

#include <memory>

namespace mood::test {

// Every service over a scratch database and a fake clock, with quick ways to lay down users and history
// (moods written straight into the table, as if recorded long ago, with streaks kept consistent).
class ServiceFixture final
{
public:
    bool open(const QString& backend, QString* error)
    {
        if (!scratch.open(backend)) {
            *error = scratch.error();
            return false;
        }
        clock = std::make_unique<FakeClock>();
        ServiceOptions options;
        options.passwordStrength = PasswordHasher::Strength::Minimal;
        services = std::make_unique<Services>(scratch.db(), *clock, options);
        return true;
    }

    void close()
    {
        services.reset();
        scratch.close();
    }

    // 0 on failure (with a warning saying why).
    qint64 addUser(const QString& name, const QString& email = {}, const QByteArray& zone = "UTC")
    {
        const auto user = services->users.registerUser(name, QStringLiteral("correct horse"));
        if (!user) {
            qWarning("register %s: %s", qPrintable(name), qPrintable(user.error().message));
            return 0;
        }
        ProfileChanges changes;
        changes.timeZone = zone;
        if (!email.isEmpty())
            changes.email = email;
        if (const auto set = services->users.updateProfile(user->id, changes); !set) {
            qWarning("profile of %s: %s", qPrintable(name), qPrintable(set.error().message));
            return 0;
        }
        return user->id;
    }

    // A mood at a local time of a day in the user's zone, whatever the clock says. False on failure.
    bool addMood(qint64 userId, const QDate& day, const QTime& time, Mood mood, const QString& note = {})
    {
        const auto user = services->users.findById(userId);
        if (!user || !user->has_value())
            return false;
        const QDateTime at(day, time, QTimeZone((*user)->timeZone));
        auto db = scratch.db().connection();
        auto inserted = sql::exec(
            *db,
            QStringLiteral("INSERT INTO moods (user_id, mood, at_epoch, local_day, note, "
                           "recorded_at) VALUES (?, ?, ?, ?, ?, ?)"),
            {userId, moodName(mood), at.toSecsSinceEpoch(), day.toString(Qt::ISODate), note, at.toSecsSinceEpoch()});
        if (!inserted) {
            qWarning("addMood: %s", qPrintable(inserted.error().message));
            return false;
        }
        inserted->finish();
        return StreakRanking::refreshLongest(scratch.db(), *db, userId).ok();
    }

    // One mood a day on each of count days from first on.
    bool addDays(qint64 userId, const QDate& first, int count, Mood mood = Mood::Cheerful)
    {
        for (int i = 0; i < count; ++i) {
            if (!addMood(userId, first.addDays(i), QTime(12, 0), mood))
                return false;
        }
        return true;
    }

    qint64 count(const QString& statement, const QVariantList& params = {})
    {
        auto db = scratch.db().connection();
        const auto n = sql::scalar(*db, statement, params);
        return n ? *n : -1;
    }

    ScratchDatabase scratch;
    std::unique_ptr<FakeClock> clock;
    std::unique_ptr<Services> services;
};

} // namespace mood::test
