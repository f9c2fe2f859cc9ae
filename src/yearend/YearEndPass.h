#pragma once

#include "BoardArtwork.h"
#include "Retention.h"
#include "YearEndMailer.h"

#include <QDateTime>

#include <atomic>
#include <optional>

namespace mood::yearend {

// What one year-end pass did.
struct PassOutcome {
    int year = 0;
    std::optional<Result<RunSummary>> mail;            // nothing when no sender was given (no SMTP configured)
    std::optional<Result<RetentionOutcome>> retention; // nothing when stopped before it
};

// The year-end duties of an instance, the same for the headless server (hourly) and this computer's desktop
// app (at start and hourly): mail the boards of the year that ended last, then apply the retention setting,
// which removes a year only once its mail reached everyone (Retention). Blocks: run it off the GUI thread.
class YearEndPass final
{
public:
    // The latest year that has ended somewhere on Earth (UTC+14 is first into a new year).
    static int pastYear(const QDateTime& now);

    // sender nullptr: retention only. A set *stop ends the pass between two users, before retention.
    static PassOutcome run(Services& services, const BoardArtwork& artwork, mail::SmtpSender* sender,
                           const mail::Mailbox& from, const std::atomic_bool* stop = nullptr);
};

} // namespace mood::yearend
