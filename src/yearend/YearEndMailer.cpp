#include "YearEndMailer.h"

#include "TimeUtil.h"
#include "YearEndMail.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcYearEnd, "mood.yearend")

namespace mood::yearend {

using namespace Qt::StringLiterals;

namespace {
using Kind = UserOutcome::Kind;

QString when(qint64 epochSeconds)
{
    return QDateTime::fromSecsSinceEpoch(epochSeconds, QTimeZone::utc()).toString(Qt::ISODate);
}

QString unconfirmedDetail(const MailRecord& record)
{
    return u"the attempt by %1 at %2 (Message-ID <%3>) may have delivered it, but no confirmation came back%4; "
           "it is not sent again by itself"_s.arg(record.claimedBy, when(record.claimedAt), record.messageId,
                                                  record.detail.isEmpty() ? QString() : u" (%1)"_s.arg(record.detail));
}
} // namespace

int RunSummary::sent() const
{
    return static_cast<int>(
        std::count_if(users.begin(), users.end(), [](const UserOutcome& u) { return u.kind == Kind::Sent; }));
}

int RunSummary::failed() const
{
    return static_cast<int>(std::count_if(users.begin(), users.end(), [](const UserOutcome& u) {
        return u.kind == Kind::Failed || u.kind == Kind::Unconfirmed;
    }));
}

int RunSummary::skipped() const
{
    return static_cast<int>(users.size()) - sent() - failed();
}

QString RunSummary::line() const
{
    return u"year-end %1: %2 sent, %3 skipped, %4 failed"_s.arg(year).arg(sent()).arg(skipped()).arg(failed());
}

QStringList RunSummary::problems() const
{
    QStringList lines;
    for (const UserOutcome& user : users) {
        if (user.kind == Kind::Failed) {
            lines.append(
                u"%1 <%2>: not sent: %3; the next run tries again"_s.arg(user.username, user.recipient, user.detail));
        } else if (user.kind == Kind::Unconfirmed) {
            lines.append(u"%1 <%2>: unconfirmed: %3. Look for that Message-ID in the mail server's log, then run "
                         "year-end --year %4 with --mark-sent %1 (it arrived) or --resend %1 (it did not)"_s
                             .arg(user.username, user.recipient, user.detail)
                             .arg(year));
        }
    }
    return lines;
}

YearEndMailer::YearEndMailer(Services& services, const BoardArtwork& artwork, mail::SmtpSender& sender,
                             QString claimant)
    : m_services(services)
    , m_artwork(artwork)
    , m_sender(sender)
    , m_claimant(std::move(claimant))
{
}

Result<RunSummary> YearEndMailer::run(int year, const mail::Mailbox& from, const std::atomic_bool* stop)
{
    RunSummary summary;
    summary.year = year;
    const auto sentBefore = m_services.yearEnd.sentCount(year);
    if (!sentBefore)
        return sentBefore.error();
    for (qint64 i = 0; i < *sentBefore; ++i)
        summary.users.append(UserOutcome{Kind::AlreadySent, 0, {}, {}, {}});
    const auto pending = m_services.yearEnd.usersAwaitingMail(year);
    if (!pending)
        return pending.error();
    for (qint64 userId : *pending) {
        if (stop && stop->load())
            break;
        summary.users.append(mailOne(userId, year, from, stop));
    }
    return summary;
}

UserOutcome YearEndMailer::mailOne(qint64 userId, int year, const mail::Mailbox& from, const std::atomic_bool* stop)
{
    UserOutcome outcome;
    outcome.userId = userId;
    const auto found = m_services.users.findById(userId);
    if (!found || !found->has_value()) {
        outcome.detail = found ? u"the user is gone"_s : found.error().message;
        outcome.kind = found ? Kind::AlreadySent : Kind::Failed; // a deleted account has nothing left to mail: skip
        return outcome;
    }
    const User& user = **found;
    outcome.username = user.username;
    outcome.recipient = user.email;
    const QDateTime now = m_services.clock.now();
    if (localDate(now.toSecsSinceEpoch(), zoneOrUtc(user.timeZone)).year() <= year) {
        outcome.kind = Kind::NotOver;
        return outcome;
    }

    const auto report = buildYearReport(m_services.database, m_services.board, user, year);
    if (!report) {
        outcome.detail = report.error().message;
        return outcome;
    }
    const QByteArray messageId = mail::MimeMessage::newMessageId(from.address.section(u'@', -1));
    const auto message = composeYearEndMail(*report, m_artwork, from, messageId, now);
    if (!message) {
        outcome.detail = u"the board could not be drawn: "_s + message.error().message;
        return outcome;
    }

    YearEndLedger& ledger = m_services.yearEnd;
    const auto claimed = ledger.claim(userId, year, user.email, QString::fromLatin1(messageId), m_claimant);
    if (!claimed) {
        outcome.detail = claimed.error().message;
        return outcome;
    }
    switch (claimed->kind) {
    case ClaimOutcome::Kind::AlreadySent:
        outcome.kind = Kind::AlreadySent;
        return outcome;
    case ClaimOutcome::Kind::Busy:
        outcome.kind = Kind::Busy;
        outcome.detail =
            u"%1 is sending it (claimed at %2)"_s.arg(claimed->current->claimedBy, when(claimed->current->claimedAt));
        return outcome;
    case ClaimOutcome::Kind::Unconfirmed:
        outcome.kind = Kind::Unconfirmed;
        outcome.detail = unconfirmedDetail(*claimed->current);
        return outcome;
    case ClaimOutcome::Kind::Claimed:
        break;
    }
    const MailClaim claim = *claimed->claim;

    QString cancelled; // why the message was held back at the last moment
    bool takenOver = false;
    const auto beforeMessage = [&] {
        const auto begun = ledger.beginTransmission(claim);
        if (!begun)
            cancelled = begun.error().message;
        takenOver = begun && !*begun;
        if (takenOver)
            cancelled = u"another server took the mail over"_s;
        return begun && *begun;
    };
    const mail::Delivery delivery = m_sender.send(from.address, user.email, message->serialize(), beforeMessage, stop);
    switch (delivery.outcome) {
    case mail::Delivery::Outcome::Delivered:
        outcome.kind = Kind::Sent;
        if (Status recorded = ledger.markSent(claim, delivery.detail); !recorded) {
            // Delivered all the same; the next run reports it as unconfirmed rather than sending it again.
            qCWarning(lcYearEnd).noquote()
                << user.username << "was mailed, but the ledger could not record it:" << recorded.error().message;
        }
        return outcome;
    case mail::Delivery::Outcome::NotDelivered:
        outcome.detail = cancelled.isEmpty() ? delivery.detail : cancelled;
        if (takenOver) {
            outcome.kind = Kind::Busy; // the new holder sends it; the ledger row is theirs now
            return outcome;
        }
        // If even this fails, the row stays "claimed" and is taken over later: nothing of it was sent.
        if (Status recorded = ledger.markFailed(claim, outcome.detail); !recorded)
            qCWarning(lcYearEnd).noquote()
                << "cannot record the failure for" << user.username << ":" << recorded.error().message;
        return outcome;
    case mail::Delivery::Outcome::Unknown:
        outcome.kind = Kind::Unconfirmed;
        (void)ledger.markUnconfirmed(claim, delivery.detail);
        outcome.detail = delivery.detail + u"; it may have been delivered, so it is not sent again by itself"_s;
        return outcome;
    }
    return outcome;
}

} // namespace mood::yearend
