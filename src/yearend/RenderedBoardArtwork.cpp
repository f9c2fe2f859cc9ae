#include "RenderedBoardArtwork.h"

#include "BoardRenderer.h"

namespace mood::yearend {

using namespace Qt::StringLiterals;

RenderedBoardArtwork::RenderedBoardArtwork(render::MoodPalette palette)
    : m_palette(std::move(palette))
{
}

render::BoardSheet RenderedBoardArtwork::sheetOf(const YearReport& report) const
{
    render::BoardSheet sheet;
    sheet.name = report.user.username;
    sheet.grid.year = report.year;
    for (const BoardDay& day : report.days)
        sheet.grid.setLevel(day.date, day.level);
    sheet.streak = report.streakAtYearEnd;
    sheet.streakKind = render::BoardSheet::Streak::AtYearEnd;
    sheet.longestStreak = report.longestStreakOfYear;
    sheet.perLevel = report.perLevel;
    sheet.palette = m_palette;
    return sheet;
}

Result<QByteArray> RenderedBoardArtwork::png(const YearReport& report) const
{
    const QByteArray bytes = render::BoardRenderer(sheetOf(report)).png();
    if (bytes.isEmpty())
        return Error{ErrorKind::Storage, u"the board image could not be written as PNG"_s};
    return bytes;
}

Result<QByteArray> RenderedBoardArtwork::pdf(const YearReport& report) const
{
    const QByteArray bytes = render::BoardRenderer(sheetOf(report)).pdf();
    if (bytes.isEmpty())
        return Error{ErrorKind::Storage, u"the board PDF could not be written"_s};
    return bytes;
}

} // namespace mood::yearend
