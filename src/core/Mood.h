#pragma once

#include <QAnyStringView>
#include <QList>
#include <QString>

#include <optional>

namespace mood {

// Order is the order of CONTRACTS.md, which error messages list verbatim.
enum class Mood { Cheerful, Reflective, Gloomy, Humorous, Melancholy, Idyllic, Whimsical, Romantic };

QString moodName(Mood mood);
std::optional<Mood> moodFromName(QAnyStringView name); // case-sensitive
const QList<Mood>& allMoods();
QStringList allMoodNames();

// 5 very good .. 1 very bad: the colour of a day on the year grid.
int moodLevel(Mood mood);
// The one mood per level the desktop entry panel offers, from level 5 down to 1.
const QList<Mood>& panelMoods();

} // namespace mood
