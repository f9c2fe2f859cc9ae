#include "DataGenerator.h"

#include "Activity.h"
#include "BulkInsert.h"
#include "EventStore.h"
#include "Mood.h"
#include "PasswordHasher.h"
#include "StreakCalculator.h"
#include "SyntheticData.h"
#include "TokenStore.h"

#include <QElapsedTimer>
#include <QMap>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <numeric>

namespace mood {

using namespace Qt::StringLiterals;
using synthetic::Rng;

namespace {
constexpr qint64 kUsersPerTransaction = 5000;
constexpr qint64 kRowsPerTransaction = 200000;
constexpr std::array<int, 6> kMilestones{3, 7, 14, 30, 100, 365};

enum Stream : quint64 { MoodStream = 10, ProfileStream, FollowStream, ActivityStream, EventStream };

Status execAll(const QSqlDatabase& db, const QStringList& statements)
{
    for (const QString& statement : statements) {
        if (auto done = sql::exec(db, statement); !done)
            return done.error();
    }
    return success();
}
} // namespace

struct DataGenerator::MoodRow {
    qint64 user = 0;
    int mood = 0;
    qint64 at = 0;
    int day = 0;
    QString note;
};

DataGenerator::DataGenerator(const Database& database, const Clock& clock, const GeneratorPlan& plan)
    : m_database(database)
    , m_clock(clock)
    , m_plan(plan)
{
    const QDateTime now = m_clock.now().toUTC();
    m_nowSecs = now.toSecsSinceEpoch();
    m_today = now.date();
    // Every day: today is yesterday, today or tomorrow in UTC, depending on the zone.
    m_firstDay = m_plan.everyDay ? m_today.addDays(-1 - m_plan.days) : m_today.addDays(1 - m_plan.days);
    m_windowDays = m_plan.everyDay ? m_plan.days + 2 : m_plan.days;
    for (int d = 0; d < m_windowDays; ++d) {
        const QDate day = m_firstDay.addDays(d);
        m_dayText.append(day.toString(Qt::ISODate));
        m_dayStart.append(day.startOfDay(Qt::UTC).toSecsSinceEpoch());
    }
    // Moods fall between 07:00 and 23:00 local time, after any night-time DST switch: noon's offset is the day's.
    for (const QByteArray& zoneId : synthetic::zones()) {
        const QTimeZone zone(zoneId);
        for (int d = 0; d < m_windowDays; ++d)
            m_zoneOffsets.append(zone.offsetFromUtc(QDateTime(m_firstDay.addDays(d), QTime(12, 0), zone)));
        m_zoneToday.append(static_cast<int>(m_firstDay.daysTo(now.toTimeZone(zone).date())));
    }
}

QString DataGenerator::adminName() const
{
    return synthetic::userName(m_plan.seed, 1);
}

int DataGenerator::rowsPerStatement(int columns) const
{
    // SQLite binds fastest in moderate statements (PostgreSQL copies: see BulkInsert).
    return 2000 / columns;
}

Status DataGenerator::prepareConnection()
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    // Generated data can be generated again: no need to wait for the disk at every commit. SQLite gets 1 GiB of
    // page cache: the indexes on user names and on actors take their keys in random order.
    if (m_database.dialect() == Dialect::Sqlite)
        return execAll(*db, {u"PRAGMA synchronous=OFF"_s, u"PRAGMA cache_size=-1048576"_s});
    return execAll(*db, {u"SET synchronous_commit = off"_s});
}

Result<GeneratorTotals> DataGenerator::run(const std::function<void(Phase, qint64, qint64)>& phaseDone,
                                           const std::function<void(const QString&, const QString&)>& tokenIssued)
{
    if (Status ready = prepareConnection(); !ready)
        return ready.error();
    const auto existing = m_database.read([](const QSqlDatabase& db) {
        return sql::scalar(db, u"SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) u"_s);
    });
    if (!existing)
        return existing.error();
    if (*existing > 0)
        return Error{ErrorKind::Conflict, u"the database has users already: generate fills an empty database"_s};

    const QString passwordHash = PasswordHasher().hash(kPassword);
    GeneratorTotals totals;
    const auto phase = [&](Phase which, const std::function<Status()>& body, const qint64* rows) -> Status {
        QElapsedTimer timer;
        timer.start();
        if (Status done = body(); !done)
            return done;
        if (phaseDone)
            phaseDone(which, *rows, timer.elapsed());
        return success();
    };
    const qint64 users = m_plan.users;
    m_longest.resize(users);
    Status done = phase(
        Phase::UsersAndMoods,
        [&]() -> Status {
            for (qint64 first = 1; first <= users; first += kUsersPerTransaction) {
                const qint64 last = std::min(users, first + kUsersPerTransaction - 1);
                if (Status written = writeUsers(first, last, passwordHash, &totals, tokenIssued); !written)
                    return written;
            }
            return finishUsers();
        },
        &totals.users);
    if (!done)
        return done.error();

    done = phase(
        Phase::Follows,
        [&]() -> Status {
            const qint64 usersPerTransaction = std::max<qint64>(1, kRowsPerTransaction / std::max(1, m_plan.follows));
            for (qint64 first = 1; first <= users && m_plan.follows > 0; first += usersPerTransaction) {
                if (Status written = writeFollows(first, std::min(users, first + usersPerTransaction - 1), &totals);
                    !written)
                    return written;
            }
            return success();
        },
        &totals.follows);
    if (!done)
        return done.error();

    done = phase(
        Phase::Activities,
        [&]() -> Status {
            const qint64 total = users * m_plan.activities;
            for (qint64 first = 0; first < total; first += kRowsPerTransaction) {
                if (Status written =
                        writeActivities(first, std::min(total, first + kRowsPerTransaction), total, &totals);
                    !written)
                    return written;
            }
            return success();
        },
        &totals.activities);
    if (!done)
        return done.error();

    done = phase(
        Phase::Events,
        [&]() -> Status {
            const auto base = m_database.read([](const QSqlDatabase& db) {
                return sql::scalar(db, u"SELECT last_seq FROM event_counter WHERE id = 1"_s);
            });
            if (!base)
                return base.error();
            for (qint64 first = 0; first < m_plan.events; first += kRowsPerTransaction) {
                if (Status written =
                        writeEvents(first, std::min(m_plan.events, first + kRowsPerTransaction), *base, &totals);
                    !written)
                    return written;
            }
            return success();
        },
        &totals.events);
    if (!done)
        return done.error();
    if (m_database.dialect() == Dialect::Postgres) {
        // Planner statistics now, not when autovacuum comes round: the first reads already get index plans.
        const auto analysed = m_database.read([](const QSqlDatabase& db) {
            return sql::exec(db, u"ANALYZE users, moods, follows, activities, events"_s);
        });
        if (!analysed)
            return analysed.error();
    }
    return totals;
}

int DataGenerator::moodsOf(qint64 n, std::vector<MoodRow>* rows) const
{
    const synthetic::Habit habit = synthetic::userHabit(m_plan.seed, n);
    Rng rng(m_plan.seed, static_cast<quint64>(n), MoodStream);
    const int zone = static_cast<int>(synthetic::zones().indexOf(synthetic::userZone(m_plan.seed, n)));
    const int favourite = static_cast<int>(rng.below(8));
    // A third of the users joined during the window; the others were there before it began.
    const int joined = rng.chance(0.3) ? static_cast<int>(rng.below(std::max(1, m_plan.days))) : 0;
    QList<QDate> days;
    bool recorded = rng.chance(0.5);
    for (int d = joined; d < m_plan.days; ++d) {
        recorded = rng.chance(recorded ? habit.keepGoing : habit.comeBack);
        if (!recorded)
            continue;
        std::array<int, 2> times{7 * 3600 + static_cast<int>(rng.below(16 * 3600)),
                                 7 * 3600 + static_cast<int>(rng.below(16 * 3600))};
        const int count = rng.chance(habit.secondMood) ? 2 : 1;
        std::sort(times.begin(), times.begin() + count);
        bool any = false;
        for (int i = 0; i < count; ++i) {
            const qint64 at = m_dayStart.at(d) + times.at(i) - m_zoneOffsets.at(zone * m_windowDays + d);
            if (at > m_nowSecs)
                continue; // later today in a zone behind UTC
            const int mood = rng.chance(0.4) ? favourite : static_cast<int>(rng.below(8));
            rows->push_back(MoodRow{n, mood, at, d, synthetic::note(rng)});
            any = true;
        }
        if (any)
            days.append(m_firstDay.addDays(d));
    }
    return computeStreaks(days, m_today).longest;
}

int DataGenerator::everyDayMoodsOf(qint64 n, std::vector<MoodRow>* rows) const
{
    Rng rng(m_plan.seed, static_cast<quint64>(n), MoodStream);
    const int zone = static_cast<int>(synthetic::zones().indexOf(synthetic::userZone(m_plan.seed, n)));
    const int favourite = static_cast<int>(rng.below(8));
    const int today = m_zoneToday.at(zone);
    QList<QDate> days;
    for (int d = today - m_plan.days; d < today; ++d) {
        const int time = 7 * 3600 + static_cast<int>(rng.below(16 * 3600));
        const qint64 at = m_dayStart.at(d) + time - m_zoneOffsets.at(zone * m_windowDays + d);
        const int mood = rng.chance(0.4) ? favourite : static_cast<int>(rng.below(8));
        rows->push_back(MoodRow{n, mood, at, d, synthetic::note(rng)});
        days.append(m_firstDay.addDays(d));
    }
    return computeStreaks(days, m_firstDay.addDays(today)).longest;
}

Status DataGenerator::writeUsers(qint64 first, qint64 last, const QString& passwordHash, GeneratorTotals* totals,
                                 const std::function<void(const QString&, const QString&)>& tokenIssued)
{
    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun;
    const QSqlDatabase& db = tx.db();
    BulkInsert users(db, u"users"_s,
                     {u"id"_s, u"username"_s, u"password_hash"_s, u"email"_s, u"timezone"_s, u"share_level"_s,
                      u"is_admin"_s, u"longest_streak"_s, u"created_at"_s},
                     rowsPerStatement(9));
    std::vector<MoodRow> moods;
    moods.reserve(static_cast<size_t>((last - first + 1) * std::max(1, m_plan.days)));
    QMap<int, qint64> histogram;
    const qint64 windowStart = m_nowSecs - qint64(m_windowDays) * 86400;
    for (qint64 n = first; n <= last; ++n) {
        const int longest = m_plan.everyDay ? everyDayMoodsOf(n, &moods) : moodsOf(n, &moods);
        m_longest[n - 1] = static_cast<quint16>(std::min(longest, 65535));
        ++histogram[longest];
        Rng rng(m_plan.seed, static_cast<quint64>(n), ProfileStream);
        const QString name = synthetic::userName(m_plan.seed, n);
        const double share = rng.unit();
        const QString shareLevel = share < 0.7 ? u"milestones"_s : share < 0.9 ? u"moods"_s : u"none"_s;
        const QString email = rng.chance(0.8) ? name + u"@example.org"_s : QString(u""_s);
        const qint64 created = windowStart - static_cast<qint64>(rng.below(365 * 86400));
        if (Status added =
                users.add({n, name, passwordHash, email, QString::fromLatin1(synthetic::userZone(m_plan.seed, n)),
                           shareLevel, n == 1 ? 1 : 0, longest, created});
            !added)
            return added;
    }
    if (Status flushed = users.flush(); !flushed)
        return flushed;

    QList<std::pair<QString, QString>> issued; // user name, token: handed out once they have committed
    if (m_plan.tokens) {
        BulkInsert tokens(db, u"auth_tokens"_s, {u"token_hash"_s, u"user_id"_s, u"expires_at"_s}, rowsPerStatement(3));
        const qint64 expiresAt = m_nowSecs + TokenStore::kDefaultLifetimeSeconds;
        for (qint64 n = first; n <= last; ++n) {
            issued.append({synthetic::userName(m_plan.seed, n), TokenStore::newToken()});
            if (Status added = tokens.add({TokenStore::hashOf(issued.constLast().second), n, expiresAt}); !added)
                return added;
        }
        if (Status flushed = tokens.flush(); !flushed)
            return flushed;
    }

    static const QStringList names = [] {
        QStringList list;
        for (Mood mood : allMoods())
            list.append(moodName(mood));
        return list;
    }();
    // Ids in the order this batch's users record them, day by day and everyone's mixed: one user's moods lie on many
    // table pages, as in a database that grew over the years, not side by side as ids given user by user would put
    // them (each batch of kUsersPerTransaction users covers the whole span again, after the ids before it). SQLite
    // keeps rows in id order whatever order they come in, so it gets them user by user: each index then grows one
    // user's range at a time, twice as fast to write as in time order, where every row lands on another page of
    // every index. PostgreSQL's table is in the order rows come: in time order.
    auto firstId = sql::scalar(db, u"SELECT COALESCE(MAX(id), 0) + 1 FROM moods"_s);
    if (!firstId)
        return firstId.error();
    std::vector<quint32> byTime(moods.size());
    std::iota(byTime.begin(), byTime.end(), 0U);
    std::stable_sort(byTime.begin(), byTime.end(), [&](quint32 a, quint32 b) { return moods[a].at < moods[b].at; });
    std::vector<qint64> ids(moods.size());
    for (std::size_t rank = 0; rank < byTime.size(); ++rank)
        ids[byTime[rank]] = *firstId + static_cast<qint64>(rank);
    const bool inTimeOrder = m_database.dialect() == Dialect::Postgres;
    BulkInsert moodRows(db, u"moods"_s,
                        {u"id"_s, u"user_id"_s, u"mood"_s, u"at_epoch"_s, u"local_day"_s, u"note"_s, u"recorded_at"_s},
                        rowsPerStatement(7));
    for (std::size_t k = 0; k < moods.size(); ++k) {
        const std::size_t i = inTimeOrder ? byTime[k] : k;
        const MoodRow& row = moods[i];
        if (Status added =
                moodRows.add({ids[i], row.user, names.at(row.mood), row.at, m_dayText.at(row.day), row.note, row.at});
            !added)
            return added;
    }
    if (Status flushed = moodRows.flush(); !flushed)
        return flushed;

    for (auto bucket = histogram.cbegin(); bucket != histogram.cend(); ++bucket) {
        auto added = sql::exec(db,
                               u"INSERT INTO streak_histogram (streak_length, user_count) VALUES (?, ?)"
                               " ON CONFLICT (streak_length) DO UPDATE"
                               " SET user_count = streak_histogram.user_count + excluded.user_count"_s,
                               {bucket.key(), bucket.value()});
        if (!added)
            return added.error();
    }
    if (Status committed = tx.commit(); !committed)
        return committed;
    for (const auto& [name, token] : std::as_const(issued)) {
        if (tokenIssued)
            tokenIssued(name, token);
    }
    totals->users += users.rowsWritten();
    totals->moods += moodRows.rowsWritten();
    return success();
}

Status DataGenerator::finishUsers()
{
    if (m_database.dialect() != Dialect::Postgres)
        return success();
    // The ids were given explicitly: the next registration must not take one of them.
    return m_database.write([](const QSqlDatabase& db) -> Status {
        for (const QString& table : {u"users"_s, u"moods"_s}) {
            auto done =
                sql::exec(db, u"SELECT setval(pg_get_serial_sequence('%1', 'id'), MAX(id)) FROM %1"_s.arg(table));
            if (!done)
                return done.error();
        }
        return success();
    });
}

Status DataGenerator::writeFollows(qint64 first, qint64 last, GeneratorTotals* totals)
{
    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun;
    BulkInsert follows(tx.db(), u"follows"_s, {u"follower_id"_s, u"followee_id"_s, u"created_at"_s},
                       rowsPerStatement(3));
    const qint64 span = std::max(1, m_plan.days) * qint64(86400);
    for (qint64 n = first; n <= last; ++n) {
        Rng rng(m_plan.seed, static_cast<quint64>(n), FollowStream + 1);
        for (qint64 followee : synthetic::followees(m_plan.seed, m_plan.users, m_plan.follows, n)) {
            if (Status added = follows.add({n, followee, m_nowSecs - static_cast<qint64>(rng.below(span))}); !added)
                return added;
        }
    }
    if (Status flushed = follows.flush(); !flushed)
        return flushed;
    if (Status committed = tx.commit(); !committed)
        return committed;
    totals->follows += follows.rowsWritten();
    return success();
}

Status DataGenerator::writeActivities(qint64 first, qint64 last, qint64 total, GeneratorTotals* totals)
{
    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun;
    BulkInsert activities(tx.db(), u"activities"_s,
                          {u"actor_id"_s, u"verb"_s, u"object_text"_s, u"target"_s, u"created_at"_s},
                          rowsPerStatement(5));
    const qint64 span = std::max(1, m_plan.days) * qint64(86400);
    const QVariant noObject; // SQL NULL, as ActivityStore writes it
    for (qint64 k = first; k < last; ++k) {
        // In time order, so ids ascend with time as they do when people write them.
        const qint64 at = m_nowSecs - span + (k * span) / total;
        Rng rng(m_plan.seed, static_cast<quint64>(k), ActivityStream);
        const qint64 actor = synthetic::pickUser(rng, m_plan.users);
        const double pick = rng.unit();
        const int longest = m_longest.at(actor - 1);
        QVariantList row;
        if (pick < 0.15 && longest >= kMilestones.front()) {
            const auto reached = std::upper_bound(kMilestones.begin(), kMilestones.end(), longest) - 1;
            row = {actor, verbs::reached, u"streak:%1"_s.arg(*reached), QString(u""_s), at};
        } else if (pick < 0.35 && m_plan.follows > 0 && m_plan.users > 1) {
            const QList<qint64> followees = synthetic::followees(m_plan.seed, m_plan.users, m_plan.follows, actor);
            const qint64 followee = followees.at(static_cast<qsizetype>(rng.below(followees.size())));
            row = {actor, verbs::followed, noObject, synthetic::userName(m_plan.seed, followee), at};
        } else {
            row = {actor, verbs::logged, QString(u"mood:"_s + moodName(allMoods().at(rng.below(8)))), QString(u""_s),
                   at};
        }
        if (Status added = activities.add(row); !added)
            return added;
    }
    if (Status flushed = activities.flush(); !flushed)
        return flushed;
    if (Status committed = tx.commit(); !committed)
        return committed;
    totals->activities += activities.rowsWritten();
    return success();
}

Status DataGenerator::writeEvents(qint64 first, qint64 last, qint64 seqBase, GeneratorTotals* totals)
{
    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun;
    BulkInsert events(tx.db(), u"events"_s,
                      {u"seq"_s, u"uuid"_s, u"component"_s, u"data_json"_s, u"email"_s, u"environment"_s, u"message"_s,
                       u"created_us"_s, u"poster_id"_s},
                      rowsPerStatement(9));
    const qint64 spanUs = std::max(1, m_plan.days) * qint64(86400) * 1000000;
    const qint64 nowUs = m_nowSecs * 1000000;
    const auto createdAt = [&](qint64 k) { return nowUs - spanUs + (k * spanUs) / m_plan.events; };
    for (qint64 k = first; k < last; ++k) {
        Rng rng(m_plan.seed, static_cast<quint64>(k), EventStream);
        const qint64 poster = 1 + static_cast<qint64>(rng.below(static_cast<quint64>(m_plan.users)));
        const QString data = u"{\"durationMs\":%1,\"requestId\":\"r%2\"}"_s.arg(rng.below(5000)).arg(k);
        if (Status added =
                events.add({seqBase + k + 1, synthetic::uuid4(rng), synthetic::eventComponent(rng), data,
                            QString(synthetic::userName(m_plan.seed, poster) + u"@example.org"_s),
                            synthetic::eventEnvironment(rng), synthetic::eventMessage(rng), createdAt(k), poster});
            !added)
            return added;
    }
    if (Status flushed = events.flush(); !flushed)
        return flushed;
    if (auto counted = sql::exec(tx.db(), u"UPDATE event_counter SET last_seq = ? WHERE id = 1"_s, {seqBase + last});
        !counted)
        return counted.error();
    if (Status committed = tx.commit(); !committed)
        return committed;
    totals->events += events.rowsWritten();
    return success();
}

} // namespace mood
