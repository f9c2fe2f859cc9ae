#include "CommandLine.h"
#include "DesktopMain.h"
#include "HeadlessServer.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTextStream>
#include <QTranslator>

using namespace Qt::StringLiterals;
using mood::app::CommandLine;

int main(int argc, char* argv[])
{
    // No arguments at all: the window. Everything else (--headless, --version, ...) needs no GUI at all.
    if (argc <= 1)
        return mood::app::runDesktop(argc, argv);

    QCoreApplication app(argc, argv);
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
    case CommandLine::Mode::Desktop: // not reached: no arguments means the window, handled above
        break;
    }
    return 0;
}
