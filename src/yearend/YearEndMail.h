#pragma once

#include "BoardArtwork.h"
#include "MimeMessage.h"
#include "YearReport.h"

#include <QDateTime>

namespace mood::yearend {

// The year-end mail of one user: a short summary as text and HTML, the board inline (PNG) and attached (PDF).
// English whatever the machine's locale (users have no language setting yet).
struct YearEndMailContent {
    QString subject;
    QString plainText;
    QString html;
};
YearEndMailContent yearEndContent(const YearReport& report, const QByteArray& imageContentId);

// messageId without angle brackets; now is the Date of the mail.
Result<mail::MimeMessage> composeYearEndMail(const YearReport& report, const BoardArtwork& artwork,
                                             const mail::Mailbox& from, const QByteArray& messageId,
                                             const QDateTime& now);

QString levelName(int level); // "very good (blue)" .. "very bad (red)"

} // namespace mood::yearend
