#include "MoodText.h"

#include "BoardRenderer.h"

namespace mood::gui {

using namespace Qt::StringLiterals;

QString MoodText::name(Mood mood)
{
    switch (mood) {
    case Mood::Cheerful:
        return tr("Cheerful");
    case Mood::Reflective:
        return tr("Reflective");
    case Mood::Gloomy:
        return tr("Gloomy");
    case Mood::Humorous:
        return tr("Humorous");
    case Mood::Melancholy:
        return tr("Melancholy");
    case Mood::Idyllic:
        return tr("Idyllic");
    case Mood::Whimsical:
        return tr("Whimsical");
    case Mood::Romantic:
        return tr("Romantic");
    }
    return moodName(mood);
}

QString MoodText::names(const QList<Mood>& moods)
{
    QStringList out;
    for (Mood mood : moods)
        out.append(name(mood));
    return out.join(tr(", ", "between mood names"));
}

QString MoodText::levelName(int level)
{
    return render::BoardRenderer::levelName(level); // one wording for the Year page and the board
}

QString MoodText::iconPath(Mood mood)
{
    switch (moodLevel(mood)) {
    case 5:
        return u":/moods/cheerful.svg"_s;
    case 4:
        return u":/moods/whimsical.svg"_s;
    case 3:
        return u":/moods/reflective.svg"_s;
    case 2:
        return u":/moods/melancholy.svg"_s;
    default:
        return u":/moods/gloomy.svg"_s;
    }
}

} // namespace mood::gui
