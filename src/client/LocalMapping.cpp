#include "LocalMapping.h"

#include <QHash>

#include <algorithm>

namespace mood::client::local {

using namespace Qt::StringLiterals;

Error errorFrom(const mood::Error& error)
{
    switch (error.kind) {
    case mood::ErrorKind::Invalid:
        return Error{ErrorKind::InvalidInput, error.message};
    case mood::ErrorKind::NotFound:
        return Error{ErrorKind::NotFound, error.message};
    case mood::ErrorKind::Conflict:
        return Error{ErrorKind::RefusedByRule, error.message};
    case mood::ErrorKind::Forbidden:
        return Error{ErrorKind::Forbidden, error.message};
    case mood::ErrorKind::Storage:
        return Error{ErrorKind::ServerError, error.message};
    }
    return Error{ErrorKind::ServerError, error.message};
}

Session sessionFrom(const User& user)
{
    return Session{user.username, user.isAdmin, user.timeZone};
}

Profile profileFrom(const User& user)
{
    return Profile{user.username, user.email, user.timeZone, user.shareLevel, user.isAdmin};
}

Entry entryFrom(const MoodEntry& entry)
{
    return Entry{entry.id, entry.mood, entry.at, entry.day, entry.note};
}

Summary summaryFrom(const MoodSummary& summary, const QDate& today)
{
    Summary out;
    out.currentStreak = summary.streaks.current;
    out.longestStreak = summary.streaks.longest;
    out.streakPercentile = summary.streakPercentile;
    out.entries.reserve(summary.history.size());
    for (const MoodEntry& entry : summary.history)
        out.entries.append(entryFrom(entry));
    out.today = today;
    return out;
}

QList<BoardDay> boardDaysFrom(const QList<mood::BoardDay>& days, const QList<MoodEntry>& entries)
{
    QHash<QDate, QList<Entry>> byDay;
    // Newest first in, oldest first out: the order of the board (time, then recording order).
    for (auto it = entries.crbegin(); it != entries.crend(); ++it)
        byDay[it->day].append(entryFrom(*it));
    QList<BoardDay> out;
    out.reserve(days.size());
    for (const mood::BoardDay& day : days)
        out.append(BoardDay{day.date, day.level, byDay.value(day.date)});
    return out;
}

Activity activityFrom(const mood::Activity& activity)
{
    return Activity{activity.actor, activity.verb, activity.object, activity.target, activity.datetime};
}

ImportResult importResultFrom(const ImportReport& report)
{
    ImportResult out;
    out.imported = report.imported();
    out.skipped = report.skipped();
    for (const ImportReport::Row& row : report.rows)
        out.rows.append(ImportRow{row.row, row.imported, row.day, row.mood, row.reason, row.warning});
    out.followsAdded = report.followsAdded;
    for (const ImportReport::SkippedFollow& follow : report.followsSkipped)
        out.followsSkipped.append(follow.user + u": "_s + follow.reason);
    return out;
}

Result<FeedPage> feedPageFrom(const mood::Result<mood::FeedPage>& page)
{
    if (!page)
        return errorFrom(page.error());
    FeedPage out;
    for (const mood::Activity& activity : page->items)
        out.items.append(activityFrom(activity));
    out.hasNext = page->hasNext;
    return out;
}

mood::FeedRequest coreFeedRequest(const FeedRequest& request)
{
    mood::FeedRequest out;
    out.page = std::max(1, request.page);
    out.perPage = std::clamp(request.perPage, 1, 100);
    return out;
}

} // namespace mood::client::local
