#include "YearGridStyle.h"

#include <QPalette>

namespace mood::render {

namespace {
QColor mix(const QColor& a, const QColor& b, double t)
{
    // Whole 8-bit channels, so that a painted pixel compares equal to the colour.
    return QColor(qRound(a.red() * (1 - t) + b.red() * t), qRound(a.green() * (1 - t) + b.green() * t),
                  qRound(a.blue() * (1 - t) + b.blue() * t));
}

YearGridStyle derive(const QColor& window, const QColor& text, const QColor& highlight, MoodPalette moods)
{
    YearGridStyle style;
    style.moods = moods;
    style.background = window;
    style.text = text;
    style.mutedText = mix(text, window, 0.4);
    // Empty days are visibly empty: a faint tile with an outline, clearly unlike any level colour.
    style.emptyFill = mix(window, text, 0.07);
    style.emptyBorder = mix(window, text, 0.22);
    style.todayRing = text;
    style.focusRing = highlight;
    return style;
}
} // namespace

YearGridStyle YearGridStyle::fromPalette(const QPalette& palette, MoodPalette moods)
{
    return derive(palette.color(QPalette::Window), palette.color(QPalette::WindowText),
                  palette.color(QPalette::Highlight), moods);
}

YearGridStyle YearGridStyle::light(MoodPalette moods)
{
    return derive(QColor(0xff, 0xff, 0xff), QColor(0x1e, 0x29, 0x3b), QColor(0x25, 0x63, 0xeb), moods);
}

} // namespace mood::render
