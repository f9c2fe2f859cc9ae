#pragma once

#include "BoardArtwork.h"
#include "MailHeaders.h"
#include "Services.h"
#include "SmtpSender.h"
#include "YearEndLedger.h"

#include <QList>

#include <atomic>

namespace mood::yearend {

// What became of one user's mail in a run.
struct UserOutcome {
    enum class Kind {
        Sent,        // delivered in this run
        AlreadySent, // by an earlier run or another server
        NotOver,     // the year has not ended in the user's time zone yet: a later run sends it
        Busy,        // another server is sending it right now
        Failed,      // not delivered (refused, unreachable, board or database trouble): the next run retries
        Unconfirmed, // may have been delivered, no confirmation: never resent by itself (see YearEndLedger.h)
    };
    Kind kind = Kind::Failed;
    qint64 userId = 0;
    QString username;
    QString recipient;
    QString detail;
};

struct RunSummary {
    int year = 0;
    QList<UserOutcome> users;

    int sent() const;
    int skipped() const;          // AlreadySent, NotOver, Busy
    int failed() const;           // Failed, Unconfirmed
    QString line() const;         // "year-end 2026: 3 sent, 1 skipped, 0 failed"
    QStringList problems() const; // one line per failed or unconfirmed user, what to do included
};

// Mails every user who has an address and moods in the year their board of it, each at most once ever,
// through the ledger (claim, then "transmitting" just before the first byte, then "sent").
class YearEndMailer final
{
public:
    YearEndMailer(Services& services, const BoardArtwork& artwork, mail::SmtpSender& sender,
                  QString claimant = YearEndLedger::processIdentity());

    // A set *stop ends the run between two users (the mail in progress is finished).
    Result<RunSummary> run(int year, const mail::Mailbox& from, const std::atomic_bool* stop = nullptr);

private:
    UserOutcome mailOne(qint64 userId, int year, const mail::Mailbox& from, const std::atomic_bool* stop);

    Services& m_services;
    const BoardArtwork& m_artwork;
    mail::SmtpSender& m_sender;
    QString m_claimant;
};

} // namespace mood::yearend
