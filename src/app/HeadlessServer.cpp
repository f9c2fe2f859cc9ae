#include "HeadlessServer.h"

#include "ApiServer.h"
#include "InstanceDatabase.h"
#include "Services.h"
#include "SignalWatcher.h"
#include "YearEndScheduler.h"

#include <QCoreApplication>
#include <QTextStream>

namespace mood::app {

using namespace Qt::StringLiterals;

int runHeadless(const CommandLine& commandLine)
{
    QTextStream err(stderr);
    int failure = 0;
    const auto database = openInstanceDatabase(commandLine, &failure);
    if (!database)
        return failure;
    SystemClock clock;
    ServiceOptions serviceOptions;
    serviceOptions.backfillDays = commandLine.backfillDays;
    Services services(*database, clock, serviceOptions);
    YearEndScheduler yearEnd(services, commandLine); // the past year's boards by mail (--smtp), retention

    api::ServerOptions serverOptions;
    serverOptions.address = commandLine.listenAddress;
    serverOptions.port = commandLine.listenPort;
    serverOptions.maxBodyBytes = commandLine.maxBodyBytes;
    serverOptions.publicHosts = commandLine.publicHosts;
    api::ApiServer server(services, serverOptions);
    const auto port = server.start();
    if (!port) {
        err << "moodboard: " << port.error().message << Qt::endl;
        return 1;
    }

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, qApp, &QCoreApplication::quit);
    QTextStream(stdout) << "listening on http://" << commandLine.listenHost << ':' << *port << Qt::endl;
    yearEnd.start();
    const int status = QCoreApplication::exec();
    server.stop();
    yearEnd.stop();
    return status;
}

} // namespace mood::app
