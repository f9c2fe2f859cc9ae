#include "HeadlessServer.h"

#include "ApiServer.h"
#include "Services.h"
#include "SignalWatcher.h"

#include <QCoreApplication>
#include <QTextStream>

namespace mood::app {

using namespace Qt::StringLiterals;

int runHeadless(const CommandLine& commandLine)
{
    QTextStream err(stderr);
    const QString location =
        commandLine.database.isEmpty() ? DatabaseConfig::defaultSqlitePath() : commandLine.database;
    const auto config = DatabaseConfig::parse(location);
    if (!config) {
        err << "moodboard: " << config.error().message << Qt::endl;
        return 2;
    }
    auto database = Database::open(*config);
    if (!database) {
        err << "moodboard: " << database.error().message << Qt::endl;
        return 1;
    }
    SystemClock clock;
    ServiceOptions serviceOptions;
    serviceOptions.backfillDays = commandLine.backfillDays;
    Services services(**database, clock, serviceOptions);

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
    const int status = QCoreApplication::exec();
    server.stop();
    return status;
}

} // namespace mood::app
