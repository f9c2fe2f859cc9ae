#pragma once

#include "BoardService.h"
#include "Database.h"
#include "Result.h"
#include "User.h"

#include <QList>

#include <array>

namespace mood::yearend {

// Everything the year-end mail says about one user's year.
struct YearReport {
    User user;
    int year = 0;
    QList<BoardDay> days;          // the board: days with moods, in date order
    int moodCount = 0;             // entries of the year
    std::array<int, 5> perLevel{}; // entries per level: [0] is level 1 (very bad) .. [4] level 5 (very good)
    int streakAtYearEnd = 0;       // the current streak as it stood on 31 December (earlier years count)
    int longestStreakOfYear = 0;   // the longest run of days inside the year
    int bestMonth = 0;             // 1..12: highest average day level; ties: more days, then earlier; 0: none
    double bestMonthAverage = 0;
    int bestMonthDays = 0;

    int moodsAtLevel(int level) const { return perLevel.at(static_cast<size_t>(level - 1)); }
};

Result<YearReport> buildYearReport(const Database& database, const BoardService& board, const User& user, int year);

} // namespace mood::yearend
