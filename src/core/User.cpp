#include "User.h"

namespace mood {

using namespace Qt::StringLiterals;

QString shareLevelName(ShareLevel level)
{
    switch (level) {
    case ShareLevel::None:
        return u"none"_s;
    case ShareLevel::Milestones:
        return u"milestones"_s;
    case ShareLevel::Moods:
        return u"moods"_s;
    }
    return {};
}

std::optional<ShareLevel> shareLevelFromName(const QString& name)
{
    for (ShareLevel level : {ShareLevel::None, ShareLevel::Milestones, ShareLevel::Moods}) {
        if (shareLevelName(level) == name)
            return level;
    }
    return std::nullopt;
}

} // namespace mood
