#pragma once

#include <QDate>
#include <QList>

namespace mood {

struct Streaks {
    int current = 0; // the run ending today, or yesterday when today has no mood yet; else 0
    int longest = 0; // the longest run of consecutive calendar days ever
    bool operator==(const Streaks& other) const { return current == other.current && longest == other.longest; }
};

// Streaks over calendar days: days may come in any order and repeat; days after today count for longest only.
Streaks computeStreaks(QList<QDate> days, const QDate& today);

} // namespace mood
