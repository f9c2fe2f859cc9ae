#include "BoardMail.h"

#include "LocalInstance.h"
#include "RenderedBoardArtwork.h"
#include "Services.h"
#include "YearEndMail.h"

#include <QSysInfo>
#include <QUrl>

namespace mood::gui {

using namespace Qt::StringLiterals;

QString MailConfig::account(const QString& smtpUrl)
{
    const QUrl url(smtpUrl.trimmed());
    return u"%1@%2:%3"_s.arg(url.userName(), url.host()).arg(url.port(url.scheme() == u"smtps"_s ? 465 : 25));
}

std::optional<mail::SmtpOptions> MailConfig::smtp(QString* error) const
{
    auto url = mail::SmtpUrl::parse(smtpUrl.trimmed(), error);
    if (!url)
        return std::nullopt;
    if (!password.isEmpty())
        url->password = password;
    mail::SmtpOptions options;
    options.url = *url;
    options.caFile = caFile;
    return options;
}

std::optional<mail::Mailbox> MailConfig::sender(QString* error) const
{
    if (from.trimmed().isEmpty()) {
        QString host = QSysInfo::machineHostName();
        if (!mail::isEnvelopeAddress(u"moodboard@"_s + host))
            host = u"localhost"_s;
        return mail::Mailbox{u"Moodboard"_s, u"moodboard@"_s + host};
    }
    const auto box = mail::parseMailbox(from.trimmed());
    if (!box) {
        if (error)
            *error = u"the sender is not a mail address: %1"_s.arg(from);
        return std::nullopt;
    }
    return box->name.isEmpty() ? mail::Mailbox{u"Moodboard"_s, box->address} : *box;
}

QFuture<client::Result<QString>> BoardMail::sendNow(client::LocalInstance& instance, const QString& username, int year,
                                                    const MailConfig& config)
{
    return instance.run<QString>([username, year, config](Services& services) -> client::Result<QString> {
        const auto fail = [](const QString& detail) { return client::Error{client::ErrorKind::InvalidInput, detail}; };
        QString error;
        const auto smtp = config.smtp(&error);
        if (!smtp)
            return fail(error);
        const auto from = config.sender(&error);
        if (!from)
            return fail(error);
        const auto user = services.users.findByName(username);
        if (!user || !user->has_value())
            return client::Error{client::ErrorKind::NotSignedIn, u"no such user"_s};
        if ((*user)->email.isEmpty())
            return fail(u"you have no email address: enter it above and save it first"_s);
        const auto report = yearend::buildYearReport(services.database, services.board, **user, year);
        if (!report)
            return client::Error{client::ErrorKind::ServerError, report.error().message};
        const yearend::RenderedBoardArtwork artwork;
        const QByteArray messageId = mail::MimeMessage::newMessageId(from->address.section(u'@', -1));
        const auto message = yearend::composeYearEndMail(*report, artwork, *from, messageId, services.clock.now());
        if (!message)
            return client::Error{client::ErrorKind::ServerError, message.error().message};
        mail::SmtpSender sender(*smtp);
        const mail::Delivery delivery = sender.send(from->address, (*user)->email, message->serialize());
        if (delivery.outcome != mail::Delivery::Outcome::Delivered)
            return client::Error{client::ErrorKind::Unreachable, delivery.detail};
        return (*user)->email;
    });
}

QFuture<client::Result<yearend::PassOutcome>> BoardMail::yearEnd(client::LocalInstance& instance,
                                                                 const MailConfig& config)
{
    return instance.run<yearend::PassOutcome>([config](Services& services) -> client::Result<yearend::PassOutcome> {
        const yearend::RenderedBoardArtwork artwork;
        if (!config.isSet())
            return yearend::YearEndPass::run(services, artwork, nullptr, {});
        QString error;
        const auto smtp = config.smtp(&error);
        const auto from = smtp ? config.sender(&error) : std::nullopt;
        if (!smtp || !from) {
            auto pass = yearend::YearEndPass::run(services, artwork, nullptr, {});
            pass.mail = Result<yearend::RunSummary>(mood::Error{mood::ErrorKind::Invalid, error});
            return pass;
        }
        mail::SmtpSender sender(*smtp);
        return yearend::YearEndPass::run(services, artwork, &sender, *from);
    });
}

} // namespace mood::gui
