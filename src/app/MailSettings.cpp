#include "MailSettings.h"

#include <QSysInfo>

namespace mood::app {

using namespace Qt::StringLiterals;

mail::SmtpOptions smtpOptions(const CommandLine& commandLine)
{
    mail::SmtpOptions options;
    QString error;
    if (const auto url = mail::SmtpUrl::parse(commandLine.smtpUrl, &error))
        options.url = *url;
    return options;
}

mail::Mailbox sender(const CommandLine& commandLine)
{
    if (const auto box = mail::parseMailbox(commandLine.from))
        return box->name.isEmpty() ? mail::Mailbox{u"Moodboard"_s, box->address} : *box;
    QString host = QSysInfo::machineHostName();
    if (!mail::isEnvelopeAddress(u"moodboard@"_s + host))
        host = u"localhost"_s;
    return {u"Moodboard"_s, u"moodboard@"_s + host};
}

} // namespace mood::app
