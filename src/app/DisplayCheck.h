#pragma once

#include <QString>

namespace mood::app {

// Whether a window can be shown, decided before QApplication exists (Qt aborts when it finds no display).
class DisplayCheck final
{
public:
    // Empty when a display is there (or the platform needs none); else why not, in words for stderr.
    static QString missingDisplay();
    // Turns Qt's fatal "cannot connect to the display" into the same message and exit status 2.
    static void installFatalHandler();
    static QString advice(); // what to do instead
};

} // namespace mood::app
