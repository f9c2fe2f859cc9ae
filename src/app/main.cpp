#include "CommandLine.h"
#include "DesktopMain.h"
#include "GenerateCommand.h"
#include "HeadlessServer.h"
#include "YearEndCommand.h"

#include <QCoreApplication>
#include <QFile>
#include <QGuiApplication>
#include <QLocale>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;
using mood::app::CommandLine;

namespace {
// The year-end mail draws boards with QPainter, which needs a QGuiApplication: headless, on the offscreen
// platform, so no display is needed.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char* argv[], std::unique_ptr<QTemporaryDir>* runtimeDir)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "year-end") == 0 || qstrcmp(argv[i], "--smtp") == 0) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
                // Cron and service managers often leave it unset; Qt would warn on stderr.
                *runtimeDir = std::make_unique<QTemporaryDir>();
                qputenv("XDG_RUNTIME_DIR", QFile::encodeName((*runtimeDir)->path()));
            }
            return std::make_unique<QGuiApplication>(argc, argv);
        }
    }
    return std::make_unique<QCoreApplication>(argc, argv);
}
} // namespace

int main(int argc, char* argv[])
{
    // No arguments at all: the window. Everything else (--headless, --version, ...) needs no GUI at all.
    if (argc <= 1)
        return mood::app::runDesktop(argc, argv);

    std::unique_ptr<QTemporaryDir> runtimeDir;
    const auto app = makeApplication(argc, argv, &runtimeDir);
    QCoreApplication::setOrganizationName(u"Moodboard"_s);
    QCoreApplication::setApplicationName(u"moodboard"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(MOODBOARD_VERSION));

    QTranslator translator;
    if (translator.load(QLocale(), u"moodboard"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(&translator);

    QString error;
    const auto commandLine = CommandLine::parse(QCoreApplication::arguments(), &error);
    if (!commandLine) {
        QTextStream(stderr) << "moodboard: " << error << "\n\n" << CommandLine::usage();
        return 2;
    }
    switch (commandLine->mode) {
    case CommandLine::Mode::Version:
        QTextStream(stdout) << "moodboard " << QCoreApplication::applicationVersion() << Qt::endl;
        return 0;
    case CommandLine::Mode::Help:
        QTextStream(stdout) << CommandLine::usage();
        return 0;
    case CommandLine::Mode::Headless:
        return mood::app::runHeadless(*commandLine);
    case CommandLine::Mode::YearEnd:
        return mood::app::runYearEnd(*commandLine);
    case CommandLine::Mode::Generate:
        return mood::app::runGenerate(*commandLine);
    case CommandLine::Mode::Desktop: // not reached: no arguments means the window, handled above
        break;
    }
    return 0;
}
