#include "MoodPalette.h"

namespace mood::render {

MoodPalette::MoodPalette(Kind kind, std::array<QColor, 5> colours)
    : m_kind(kind)
    , m_colours(colours)
{
}

MoodPalette MoodPalette::standard()
{
    // Mid-tone hues that stay distinct on light and dark window backgrounds (the app icon uses the same).
    return MoodPalette(Kind::Standard,
                       {QColor(0xef, 0x44, 0x44), QColor(0xf9, 0x73, 0x16), QColor(0xea, 0xb3, 0x08),
                        QColor(0x22, 0xc5, 0x5e), QColor(0x3b, 0x82, 0xf6)});
}

MoodPalette MoodPalette::colourBlindSafe()
{
    // Okabe & Ito (2008), distinguishable with the common colour vision deficiencies.
    return MoodPalette(Kind::ColourBlindSafe,
                       {QColor(0xd5, 0x5e, 0x00), QColor(0xe6, 0x9f, 0x00), QColor(0xf0, 0xe4, 0x42),
                        QColor(0x56, 0xb4, 0xe9), QColor(0x00, 0x72, 0xb2)});
}

MoodPalette MoodPalette::of(Kind kind)
{
    return kind == Kind::ColourBlindSafe ? colourBlindSafe() : standard();
}

QColor MoodPalette::level(int level) const
{
    if (level < 1 || level > 5)
        return {};
    return m_colours[static_cast<size_t>(level - 1)];
}

QColor MoodPalette::inkOn(int level) const
{
    const QColor fill = this->level(level);
    if (!fill.isValid())
        return {};
    // Relative luminance (sRGB approximation is enough to pick dark or light ink).
    const double luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return luminance > 0.45 ? QColor(0x1e, 0x29, 0x3b) : QColor(0xff, 0xff, 0xff);
}

} // namespace mood::render
