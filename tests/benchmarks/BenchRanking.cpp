// Streak percentile and mood recording on an instance with many users (default one million).
// Usage: bench_ranking [users] [sqlite|postgresql]   (postgresql reads MOODBOARD_TEST_PG_URL)
#include "FakeClock.h"
#include "ScratchDatabase.h"
#include "Services.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QTextStream out(stdout);

void fail(const QString& what)
{
    out << "FAILED: " << what << Qt::endl;
    std::exit(1);
}

// Bulk-creates users straight in SQL (the KDF would take hours for a million), with longest streaks spread
// over 0..400 days, and the histogram that matches them.
void populate(test::ScratchDatabase& scratch, qint64 users)
{
    const QString series = scratch.db().dialect() == Dialect::Sqlite
        ? u"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %1) "_s.arg(users)
        : QString();
    const QString from =
        scratch.db().dialect() == Dialect::Sqlite ? u"s"_s : u"generate_series(1, %1) AS s(g)"_s.arg(users);
    scratch.exec(u"DELETE FROM streak_histogram"_s);
    QSqlQuery insert =
        scratch.exec(series
                     + u"INSERT INTO users (username, password_hash, timezone, longest_streak, "
                       "created_at) SELECT 'bench' || g, 'x', 'UTC', CAST(g AS BIGINT) * 7919 % 401, 0 FROM "_s
                     + from);
    if (!insert.isActive())
        fail(u"populate users"_s);
    scratch.exec(u"INSERT INTO streak_histogram (streak_length, user_count) SELECT longest_streak, COUNT(*) "
                 "FROM users GROUP BY longest_streak"_s);
}

struct Timing {
    double meanMicros = 0;
    double p99Micros = 0;
};

template <typename F>
Timing measure(int iterations, F&& operation)
{
    std::vector<double> samples;
    samples.reserve(static_cast<size_t>(iterations));
    QElapsedTimer timer;
    for (int i = 0; i < iterations; ++i) {
        timer.start();
        operation(i);
        samples.push_back(static_cast<double>(timer.nsecsElapsed()) / 1000.0);
    }
    std::sort(samples.begin(), samples.end());
    double sum = 0;
    for (double s : samples)
        sum += s;
    return {sum / iterations, samples[static_cast<size_t>(iterations * 0.99)]};
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 users = argc > 1 ? QString::fromLocal8Bit(argv[1]).toLongLong() : 1000000;
    const QString backend = argc > 2 ? QString::fromLocal8Bit(argv[2]) : u"sqlite"_s;
    if (backend == QLatin1String(test::kPostgres) && !test::postgresConfigured())
        fail(u"set MOODBOARD_TEST_PG_URL for the postgresql run"_s);

    test::ScratchDatabase scratch;
    if (!scratch.open(backend))
        fail(scratch.error());
    QElapsedTimer setup;
    setup.start();
    populate(scratch, users);
    const qint64 setupMs = setup.elapsed();

    test::FakeClock clock;
    ServiceOptions options;
    options.passwordStrength = PasswordHasher::Strength::Minimal;
    Services services(scratch.db(), clock, options);
    const auto walker = services.users.registerUser(u"walker"_s, u"password123"_s);
    if (!walker)
        fail(walker.error().message);

    const Timing percentile = measure(2000, [&](int i) {
        if (!services.ranking.percentile(i % 400).ok())
            fail(u"percentile"_s);
    });
    // Each iteration records a mood on a new day: one insert, a streak refresh and a histogram move.
    const qint64 start = clock.now().toSecsSinceEpoch();
    const Timing record = measure(300, [&](int) {
        clock.advance(86400);
        if (!services.moods.record(walker->id, Mood::Cheerful).ok())
            fail(u"record"_s);
    });
    HistoryQuery lastFifty;
    lastFifty.limit = 50;
    const Timing summary = measure(300, [&](int) {
        if (!services.moods.summary(walker->id, lastFifty).ok())
            fail(u"summary"_s);
    });
    Q_UNUSED(start);

    out << "backend " << backend << ", " << users << " users (populated in " << setupMs << " ms)\n";
    out << QString::asprintf("percentile()            mean %8.1f us   p99 %8.1f us\n", percentile.meanMicros,
                             percentile.p99Micros);
    out << QString::asprintf("record() + streaks      mean %8.1f us   p99 %8.1f us\n", record.meanMicros,
                             record.p99Micros);
    out << QString::asprintf("summary() (GET /mood)   mean %8.1f us   p99 %8.1f us\n", summary.meanMicros,
                             summary.p99Micros);
    return 0;
}
