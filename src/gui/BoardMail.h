#pragma once

#include "ClientError.h"
#include "YearEndPass.h"

#include <QFuture>
#include <QString>

namespace mood::client {
class LocalInstance;
}

namespace mood::gui {

// The year-end mail settings of this computer's Moodboard (Preferences), as the mailer wants them.
struct MailConfig {
    QString smtpUrl;  // smtp[s]://[user@]host:port, as stored (no password)
    QString password; // from the keychain
    QString from;     // "Name <address>" or an address; empty: Moodboard <moodboard@HOSTNAME>
    QString caFile;   // extra CA certificates (tests)

    bool isSet() const { return !smtpUrl.trimmed().isEmpty(); }
    // nullopt and *error (never containing the password) when the URL or the sender is not usable.
    std::optional<mail::SmtpOptions> smtp(QString* error) const;
    std::optional<mail::Mailbox> sender(QString* error) const;
    static QString account(const QString& smtpUrl); // "user@host" for the keychain
};

// Mails from this computer's Moodboard, on its pool (never the GUI thread).
class BoardMail final
{
public:
    // One user's board of a year, now, whatever the ledger says (it tests the settings; the year-end mail is
    // still sent once). Answers the address it went to.
    static QFuture<client::Result<QString>> sendNow(client::LocalInstance& instance, const QString& username, int year,
                                                    const MailConfig& config);
    // The year-end pass of this computer (yearend::YearEndPass): the mailing of the year that ended last when
    // the settings are set (every user once, through the ledger), then the retention setting. Settings that
    // cannot be used make the mail part fail; retention runs all the same.
    static QFuture<client::Result<yearend::PassOutcome>> yearEnd(client::LocalInstance& instance,
                                                                 const MailConfig& config);
};

} // namespace mood::gui
