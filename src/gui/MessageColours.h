#pragma once

class QLabel;
class QPalette;
class QColor;

namespace mood::gui {

// Text that says why something was refused: a red that reads on the light and the dark palette alike
// (KDE's "negative text"). Applied again when the palette changes.
class MessageColours final
{
public:
    static QColor negativeText(const QPalette& palette);
    static void markNegative(QLabel* label); // follows later palette changes too
};

} // namespace mood::gui
