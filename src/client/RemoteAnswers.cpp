#include "RemoteAnswers.h"

#include "ImportReport.h"
#include "LocalMapping.h"
#include "RemoteDecoding.h"
#include "RemoteErrors.h"

#include <QJsonArray>
#include <QJsonObject>

namespace mood::client::remote {

using namespace Qt::StringLiterals;

Result<Summary> summaryFrom(const HttpAnswer& answer, const QDate& today, int keep)
{
    QString why;
    auto summary = summaryFromJson(answer.json.object(), &why);
    if (!summary)
        return malformed(u"mood history"_s, why);
    if (keep > 0 && summary->history.size() > keep)
        summary->history.resize(keep);
    return local::summaryFrom(*summary, today);
}

Result<Profile> profileFrom(const HttpAnswer& answer)
{
    QString why;
    const auto user = profileFromJson(answer.json.object(), &why);
    if (!user)
        return malformed(u"profile"_s, why);
    return local::profileFrom(*user);
}

Result<FeedPage> feedFrom(const HttpAnswer& answer, const QString& key)
{
    FeedPage page;
    for (const QJsonValue& item : answer.json.object().value(key).toArray()) {
        QString why;
        const auto activity = activityFromJson(item.toObject(), &why);
        if (!activity)
            return malformed(u"feed"_s, why);
        page.items.append(local::activityFrom(*activity));
    }
    page.hasNext = answer.json.object().contains(u"next_url"_s);
    return page;
}

Result<ImportResult> importResultFrom(const HttpAnswer& answer)
{
    QString why;
    const auto report = ImportReport::fromJson(answer.json.object(), &why);
    if (!report)
        return malformed(u"import answer"_s, why);
    return local::importResultFrom(*report);
}

} // namespace mood::client::remote
