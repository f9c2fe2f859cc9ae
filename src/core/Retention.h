#pragma once

#include "Clock.h"
#include "Database.h"
#include "InstanceSettings.h"
#include "Result.h"
#include "YearEndLedger.h"

#include <QList>

namespace mood {

struct RetentionOutcome {
    QList<int> removedYears; // years whose moods went (for at least one user)
    qint64 removedMoods = 0;
    QList<int> waitingYears; // older years kept because their year-end mail has not reached everyone yet
};

// Applies the instance's retention setting. Under "one year", the moods of years before each user's current
// year (their time zone) are removed, with what derives from them (the longest streak and its histogram, and
// the feed's "logged" and "reached" activities of that year), but only once that year's mail went out to
// every user who has an address and moods in it (per the ledger); until then nothing of that year goes, for
// anyone. Idempotent: one transaction per user, so an interrupted run is finished by the next.
class Retention final
{
public:
    Retention(const Database& database, const Clock& clock, const InstanceSettings& settings,
              const YearEndLedger& ledger);

    Result<RetentionOutcome> apply();
    // Whether a mood of that day may be stored at all (imports check it): under "one year", only days of the
    // user's current year.
    static bool keeps(RetentionPolicy policy, const QDate& day, const QDate& today);

private:
    Result<qint64> removeYearOf(qint64 userId, int year);

    const Database& m_database;
    const Clock& m_clock;
    const InstanceSettings& m_settings;
    const YearEndLedger& m_ledger;
};

} // namespace mood
