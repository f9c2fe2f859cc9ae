#include "YearEndCommand.h"

#include "BoardArtworkFactory.h"
#include "InstanceDatabase.h"
#include "MailSettings.h"
#include "Services.h"
#include "SignalWatcher.h"
#include "YearEndMailer.h"

#include <QCoreApplication>
#include <QTextStream>
#include <QThread>

namespace mood::app {

using namespace Qt::StringLiterals;

namespace {
// --mark-sent / --resend: the operator's verdict on mails the ledger could not confirm.
bool resolve(Services& services, const QStringList& names, int year, bool delivered, QTextStream& err)
{
    for (const QString& name : names) {
        const auto user = services.users.findByName(name);
        if (!user || !user->has_value()) {
            err << "moodboard: " << QCoreApplication::translate("YearEnd", "no user named '%1'").arg(name) << Qt::endl;
            return false;
        }
        if (Status done = services.yearEnd.resolveUnconfirmed((*user)->id, year, delivered); !done) {
            err << "moodboard: "
                << QCoreApplication::translate("YearEnd", "%1 has no unconfirmed year-end mail of %2")
                       .arg(name)
                       .arg(year)
                << Qt::endl;
            return false;
        }
    }
    return true;
}
} // namespace

int runYearEnd(const CommandLine& commandLine)
{
    QTextStream err(stderr);
    SystemClock clock;
    // No zone has finished a year before UTC+14 has.
    if (commandLine.year >= clock.now().addSecs(14 * 3600).date().year()) {
        err << "moodboard: "
            << QCoreApplication::translate("YearEnd", "%1 has not ended yet: year-end mails a year that is over")
                   .arg(commandLine.year)
            << Qt::endl;
        return 2;
    }
    int failure = 0;
    const auto database = openInstanceDatabase(commandLine, &failure);
    if (!database)
        return failure;
    Services services(*database, clock);
    if (!resolve(services, commandLine.markSent, commandLine.year, true, err)
        || !resolve(services, commandLine.resend, commandLine.year, false, err))
        return 2;

    // The mailing runs in a thread of its own, so that SIGINT/SIGTERM end it between two mails, never in one.
    std::atomic_bool stop{false};
    std::optional<Result<yearend::RunSummary>> summary;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        mail::SmtpSender smtp(smtpOptions(commandLine));
        const auto artwork = makeBoardArtwork();
        yearend::YearEndMailer mailer(services, *artwork, smtp);
        summary = mailer.run(commandLine.year, sender(commandLine), &stop);
    }));
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, &watcher, [&stop] { stop = true; });
    QObject::connect(worker.get(), &QThread::finished, qApp, &QCoreApplication::quit);
    worker->start();
    QCoreApplication::exec();
    worker->wait();

    if (!summary->ok()) {
        err << "moodboard: " << summary->error().message << Qt::endl;
        return 1;
    }
    const yearend::RunSummary& result = summary->value();
    for (const QString& problem : result.problems())
        err << "moodboard: " << problem << Qt::endl;
    if (stop)
        err << "moodboard: " << QCoreApplication::translate("YearEnd", "stopped early; run it again to mail the rest")
            << Qt::endl;
    QTextStream out(stdout);
    out << result.line() << Qt::endl;

    const auto removed = services.retention.apply();
    if (!removed)
        err << "moodboard: retention: " << removed.error().message << Qt::endl;
    else if (removed->removedMoods > 0)
        out << "retention: removed " << removed->removedMoods << " moods of years before the current one" << Qt::endl;
    return result.failed() == 0 && !stop && removed ? 0 : 1;
}

} // namespace mood::app
