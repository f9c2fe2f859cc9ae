#include "GenerateCommand.h"

#include "DataGenerator.h"
#include "InstanceDatabase.h"

#include <QCoreApplication>
#include <QFile>
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
    QTextStream err(stderr);
    // Opened first: a file that cannot be written leaves the database untouched.
    QFile tokensFile(commandLine.generateTokensFile);
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner; // credentials
    if (!commandLine.generateTokensFile.isEmpty()
        && (!tokensFile.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly)
            || !tokensFile.setPermissions(ownerOnly))) {
        err << "moodboard: "
            << QCoreApplication::translate("Generate", "cannot write the tokens to %1: %2")
                   .arg(commandLine.generateTokensFile, tokensFile.errorString())
            << Qt::endl;
        return 2;
    }
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
    plan.everyDay = commandLine.generateEveryDay;
    plan.tokens = tokensFile.isOpen();
    SystemClock clock;
    DataGenerator generator(*database, clock, plan);
    QTextStream out(stdout);
    QTextStream tokens(&tokensFile);
    qint64 tokenCount = 0;
    const auto totals = generator.run(
        [&out](DataGenerator::Phase phase, qint64 rows, qint64 milliseconds) {
            // Machine-readable numbers (C locale): .ci/bench reads them.
            out << phaseLine(phase, rows, QString::number(static_cast<double>(milliseconds) / 1000.0, 'f', 1))
                << Qt::endl;
        },
        [&tokens, &tokenCount](const QString& username, const QString& token) {
            tokens << username << ' ' << token << '\n';
            ++tokenCount;
        });
    if (!totals) {
        err << "moodboard: " << totals.error().message << Qt::endl;
        return 1;
    }
    if (tokensFile.isOpen()) {
        tokens.flush();
        tokensFile.close();
        if (tokens.status() != QTextStream::Ok || tokensFile.error() != QFileDevice::NoError) {
            err << "moodboard: "
                << QCoreApplication::translate("Generate", "cannot write the tokens to %1: %2")
                       .arg(commandLine.generateTokensFile, tokensFile.errorString())
                << Qt::endl;
            return 1;
        }
        out << QCoreApplication::translate("Generate", "%1 bearer tokens written to %2")
                   .arg(tokenCount)
                   .arg(commandLine.generateTokensFile)
            << Qt::endl;
    }
    out << QCoreApplication::translate("Generate", "%1 moods; the admin is %2; every password is \"%3\"")
               .arg(totals->moods)
               .arg(generator.adminName(), DataGenerator::kPassword)
        << Qt::endl;
    return 0;
}

} // namespace mood::app
