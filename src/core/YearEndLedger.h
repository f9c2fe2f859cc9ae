#pragma once

#include "Clock.h"
#include "Database.h"
#include "Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace mood {

// Where one user's year-end mail stands. The order of a send:
//   claimed       a process took the mail (fencing token, who, when); not a byte of the message is out yet
//   transmitting  set, and committed, right before the message's first byte goes to the mail server
//   sent          the server accepted it
//   failed        certainly not delivered (refused, unreachable, ...): the next run tries again
//   unconfirmed   the whole message went out but the server's verdict never came back
// A crash in "claimed" delivered nothing, so another run may take the mail over. A crash in "transmitting" may
// have delivered it: such a row, once its process is gone (or silent for kStaleClaimSeconds), becomes
// "unconfirmed". An unconfirmed mail is never sent again by itself: it waits for an operator who checked the
// mail server's log to say which it was (resolveUnconfirmed). Never twice, even if, rarely, never.
enum class MailState { Claimed, Transmitting, Sent, Failed, Unconfirmed };
QString mailStateName(MailState state);

struct MailRecord {
    qint64 userId = 0;
    int year = 0;
    MailState state = MailState::Claimed;
    QString claimToken;
    QString claimedBy; // "host:pid" of the claiming process
    qint64 claimedAt = 0;
    QString recipient;
    QString messageId;
    int attempts = 0;
    QString detail; // the last failure, or why it is unconfirmed
    qint64 updatedAt = 0;
};

// The right to send one mail, held by the process that claimed it.
struct MailClaim {
    qint64 userId = 0;
    int year = 0;
    QString token;
    int attempt = 1;
};

struct ClaimOutcome {
    enum class Kind {
        Claimed,     // yours: send it
        AlreadySent, // nothing to do
        Unconfirmed, // an earlier attempt may have delivered it: not sent again
        Busy,        // another live process is at it
    };
    Kind kind = Kind::Busy;
    std::optional<MailClaim> claim;    // when Claimed
    std::optional<MailRecord> current; // otherwise: the row as found
};

// The year-end mail ledger in the database, shared by every server and run on it.
class YearEndLedger final
{
public:
    // A claim from another machine (whose process we cannot check) counts as abandoned only after this long
    // without news; it is longer than a send can last (SmtpOptions timeouts).
    static constexpr qint64 kStaleClaimSeconds = 15 * 60;

    YearEndLedger(const Database& database, const Clock& clock);

    static QString processIdentity(); // "host:pid" of this process

    Result<ClaimOutcome> claim(qint64 userId, int year, const QString& recipient, const QString& messageId,
                               const QString& claimant = processIdentity());
    // claimed -> transmitting. False when the claim was taken over meanwhile: then send nothing.
    Result<bool> beginTransmission(const MailClaim& claim);
    Status markSent(const MailClaim& claim, const QString& detail);
    Status markFailed(const MailClaim& claim, const QString& detail);
    Status markUnconfirmed(const MailClaim& claim, const QString& detail);

    // The operator checked the mail server: an unconfirmed mail (or one whose sender died while transmitting)
    // was delivered (-> sent) or not (-> failed, so the next run sends it). NotFound otherwise.
    Status resolveUnconfirmed(qint64 userId, int year, bool delivered);

    Result<std::optional<MailRecord>> record(qint64 userId, int year) const;
    Result<QList<MailRecord>> records(int year) const;
    // Users who have an address and moods in the year, and whose mail of that year is not sent yet.
    Result<QList<qint64>> usersAwaitingMail(int year) const;
    Result<qint64> sentCount(int year) const;

    // Whether the claimant process is known to be gone (same host, no such process).
    static bool claimantIsGone(const QString& claimant);

private:
    bool abandoned(const MailRecord& record, qint64 now) const;
    Status transition(const MailClaim& claim, const QString& newState, const QString& fromStates,
                      const std::optional<QString>& detail);

    const Database& m_database;
    const Clock& m_clock;
};

} // namespace mood
