#pragma once

#include "Clock.h"
#include "Database.h"
#include "Result.h"
#include "SyntheticData.h"

#include <QList>

#include <functional>
#include <vector>

namespace mood {

struct GeneratorPlan {
    qint64 users = 0;
    int days = 30;       // moods over the last `days` days, ending today
    int follows = 10;    // per user
    int activities = 10; // per user on average: written in time order by random actors
    qint64 events = 0;   // in all
    quint64 seed = 1;    // the same plan and seed give the same names, follows and events

    // For benchmarks that act as many users, with histories they can predict:
    bool everyDay = false; // exactly one mood on each of the `days` days before the user's today, none today
    bool tokens = false;   // a bearer token per user (TokenStore's format and lifetime), handed to tokenIssued
};

struct GeneratorTotals {
    qint64 users = 0;
    qint64 moods = 0;
    qint64 follows = 0;
    qint64 activities = 0;
    qint64 events = 0;
};

// Fills an empty database with synthetic users and their history, fast: multi-row INSERTs prepared once, in
// transactions of thousands of rows. What the core derives is derived here by the core's own rules: each user's
// longest streak comes from computeStreaks over their days, and the streak histogram counts exactly those, so
// the start-up check (StreakRanking::repairHistogram) finds nothing to repair. Every user shares one Argon2id hash
// of kPassword, computed once.
class DataGenerator final
{
public:
    enum class Phase { UsersAndMoods, Follows, Activities, Events };
    static inline const QString kPassword = QStringLiteral("moodboard");

    DataGenerator(const Database& database, const Clock& clock, const GeneratorPlan& plan);

    // phaseDone(phase, rows, milliseconds) after each phase has committed. Conflict when users exist already.
    // With plan.tokens, tokenIssued(username, token) for each user once the user's row has committed.
    Result<GeneratorTotals> run(const std::function<void(Phase, qint64, qint64)>& phaseDone = {},
                                const std::function<void(const QString&, const QString&)>& tokenIssued = {});
    QString adminName() const; // user 1, the instance admin

private:
    struct MoodRow;
    Status prepareConnection();
    Status writeUsers(qint64 first, qint64 last, const QString& passwordHash, GeneratorTotals* totals,
                      const std::function<void(const QString&, const QString&)>& tokenIssued);
    Status writeFollows(qint64 first, qint64 last, GeneratorTotals* totals);
    Status writeActivities(qint64 first, qint64 last, qint64 total, GeneratorTotals* totals);
    Status writeEvents(qint64 first, qint64 last, qint64 seqBase, GeneratorTotals* totals);
    Status finishUsers();
    int moodsOf(qint64 n, std::vector<MoodRow>* rows) const; // appends; returns the longest streak
    int everyDayMoodsOf(qint64 n, std::vector<MoodRow>* rows) const;
    int rowsPerStatement(int columns) const;

    const Database& m_database;
    const Clock& m_clock;
    GeneratorPlan m_plan;
    qint64 m_nowSecs = 0;
    QDate m_today;
    QDate m_firstDay;
    int m_windowDays = 0;     // the days the tables below cover, from m_firstDay
    QList<QString> m_dayText; // ISO date of each day of the window
    QList<qint64> m_dayStart; // epoch of each day's 00:00 as if in UTC
    QList<int> m_zoneOffsets; // seconds east of UTC at noon, zone * m_windowDays + day
    QList<int> m_zoneToday;   // per zone: the day of the window that is today there
    QList<quint16> m_longest; // per user, for the streak milestones among the activities
};

} // namespace mood
