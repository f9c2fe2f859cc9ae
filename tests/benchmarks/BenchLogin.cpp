// What a failed login costs: a wrong password for a real user against an unknown user name, at the product's
// Argon2id strength. Both must cost the same, or the answer's timing tells which user names exist.
// Usage: bench_login [iterations] [sqlite|postgresql]   (postgresql reads MOODBOARD_TEST_PG_URL)
#include "Authenticator.h"
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

struct Timing {
    double meanMs = 0;
    double p50Ms = 0;
    double p99Ms = 0;
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
        samples.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(samples.begin(), samples.end());
    double sum = 0;
    for (double s : samples)
        sum += s;
    const auto at = [&](double q) {
        return samples[std::min(samples.size() - 1, static_cast<size_t>(q * iterations))];
    };
    return {sum / iterations, at(0.5), at(0.99)};
}

QString row(const QString& what, const Timing& t)
{
    return QString::asprintf("%-36s mean %7.2f ms   p50 %7.2f ms   p99 %7.2f ms\n", qPrintable(what), t.meanMs, t.p50Ms,
                             t.p99Ms);
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int iterations = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 40;
    const QString backend = argc > 2 ? QString::fromLocal8Bit(argv[2]) : u"sqlite"_s;
    if (backend == QLatin1String(test::kPostgres) && !test::postgresConfigured())
        fail(u"set MOODBOARD_TEST_PG_URL for the postgresql run"_s);

    test::ScratchDatabase scratch;
    if (!scratch.open(backend))
        fail(scratch.error());
    test::FakeClock clock;
    Services services(scratch.db(), clock); // the product's strength: Argon2id, 64 MiB
    if (!services.users.registerUser(u"walker"_s, u"correct horse battery"_s))
        fail(u"register"_s);

    (void)services.users.authenticate(u"warm-up"_s, u"x"_s); // the dummy hash is made once, on first use
    const Timing wrongPassword = measure(iterations, [&](int) {
        if (services.users.authenticate(u"walker"_s, u"wrong password"_s))
            fail(u"wrong password accepted"_s);
    });
    const Timing unknownUser = measure(iterations, [&](int i) {
        if (services.users.authenticate(u"nobody%1"_s.arg(i), u"wrong password"_s))
            fail(u"unknown user accepted"_s);
    });
    // The same through the HTTP layer's authenticator (a ban never starts: the limit is out of reach).
    api::Authenticator::Options options;
    options.maxFailures = 1 << 30;
    api::Authenticator authenticator(services, options);
    const Timing apiWrong = measure(iterations, [&](int i) {
        if (authenticator.login(u"walker"_s, u"wrong password"_s, u"10.0.%1.1"_s.arg(i % 250)))
            fail(u"wrong password accepted"_s);
    });
    const Timing apiUnknown = measure(iterations, [&](int i) {
        if (authenticator.login(u"nobody%1"_s.arg(i), u"wrong password"_s, u"10.1.%1.1"_s.arg(i % 250)))
            fail(u"unknown user accepted"_s);
    });

    out << "backend " << backend << ", " << iterations << " logins each, Argon2id interactive (64 MiB)\n";
    out << row(u"UserService: wrong password"_s, wrongPassword);
    out << row(u"UserService: unknown user"_s, unknownUser);
    out << row(u"Authenticator::login: wrong password"_s, apiWrong);
    out << row(u"Authenticator::login: unknown user"_s, apiUnknown);
    out << QString::asprintf("unknown / wrong (mean): %.2f\n", unknownUser.meanMs / wrongPassword.meanMs);
    return 0;
}
