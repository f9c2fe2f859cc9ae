#include "YearReport.h"

#include "StreakCalculator.h"

#include <map>

namespace mood::yearend {

using namespace Qt::StringLiterals;

Result<YearReport> buildYearReport(const Database& database, const BoardService& board, const User& user, int year)
{
    YearReport report;
    report.user = user;
    report.year = year;
    auto days = board.board(user.id, year);
    if (!days)
        return days.error();
    report.days = std::move(days).value();

    QList<QDate> yearDays;
    std::map<int, std::pair<int, int>> months; // month -> (sum of day levels, days)
    for (const BoardDay& day : std::as_const(report.days)) {
        yearDays.append(day.date);
        report.moodCount += static_cast<int>(day.moods.size());
        for (Mood mood : day.moods)
            ++report.perLevel.at(static_cast<size_t>(moodLevel(mood) - 1));
        auto& [sum, count] = months[day.date.month()];
        sum += day.level;
        ++count;
    }
    const QDate lastDay(year, 12, 31);
    report.longestStreakOfYear = computeStreaks(yearDays, lastDay).longest;

    const auto db = database.connection();
    if (!db)
        return db.error();
    auto earlier = sql::exec(*db, u"SELECT DISTINCT local_day FROM moods WHERE user_id = ? AND local_day <= ?"_s,
                             {user.id, lastDay.toString(Qt::ISODate)});
    if (!earlier)
        return earlier.error();
    QList<QDate> allDays;
    while (earlier->next())
        allDays.append(QDate::fromString(earlier->value(0).toString(), Qt::ISODate));
    report.streakAtYearEnd = computeStreaks(allDays, lastDay).current;

    int bestSum = 0;
    for (const auto& [month, totals] : months) {
        const auto [sum, count] = totals;
        // sum / count against bestSum / bestMonthDays, in integers: no rounding decides a tie.
        const qint64 left = qint64(sum) * report.bestMonthDays;
        const qint64 right = qint64(bestSum) * count;
        if (report.bestMonth == 0 || left > right || (left == right && count > report.bestMonthDays)) {
            report.bestMonth = month;
            bestSum = sum;
            report.bestMonthDays = count;
        }
    }
    if (report.bestMonth != 0)
        report.bestMonthAverage = static_cast<double>(bestSum) / report.bestMonthDays;
    return report;
}

} // namespace mood::yearend
