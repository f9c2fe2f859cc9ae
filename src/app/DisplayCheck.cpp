#include "DisplayCheck.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>

namespace mood::app {

using namespace Qt::StringLiterals;

QString DisplayCheck::advice()
{
    return QCoreApplication::translate("DisplayCheck", "To serve the API without a window, run: moodboard --headless");
}

QString DisplayCheck::missingDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM");
    // Platforms that need no display server (offscreen, minimal, vnc, eglfs, ...) are the user's explicit choice.
    if (!platform.isEmpty() && !platform.startsWith(u"xcb"_s) && !platform.startsWith(u"wayland"_s))
        return {};
    const bool x11 = qEnvironmentVariableIsSet("DISPLAY") && !qEnvironmentVariableIsEmpty("DISPLAY");
    const bool wayland =
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY") && !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    if ((platform.startsWith(u"xcb"_s) && !x11) || (platform.startsWith(u"wayland"_s) && !wayland)
        || (!x11 && !wayland)) {
        return QCoreApplication::translate("DisplayCheck",
                                           "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so "
                                           "the window cannot open.");
    }
#endif
    return {};
}

namespace {
QtMessageHandler s_previous = nullptr;

void fatalHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const bool noDisplay = message.contains(u"could not connect to display"_s)
        || message.contains(u"Could not load the Qt platform plugin"_s)
        || message.contains(u"no Qt platform plugin could be initialized"_s);
    // Qt's own warnings on the way to that fatal message say the same less plainly: ours replaces them.
    const bool platformNoise = type != QtFatalMsg && context.category
        && (qstrcmp(context.category, "qt.qpa.xcb") == 0 || qstrcmp(context.category, "qt.qpa.plugin") == 0)
        && noDisplay;
    if (platformNoise)
        return;
    if (type == QtFatalMsg && noDisplay) {
        QTextStream err(stderr);
        err << "moodboard: "
            << QCoreApplication::translate("DisplayCheck", "the display cannot be reached, so the window cannot open.")
            << '\n'
            << DisplayCheck::advice() << Qt::endl;
        std::fflush(stderr);
        std::_Exit(2);
    }
    if (s_previous)
        s_previous(type, context, message);
    else
        std::fprintf(stderr, "%s\n", qPrintable(message));
}
} // namespace

void DisplayCheck::installFatalHandler()
{
    s_previous = qInstallMessageHandler(fatalHandler);
}

} // namespace mood::app
