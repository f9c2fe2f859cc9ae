#include "BoardSheet.h"

#include <numeric>

namespace mood::render {

int BoardSheet::moodCount() const
{
    return std::accumulate(perLevel.begin(), perLevel.end(), 0);
}

int BoardSheet::daysWithMoods() const
{
    return static_cast<int>(std::count_if(grid.levels.begin(), grid.levels.end(), [](quint8 l) { return l > 0; }));
}

int BoardSheet::longestRun(const YearGridContent& grid)
{
    int longest = 0;
    int run = 0;
    for (QDate date(grid.year, 1, 1); date.isValid() && date.year() == grid.year; date = date.addDays(1)) {
        run = grid.levelOf(date) > 0 ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

int BoardSheet::runEndingOn(const YearGridContent& grid, const QDate& date)
{
    int run = 0;
    for (QDate day = date; grid.levelOf(day) > 0; day = day.addDays(-1))
        ++run;
    return run;
}

} // namespace mood::render
