#include "DesktopMain.h"

#include "DesktopApp.h"
#include "DisplayCheck.h"
#include "MainWindow.h"

#include <QApplication>
#include <QTextStream>

namespace mood::app {

using namespace Qt::StringLiterals;

int runDesktop(int& argc, char** argv)
{
    if (const QString missing = DisplayCheck::missingDisplay(); !missing.isEmpty()) {
        QTextStream(stderr) << "moodboard: " << missing << '\n' << DisplayCheck::advice() << Qt::endl;
        return 2;
    }
    DisplayCheck::installFatalHandler();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Moodboard"_s);
    QApplication::setApplicationName(u"moodboard"_s);
    QApplication::setApplicationDisplayName(u"Moodboard"_s);
    QApplication::setApplicationVersion(QStringLiteral(MOODBOARD_VERSION));
    QApplication::setDesktopFileName(u"moodboard"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/moodboard.svg"_s));

    gui::DesktopApp desktop;
    desktop.window().show();
    return QApplication::exec();
}

} // namespace mood::app
