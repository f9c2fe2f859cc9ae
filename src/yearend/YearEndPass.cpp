#include "YearEndPass.h"

namespace mood::yearend {

int YearEndPass::pastYear(const QDateTime& now)
{
    return now.toUTC().addSecs(14 * 3600).date().year() - 1;
}

PassOutcome YearEndPass::run(Services& services, const BoardArtwork& artwork, mail::SmtpSender* sender,
                             const mail::Mailbox& from, const std::atomic_bool* stop)
{
    PassOutcome outcome;
    outcome.year = pastYear(services.clock.now());
    if (sender) {
        YearEndMailer mailer(services, artwork, *sender);
        outcome.mail = mailer.run(outcome.year, from, stop);
    }
    if (stop && *stop)
        return outcome;
    outcome.retention = services.retention.apply();
    return outcome;
}

} // namespace mood::yearend
