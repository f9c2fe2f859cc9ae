#pragma once

#include "BoardArtwork.h"
#include "BoardSheet.h"
#include "MoodPalette.h"

namespace mood::yearend {

// The board of the year-end mail, drawn by render::BoardRenderer (the same grid as the Year page).
class RenderedBoardArtwork final : public BoardArtwork
{
public:
    explicit RenderedBoardArtwork(render::MoodPalette palette = render::MoodPalette::standard());

    Result<QByteArray> png(const YearReport& report) const override;
    Result<QByteArray> pdf(const YearReport& report) const override;

    // The sheet a report draws as: its days, the streak on 31 December, the longest run and counts of the year.
    render::BoardSheet sheetOf(const YearReport& report) const;

private:
    render::MoodPalette m_palette;
};

} // namespace mood::yearend
