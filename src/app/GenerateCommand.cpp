#include "GenerateCommand.h"

#include "DataGenerator.h"
#include "InstanceDatabase.h"

#include <QCoreApplication>
#include <QTextStream>

namespace mood::app {

using namespace Qt::StringLiterals;

namespace {
QString phaseLine(DataGenerator::Phase phase, qint64 rows, const QString& seconds)
{
    switch (phase) {
    case DataGenerator::Phase::UsersAndMoods:
        return QCoreApplication::translate("Generate", "%1 users and their moods in %2 s").arg(rows).arg(seconds);
    case DataGenerator::Phase::Follows:
        return QCoreApplication::translate("Generate", "%1 follows in %2 s").arg(rows).arg(seconds);
    case DataGenerator::Phase::Activities:
        return QCoreApplication::translate("Generate", "%1 activities in %2 s").arg(rows).arg(seconds);
    case DataGenerator::Phase::Events:
        return QCoreApplication::translate("Generate", "%1 events in %2 s").arg(rows).arg(seconds);
    }
    return {};
}
} // namespace

int runGenerate(const CommandLine& commandLine)
{
    int failure = 0;
    const auto database = openInstanceDatabase(commandLine, &failure);
    if (!database)
        return failure;
    GeneratorPlan plan;
    plan.users = commandLine.generateUsers;
    plan.days = commandLine.generateDays;
    plan.follows = commandLine.generateFollows;
    plan.activities = commandLine.generateActivities;
    plan.events = commandLine.generateEvents;
    SystemClock clock;
    DataGenerator generator(*database, clock, plan);
    QTextStream out(stdout);
    const auto totals = generator.run([&out](DataGenerator::Phase phase, qint64 rows, qint64 milliseconds) {
        // Machine-readable numbers (C locale): .ci/bench reads them.
        out << phaseLine(phase, rows, QString::number(static_cast<double>(milliseconds) / 1000.0, 'f', 1)) << Qt::endl;
    });
    if (!totals) {
        QTextStream(stderr) << "moodboard: " << totals.error().message << Qt::endl;
        return 1;
    }
    out << QCoreApplication::translate("Generate", "%1 moods; the admin is %2; every password is \"%3\"")
               .arg(totals->moods)
               .arg(generator.adminName(), DataGenerator::kPassword)
        << Qt::endl;
    return 0;
}

} // namespace mood::app
