#pragma once

#include "Mood.h"

#include <QCoreApplication>
#include <QString>

namespace mood::gui {

// Moods and levels as people read them, in the shown language (the API keeps the upper-case names).
class MoodText final
{
    Q_DECLARE_TR_FUNCTIONS(MoodText)

public:
    static QString name(Mood mood);                 // "Cheerful"
    static QString names(const QList<Mood>& moods); // "Cheerful, Gloomy"
    static QString levelName(int level);            // 5 "Very good" .. 1 "Very bad"
    static QString iconPath(Mood mood);             // the face drawn on its swatch
};

} // namespace mood::gui
