#include "MoodController.h"

#include "ApiErrors.h"
#include "BodyValidator.h"
#include "DateText.h"
#include "JsonWriter.h"
#include "MoodJson.h"
#include "QueryInteger.h"
#include "RequestShapes.h"
#include "TimeUtil.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr Family kFamily = Family::Users;

ApiResponse bad(const QString& message)
{
    return errors::make(kFamily, 400, message);
}

// A query parameter that must be a whole number in [min, max]; the error names it.
std::optional<ApiResponse> intQuery(const ApiRequest& request, const QString& key, qint64 min, qint64 max,
                                    std::optional<qint64>* out)
{
    const QueryInteger number = QueryInteger::read(request, key, min, max);
    if (number.invalid())
        return bad(u"'%1' must be a whole number from %2 to %3"_s.arg(key).arg(min).arg(max));
    if (!number.absent())
        *out = number.value;
    return std::nullopt;
}

// The body passed its shape (RequestShapes): mood is a known name, note a string or null.
Mood moodOf(const QJsonObject& body)
{
    return moodFromName(body.value(u"mood"_s).toString()).value_or(Mood::Reflective);
}
} // namespace

MoodController::MoodController(ApiContext context)
    : m_context(context)
{
}

void MoodController::addRoutes(Router& router)
{
    router.add({"GET", u"/mood"_s, kFamily, true, u"Streaks, percentile and mood history"_s,
                bindTo(this, &MoodController::get)});
    router.add({"POST", u"/mood"_s, kFamily, true, u"Record a mood"_s, bindTo(this, &MoodController::post),
                &shapes::moodInput()});
    router.add({"PATCH", u"/mood/<arg>"_s, kFamily, true, u"Correct one of today's moods"_s,
                bindTo(this, &MoodController::correct), &shapes::moodCorrection()});
    router.add({"DELETE", u"/mood/<arg>"_s, kFamily, true, u"Remove one of today's moods"_s,
                bindTo(this, &MoodController::remove)});
    router.add({"GET", u"/board"_s, kFamily, true, u"The year grid: each day's moods and level"_s,
                bindTo(this, &MoodController::board)});
}

QString MoodController::historyDate(qint64 epochSeconds, const QByteArray& timeZone)
{
    return QString::fromLatin1(DateText(zoneOrUtc(timeZone), epochSeconds, epochSeconds).historyDate(epochSeconds));
}

ApiResponse MoodController::summaryResponse(const User& user, const MoodSummary& summary, bool details)
{
    return ApiResponse::json(200, toJson(summary, zoneOrUtc(user.timeZone), details));
}

ApiResponse MoodController::get(ApiRequest& request)
{
    std::optional<qint64> year;
    std::optional<qint64> limit;
    std::optional<qint64> before;
    std::optional<qint64> beforeId;
    if (auto invalid = intQuery(request, u"year"_s, 1970, 9999, &year))
        return *invalid;
    if (auto invalid = intQuery(request, u"limit"_s, 1, 100000, &limit))
        return *invalid;
    if (auto invalid = intQuery(request, u"before"_s, 0, std::numeric_limits<qint64>::max(), &before))
        return *invalid;
    if (auto invalid = intQuery(request, u"beforeId"_s, 1, std::numeric_limits<qint64>::max(), &beforeId))
        return *invalid;
    if (beforeId && !before)
        return bad(u"'beforeId' goes with 'before': the timestamp and id of the last entry already shown"_s);
    HistoryQuery query;
    if (year)
        query.year = static_cast<int>(*year);
    query.limit = static_cast<int>(limit.value_or(0));
    query.before = before;
    query.beforeId = beforeId;
    const bool details = request.queryValue(u"details"_s) == u"true"_s;
    if (!year && !before) {
        const auto json = m_context.services.moods.summaryJson(request.user->id, details, query.limit);
        if (!json)
            return errors::fromDomain(kFamily, json.error());
        return ApiResponse::json(200, *json);
    }
    const auto summary = m_context.services.moods.summary(request.user->id, query);
    if (!summary)
        return errors::fromDomain(kFamily, summary.error());
    return summaryResponse(*request.user, *summary, details);
}

ApiResponse MoodController::post(ApiRequest& request)
{
    if (auto refused = BodyValidator::admit(request, shapes::moodInput(), kFamily))
        return *refused;
    const QJsonObject body = request.json.toObject();
    std::optional<qint64> timestamp;
    if (body.contains(u"timestamp"_s)) {
        // Clamped first: casting a double beyond qint64 is undefined. Anything past 2^53 s is millions of
        // years away, refused by the service as future or as past the back-fill window all the same.
        constexpr double kFar = 9007199254740992.0; // 2^53
        timestamp = static_cast<qint64>(std::clamp(body.value(u"timestamp"_s).toDouble(), -kFar, kFar));
    }
    const Mood mood = moodOf(body);
    const QString note = body.value(u"note"_s).toString();
    // The answer is the summary the write's own transaction read: nothing is asked of the database after COMMIT.
    const auto recorded = m_context.services.moods.recordAndRender(request.user->id, mood, timestamp, note,
                                                                   request.queryValue(u"details"_s) == u"true"_s);
    if (!recorded)
        return errors::fromDomain(kFamily, recorded.error());
    return ApiResponse::json(200, recorded->json);
}

ApiResponse MoodController::correct(ApiRequest& request)
{
    bool ok = false;
    const qint64 id = request.args.value(0).toLongLong(&ok);
    if (!ok)
        return errors::make(kFamily, 404, u"no mood entry %1"_s.arg(request.args.value(0)));
    if (auto refused = BodyValidator::admit(request, shapes::moodCorrection(), kFamily))
        return *refused;
    const QJsonObject body = request.json.toObject();
    const auto corrected = m_context.services.moods.correctAndRender(request.user->id, id, moodOf(body),
                                                                     body.value(u"note"_s).toString(), true);
    if (!corrected)
        return errors::fromDomain(kFamily, corrected.error());
    return ApiResponse::json(200, corrected->json);
}

ApiResponse MoodController::remove(ApiRequest& request)
{
    bool ok = false;
    const qint64 id = request.args.value(0).toLongLong(&ok);
    if (!ok)
        return errors::make(kFamily, 404, u"no mood entry %1"_s.arg(request.args.value(0)));
    if (Status removed = m_context.services.moods.remove(request.user->id, id); !removed)
        return errors::fromDomain(kFamily, removed.error());
    return ApiResponse::noContent();
}

ApiResponse MoodController::board(ApiRequest& request)
{
    std::optional<qint64> year;
    if (auto invalid = intQuery(request, u"year"_s, 1970, 9999, &year))
        return *invalid;
    if (!year) {
        const QDateTime now = m_context.services.clock.now().toTimeZone(zoneOrUtc(request.user->timeZone));
        year = now.date().year();
    }
    const auto json = m_context.services.board.boardJson(request.user->id, static_cast<int>(*year));
    if (!json)
        return errors::fromDomain(kFamily, json.error());
    return ApiResponse::json(200, *json);
}

} // namespace mood::api
