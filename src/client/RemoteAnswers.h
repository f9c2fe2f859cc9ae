#pragma once

#include "ClientError.h"
#include "ClientTypes.h"
#include "HttpCall.h"

#include <QDate>

// The HTTP API's answers in the seam's terms: decoded with the core's fromJson (RemoteDecoding), mapped as the
// local backend maps the core's values (LocalMapping). A 2xx answer that is not what the contract says becomes
// a malformed-answer error.
namespace mood::client::remote {

// keep > 0: only the newest `keep` entries of the history.
Result<Summary> summaryFrom(const HttpAnswer& answer, const QDate& today, int keep = 0);
Result<Profile> profileFrom(const HttpAnswer& answer);
// key: "my_feed" | "friends_feed"
Result<FeedPage> feedFrom(const HttpAnswer& answer, const QString& key);
Result<ImportResult> importResultFrom(const HttpAnswer& answer);

} // namespace mood::client::remote
