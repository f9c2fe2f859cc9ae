#include "Mood.h"

#include <array>

namespace mood {

namespace {
struct MoodInfo {
    Mood mood;
    const char16_t* name;
    int level;
};

constexpr std::array<MoodInfo, 8> kMoods{{
    {Mood::Cheerful, u"CHEERFUL", 5},
    {Mood::Reflective, u"REFLECTIVE", 3},
    {Mood::Gloomy, u"GLOOMY", 1},
    {Mood::Humorous, u"HUMOROUS", 4},
    {Mood::Melancholy, u"MELANCHOLY", 2},
    {Mood::Idyllic, u"IDYLLIC", 5},
    {Mood::Whimsical, u"WHIMSICAL", 4},
    {Mood::Romantic, u"ROMANTIC", 4},
}};

const MoodInfo& info(Mood mood)
{
    return kMoods[static_cast<size_t>(mood)];
}

char16_t unitOf(QChar c)
{
    return c.unicode();
}
char16_t unitOf(QLatin1Char c)
{
    return c.unicode();
}
char16_t unitOf(char c)
{
    return static_cast<uchar>(c); // a byte of a multi-byte UTF-8 sequence is >= 0x80: it never matches a name's
}

// The names are ASCII: compared unit by unit in whatever encoding the view holds, without converting it (every
// history entry read from the database passes here).
template <typename View>
bool isName(View text, const char16_t* name)
{
    qsizetype i = 0;
    for (; name[i] != u'\0'; ++i) {
        if (i >= text.size() || unitOf(text[i]) != name[i])
            return false;
    }
    return i == text.size();
}
} // namespace

QString moodName(Mood mood)
{
    return QString::fromUtf16(info(mood).name);
}

std::optional<Mood> moodFromName(QAnyStringView name)
{
    return name.visit([](auto text) -> std::optional<Mood> {
        for (const MoodInfo& m : kMoods) {
            if (isName(text, m.name))
                return m.mood;
        }
        return std::nullopt;
    });
}

const QList<Mood>& allMoods()
{
    static const QList<Mood> moods = [] {
        QList<Mood> list;
        for (const MoodInfo& m : kMoods)
            list.append(m.mood);
        return list;
    }();
    return moods;
}

QStringList allMoodNames()
{
    QStringList names;
    for (const MoodInfo& m : kMoods)
        names.append(QString::fromUtf16(m.name));
    return names;
}

int moodLevel(Mood mood)
{
    return info(mood).level;
}

const QList<Mood>& panelMoods()
{
    static const QList<Mood> moods{Mood::Cheerful, Mood::Whimsical, Mood::Reflective, Mood::Melancholy, Mood::Gloomy};
    return moods;
}

} // namespace mood
