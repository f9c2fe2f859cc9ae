#pragma once

#include "MoodPalette.h"

#include <QColor>

class QPalette;

namespace mood::render {

// The colours of a year grid apart from the mood levels: taken from a widget's QPalette (so the grid follows
// light and dark themes) or set by hand for an image.
struct YearGridStyle {
    MoodPalette moods = MoodPalette::standard();
    QColor background; // invalid: leave the device as it is
    QColor text;       // month names, day numbers
    QColor mutedText;  // day numbers that are not today's
    QColor emptyFill;  // a day without a mood
    QColor emptyBorder;
    QColor todayRing;
    QColor focusRing;

    static YearGridStyle fromPalette(const QPalette& palette, MoodPalette moods = MoodPalette::standard());
    static YearGridStyle light(MoodPalette moods = MoodPalette::standard()); // for images and mail
};

} // namespace mood::render
