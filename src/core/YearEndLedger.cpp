#include "YearEndLedger.h"

#include <QCoreApplication>
#include <QDate>
#include <QRandomGenerator>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <signal.h>

#include <cerrno>
#endif

namespace mood {

using namespace Qt::StringLiterals;

namespace {
const QString kColumns = u"user_id, board_year, state, claim_token, claimed_by, claimed_at, recipient, message_id,"
                         " attempts, detail, updated_at"_s;

std::optional<MailState> stateFromName(const QString& name)
{
    for (MailState state :
         {MailState::Claimed, MailState::Transmitting, MailState::Sent, MailState::Failed, MailState::Unconfirmed}) {
        if (mailStateName(state) == name)
            return state;
    }
    return std::nullopt;
}

MailRecord recordFromRow(const QSqlQuery& q)
{
    MailRecord record;
    record.userId = q.value(0).toLongLong();
    record.year = q.value(1).toInt();
    record.state = stateFromName(q.value(2).toString()).value_or(MailState::Transmitting); // unknown: hands off
    record.claimToken = q.value(3).toString();
    record.claimedBy = q.value(4).toString();
    record.claimedAt = q.value(5).toLongLong();
    record.recipient = q.value(6).toString();
    record.messageId = q.value(7).toString();
    record.attempts = q.value(8).toInt();
    record.detail = q.value(9).toString();
    record.updatedAt = q.value(10).toLongLong();
    return record;
}

QString newToken()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof words).toHex());
}

QString yearStart(int year)
{
    return QDate(year, 1, 1).toString(Qt::ISODate);
}

QString yearEnd(int year)
{
    return QDate(year, 12, 31).toString(Qt::ISODate);
}
} // namespace

QString mailStateName(MailState state)
{
    switch (state) {
    case MailState::Claimed:
        return u"claimed"_s;
    case MailState::Transmitting:
        return u"transmitting"_s;
    case MailState::Sent:
        return u"sent"_s;
    case MailState::Failed:
        return u"failed"_s;
    case MailState::Unconfirmed:
        return u"unconfirmed"_s;
    }
    return {};
}

YearEndLedger::YearEndLedger(const Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{
}

QString YearEndLedger::processIdentity()
{
    return QSysInfo::machineHostName() + u':' + QString::number(QCoreApplication::applicationPid());
}

bool YearEndLedger::claimantIsGone(const QString& claimant)
{
#ifdef Q_OS_UNIX
    const qsizetype colon = claimant.lastIndexOf(u':');
    bool ok = false;
    const qint64 pid = claimant.mid(colon + 1).toLongLong(&ok);
    if (colon < 0 || !ok || pid <= 0 || claimant.left(colon) != QSysInfo::machineHostName())
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
#else
    Q_UNUSED(claimant);
    return false; // unknown: wait until the claim is stale
#endif
}

Result<ClaimOutcome> YearEndLedger::claim(qint64 userId, int year, const QString& recipient, const QString& messageId,
                                          const QString& claimant)
{
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const QString token = newToken();
    WriteTransaction tx(m_database);
    if (Status begun = tx.begin(); !begun)
        return begun.error();
    auto inserted = sql::exec(tx.db(),
                              u"INSERT INTO yearend_mail (user_id, board_year, state, claim_token, claimed_by,"
                              " claimed_at, recipient, message_id, attempts, detail, updated_at)"
                              " VALUES (?, ?, 'claimed', ?, ?, ?, ?, ?, 1, '', ?)"
                              " ON CONFLICT (user_id, board_year) DO NOTHING"_s,
                              {userId, year, token, claimant, now, recipient, messageId, now});
    if (!inserted)
        return inserted.error();
    if (inserted->numRowsAffected() == 1) {
        if (Status committed = tx.commit(); !committed)
            return committed.error();
        return ClaimOutcome{ClaimOutcome::Kind::Claimed, MailClaim{userId, year, token, 1}, std::nullopt};
    }
    inserted->finish();

    auto row = sql::exec(tx.db(),
                         u"SELECT "_s + kColumns + u" FROM yearend_mail WHERE user_id = ? AND board_year = ?"_s
                             + m_database.forUpdate(),
                         {userId, year});
    if (!row)
        return row.error();
    if (!row->next())
        return Error{ErrorKind::Storage, u"database error: the year-end ledger row vanished"_s};
    const MailRecord current = recordFromRow(*row);
    row->finish();
    switch (current.state) {
    case MailState::Sent:
        return ClaimOutcome{ClaimOutcome::Kind::AlreadySent, std::nullopt, current};
    case MailState::Unconfirmed:
        return ClaimOutcome{ClaimOutcome::Kind::Unconfirmed, std::nullopt, current};
    case MailState::Transmitting: {
        if (!abandoned(current, now))
            return ClaimOutcome{ClaimOutcome::Kind::Busy, std::nullopt, current};
        // Its sender died with the message (maybe) out: say so for good, and never send it again by itself.
        MailRecord marked = current;
        marked.state = MailState::Unconfirmed;
        marked.detail = u"the sending process ended before the mail server's answer was recorded"_s;
        auto updated = sql::exec(tx.db(),
                                 u"UPDATE yearend_mail SET state = 'unconfirmed', detail = ?, updated_at = ?"
                                 " WHERE user_id = ? AND board_year = ? AND claim_token = ?"_s,
                                 {marked.detail, now, userId, year, current.claimToken});
        if (!updated)
            return updated.error();
        updated->finish();
        if (Status committed = tx.commit(); !committed)
            return committed.error();
        return ClaimOutcome{ClaimOutcome::Kind::Unconfirmed, std::nullopt, marked};
    }
    case MailState::Claimed:
        if (!abandoned(current, now))
            return ClaimOutcome{ClaimOutcome::Kind::Busy, std::nullopt, current};
        break; // the holder is gone or stuck before the message: nothing of it was sent, take it over
    case MailState::Failed:
        break;
    }
    // Compare-and-set on the old token: of two processes taking over at once, one wins.
    auto taken =
        sql::exec(tx.db(),
                  u"UPDATE yearend_mail SET state = 'claimed', claim_token = ?, claimed_by = ?, claimed_at = ?,"
                  " recipient = ?, message_id = ?, attempts = attempts + 1, updated_at = ?"
                  " WHERE user_id = ? AND board_year = ? AND claim_token = ?"_s,
                  {token, claimant, now, recipient, messageId, now, userId, year, current.claimToken});
    if (!taken)
        return taken.error();
    if (taken->numRowsAffected() != 1)
        return ClaimOutcome{ClaimOutcome::Kind::Busy, std::nullopt, current};
    if (Status committed = tx.commit(); !committed)
        return committed.error();
    return ClaimOutcome{ClaimOutcome::Kind::Claimed, MailClaim{userId, year, token, current.attempts + 1}, current};
}

bool YearEndLedger::abandoned(const MailRecord& record, qint64 now) const
{
    return now - record.updatedAt >= kStaleClaimSeconds || claimantIsGone(record.claimedBy);
}

Status YearEndLedger::transition(const MailClaim& claim, const QString& newState, const QString& fromStates,
                                 const std::optional<QString>& detail)
{
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    QString statement = u"UPDATE yearend_mail SET state = ?, updated_at = ?"_s;
    QVariantList params{newState, m_clock.now().toSecsSinceEpoch()};
    if (detail) {
        statement += u", detail = ?"_s;
        params << *detail;
    }
    statement += u" WHERE user_id = ? AND board_year = ? AND claim_token = ? AND state IN ("_s + fromStates + u')';
    params << claim.userId << claim.year << claim.token;
    auto done = sql::exec(*db, statement, params);
    if (!done)
        return done.error();
    if (done->numRowsAffected() != 1)
        return Error{ErrorKind::Conflict, u"the year-end mail of %1 is no longer held by this claim"_s.arg(claim.year)};
    return success();
}

Result<bool> YearEndLedger::beginTransmission(const MailClaim& claim)
{
    const Status moved = transition(claim, u"transmitting"_s, u"'claimed'"_s, std::nullopt);
    if (moved)
        return true;
    if (moved.error().kind == ErrorKind::Conflict)
        return false;
    return moved.error();
}

Status YearEndLedger::markSent(const MailClaim& claim, const QString& detail)
{
    return transition(claim, u"sent"_s, u"'transmitting'"_s, detail);
}

Status YearEndLedger::markFailed(const MailClaim& claim, const QString& detail)
{
    return transition(claim, u"failed"_s, u"'claimed', 'transmitting'"_s, detail);
}

Status YearEndLedger::markUnconfirmed(const MailClaim& claim, const QString& detail)
{
    return transition(claim, u"unconfirmed"_s, u"'transmitting'"_s, detail);
}

Status YearEndLedger::resolveUnconfirmed(qint64 userId, int year, bool delivered)
{
    const auto found = record(userId, year);
    if (!found)
        return found.error();
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const bool open = found->has_value()
        && ((*found)->state == MailState::Unconfirmed
            || ((*found)->state == MailState::Transmitting && abandoned(**found, now)));
    if (!open)
        return Error{ErrorKind::NotFound, u"no unconfirmed year-end mail of %1 for this user"_s.arg(year)};
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    auto done = sql::exec(
        *db,
        u"UPDATE yearend_mail SET state = ?, detail = ?, updated_at = ?"
        " WHERE user_id = ? AND board_year = ? AND claim_token = ?"_s,
        {delivered ? u"sent"_s : u"failed"_s,
         delivered ? u"confirmed as delivered by the operator"_s : u"released for sending again by the operator"_s, now,
         userId, year, (*found)->claimToken});
    if (!done)
        return done.error();
    if (done->numRowsAffected() != 1)
        return Error{ErrorKind::NotFound, u"no unconfirmed year-end mail of %1 for this user"_s.arg(year)};
    return success();
}

Result<std::optional<MailRecord>> YearEndLedger::record(qint64 userId, int year) const
{
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = sql::exec(*db, u"SELECT "_s + kColumns + u" FROM yearend_mail WHERE user_id = ? AND board_year = ?"_s,
                       {userId, year});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<MailRecord>();
    return std::optional<MailRecord>(recordFromRow(*q));
}

Result<QList<MailRecord>> YearEndLedger::records(int year) const
{
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q =
        sql::exec(*db, u"SELECT "_s + kColumns + u" FROM yearend_mail WHERE board_year = ? ORDER BY user_id"_s, {year});
    if (!q)
        return q.error();
    QList<MailRecord> out;
    while (q->next())
        out.append(recordFromRow(*q));
    return out;
}

Result<QList<qint64>> YearEndLedger::usersAwaitingMail(int year) const
{
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q =
        sql::exec(*db,
                  u"SELECT u.id FROM users u WHERE u.email <> ''"
                  " AND EXISTS (SELECT 1 FROM moods m WHERE m.user_id = u.id AND m.local_day >= ? AND m.local_day <= ?)"
                  " AND NOT EXISTS (SELECT 1 FROM yearend_mail y WHERE y.user_id = u.id AND y.board_year = ?"
                  " AND y.state = 'sent') ORDER BY u.id"_s,
                  {yearStart(year), yearEnd(year), year});
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q->next())
        ids.append(q->value(0).toLongLong());
    return ids;
}

Result<qint64> YearEndLedger::sentCount(int year) const
{
    const auto db = m_database.connection();
    if (!db)
        return db.error();
    return sql::scalar(*db, u"SELECT COUNT(*) FROM yearend_mail WHERE board_year = ? AND state = 'sent'"_s, {year});
}

} // namespace mood
