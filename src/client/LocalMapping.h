#pragma once

#include "Activity.h"
#include "ActivityStore.h"
#include "BoardService.h"
#include "ClientError.h"
#include "ClientTypes.h"
#include "DataImport.h"
#include "MoodService.h"
#include "Result.h"
#include "User.h"

namespace mood::client::local {

// The core's answers in the seam's terms: the only place that knows both.
Error errorFrom(const mood::Error& error);
Session sessionFrom(const User& user);
Profile profileFrom(const User& user);
Entry entryFrom(const MoodEntry& entry);
Summary summaryFrom(const MoodSummary& summary, const QDate& today);
// days: the core's board; entries: the year's history, newest first (as MoodService answers).
QList<BoardDay> boardDaysFrom(const QList<mood::BoardDay>& days, const QList<MoodEntry>& entries);
Activity activityFrom(const mood::Activity& activity);
Result<FeedPage> feedPageFrom(const mood::Result<mood::FeedPage>& page);
mood::FeedRequest coreFeedRequest(const FeedRequest& request); // page >= 1, 1..100 per page
ImportResult importResultFrom(const ImportReport& report);

} // namespace mood::client::local
