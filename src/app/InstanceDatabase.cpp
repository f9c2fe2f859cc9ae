#include "InstanceDatabase.h"

#include <QTextStream>

namespace mood::app {

std::unique_ptr<Database> openInstanceDatabase(const CommandLine& commandLine, int* exitCode)
{
    QTextStream err(stderr);
    const QString location =
        commandLine.database.isEmpty() ? DatabaseConfig::defaultSqlitePath() : commandLine.database;
    const auto config = DatabaseConfig::parse(location);
    if (!config) {
        err << "moodboard: " << config.error().message << Qt::endl;
        *exitCode = 2;
        return nullptr;
    }
    auto database = Database::open(*config);
    if (!database) {
        err << "moodboard: " << database.error().message << Qt::endl;
        *exitCode = 1;
        return nullptr;
    }
    return std::move(database).value();
}

} // namespace mood::app
