#pragma once

#include "MoodPalette.h"
#include "YearGridPainter.h"

#include <QLocale>
#include <QString>

#include <array>

namespace mood::render {

// Everything a board (the picture of one user's year) shows. Plain data, filled from a year-end report or from
// the desktop app's Backend (board + summary), so the mail, the export and the Year page paint the same grid.
struct BoardSheet {
    enum class Streak { Current, AtYearEnd }; // which streak the first number is

    QString name; // whose year: the username
    YearGridContent grid;
    int streak = 0; // current streak, or the streak as it stood on 31 December
    Streak streakKind = Streak::Current;
    int longestStreak = 0;         // the longest run of days inside the year
    std::array<int, 5> perLevel{}; // moods per level: [0] is level 1 (very bad) .. [4] level 5 (very good)
    MoodPalette palette = MoodPalette::standard();
    QLocale locale = QLocale(QLocale::English, QLocale::UnitedStates);

    int year() const { return grid.year; }
    int moodCount() const;
    int daysWithMoods() const;
    int moodsAtLevel(int level) const { return level >= 1 && level <= 5 ? perLevel[size_t(level - 1)] : 0; }
    // The longest run of consecutive days with a mood in grid (for callers that only have the days).
    static int longestRun(const YearGridContent& grid);
    // The run of days with a mood that ends on date (0 when date has none).
    static int runEndingOn(const YearGridContent& grid, const QDate& date);
};

} // namespace mood::render
