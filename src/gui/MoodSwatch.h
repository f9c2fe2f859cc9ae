#pragma once

#include "Mood.h"
#include "MoodPalette.h"

#include <QIcon>

namespace mood::gui {

// A mood as a coloured round tile with its face, in the palette's level colour: crisp at any device pixel ratio.
class MoodSwatch final
{
public:
    static QPixmap pixmap(Mood mood, const render::MoodPalette& palette, int size, qreal devicePixelRatio);
    static QIcon icon(Mood mood, const render::MoodPalette& palette);
    // A plain level tile (level 0: an empty day), as the year grid draws it.
    static QIcon levelIcon(int level, const render::MoodPalette& palette, const QPalette& colours);
};

} // namespace mood::gui
