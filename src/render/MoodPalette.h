#pragma once

#include <QColor>

#include <array>

namespace mood::render {

// The colours of the five mood levels (CONTRACTS.md section 1): 5 very good .. 1 very bad.
class MoodPalette final
{
public:
    enum class Kind { Standard, ColourBlindSafe };

    static MoodPalette standard();        // 5 blue, 4 green, 3 yellow, 2 orange, 1 red
    static MoodPalette colourBlindSafe(); // Okabe-Ito: blue, sky blue, yellow, orange, vermillion
    static MoodPalette of(Kind kind);

    Kind kind() const { return m_kind; }
    QColor level(int level) const; // invalid QColor outside 1..5
    QColor inkOn(int level) const; // text or glyph colour that reads well on level(level)

private:
    MoodPalette(Kind kind, std::array<QColor, 5> colours);

    Kind m_kind;
    std::array<QColor, 5> m_colours; // index 0 = level 1
};

} // namespace mood::render
