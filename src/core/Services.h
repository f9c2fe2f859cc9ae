#pragma once

#include "AccessPolicy.h"
#include "ActivityStore.h"
#include "BoardService.h"
#include "Clock.h"
#include "DataExport.h"
#include "DataImport.h"
#include "Database.h"
#include "EventStore.h"
#include "FollowService.h"
#include "IdempotencyStore.h"
#include "InstanceSettings.h"
#include "MoodService.h"
#include "PasswordHasher.h"
#include "RegistrationThrottle.h"
#include "Retention.h"
#include "StreakRanking.h"
#include "TokenStore.h"
#include "UiLogStore.h"
#include "UserService.h"
#include "YearEndLedger.h"

namespace mood {

struct ServiceOptions {
    int backfillDays = MoodService::kDefaultBackfillDays;
    PasswordHasher::Strength passwordStrength = PasswordHasher::Strength::Interactive;
    qint64 tokenLifetimeSeconds = TokenStore::kDefaultLifetimeSeconds;
};

// Every service of one instance over one database. The services keep no per-thread state: any thread may
// call them (each thread gets its own connection from Database).
class Services final
{
public:
    Services(const Database& db, const Clock& time, const ServiceOptions& options = {})
        : database(db)
        , clock(time)
        , hasher(options.passwordStrength)
        , users(db, time, hasher)
        , moods(db, time, options.backfillDays)
        , board(db)
        , follows(db, time)
        , access(follows)
        , activities(db, time)
        , events(db, time)
        , uiLogs(db)
        , tokens(db, time, options.tokenLifetimeSeconds)
        , settings(db)
        , registrations(db, time, settings)
        , ranking(db)
        , idempotency(db, time)
        , yearEnd(db, time)
        , retention(db, time, settings, yearEnd)
        , dataExport(db, time, users, follows)
        , dataImport(db, time, settings)
    {
    }
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    const Database& database;
    const Clock& clock;
    PasswordHasher hasher;
    UserService users;
    MoodService moods;
    BoardService board;
    FollowService follows;
    AccessPolicy access;
    ActivityStore activities;
    EventStore events;
    UiLogStore uiLogs;
    TokenStore tokens;
    InstanceSettings settings;
    RegistrationThrottle registrations;
    StreakRanking ranking;
    IdempotencyStore idempotency;
    YearEndLedger yearEnd;
    Retention retention;
    DataExport dataExport;
    DataImport dataImport;
};

} // namespace mood
