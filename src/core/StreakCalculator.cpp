#include "StreakCalculator.h"

#include <algorithm>

namespace mood {

Streaks computeStreaks(QList<QDate> days, const QDate& today)
{
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());

    Streaks streaks;
    int run = 0;
    QDate previous;
    for (const QDate& day : std::as_const(days)) {
        run = (previous.isValid() && previous.daysTo(day) == 1) ? run + 1 : 1;
        streaks.longest = std::max(streaks.longest, run);
        if (day == today || day == today.addDays(-1))
            streaks.current = run; // today's run overwrites yesterday's, which it contains
        previous = day;
    }
    return streaks;
}

} // namespace mood
