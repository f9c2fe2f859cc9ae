#include "CommandLine.h"

#include "BrowserGuard.h"
#include "MailHeaders.h"
#include "SmtpUrl.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace mood::app {

using namespace Qt::StringLiterals;

namespace {
bool parseListen(const QString& text, CommandLine* out)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return false;
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    // Qt reads "1.2.3" as 1.2.0.3: an IPv4 address must have its four parts.
    static const QRegularExpression dottedQuad(u"^\\d{1,3}(\\.\\d{1,3}){3}$"_s);
    if (!host.contains(u':') && host != u"localhost"_s && !dottedQuad.match(host).hasMatch())
        return false;
    if (host == u"localhost"_s)
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(host))
        return false;
    out->listenAddress = address;
    out->listenHost = host.contains(u':') ? u'[' + host + u']' : host;
    out->listenPort = static_cast<quint16>(port);
    return true;
}
// generate's counts: whole numbers in the ranges generateCountError() names.
bool parseGenerateCount(const QString& option, const QString& text, CommandLine* out)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok)
        return false;
    if (option == u"--users"_s && value >= 1 && value <= 100'000'000)
        out->generateUsers = value;
    else if (option == u"--days"_s && value >= 0 && value <= 3660)
        out->generateDays = static_cast<int>(value);
    else if (option == u"--follows"_s && value >= 0 && value <= 1000)
        out->generateFollows = static_cast<int>(value);
    else if (option == u"--activities"_s && value >= 0 && value <= 1000)
        out->generateActivities = static_cast<int>(value);
    else if (option == u"--events"_s && value >= 0 && value <= 1'000'000'000)
        out->generateEvents = value;
    else
        return false;
    return true;
}

QString generateCountError(const QString& option)
{
    if (option == u"--users"_s)
        return QCoreApplication::translate("CommandLine", "--users needs a whole number from 1 to 100000000");
    if (option == u"--days"_s)
        return QCoreApplication::translate("CommandLine", "--days needs a whole number of days from 0 to 3660");
    if (option == u"--events"_s)
        return QCoreApplication::translate("CommandLine", "--events needs a whole number from 0 to 1000000000");
    return QCoreApplication::translate("CommandLine", "%1 needs a whole number from 0 to 1000 per user").arg(option);
}
} // namespace

QString CommandLine::usage()
{
    return QCoreApplication::translate(
        "CommandLine",
        "Usage:\n"
        "  moodboard                      the desktop app\n"
        "  moodboard --version            prints the version\n"
        "  moodboard --headless [--listen HOST:PORT] [--database PATH | "
        "postgresql://user:pass@host:port/db]\n"
        "                       [--backfill-days N] [--max-body BYTES] [--public-host NAME]...\n"
        "                       [--smtp smtp[s]://[user:pass@]host:port [--from ADDRESS]]\n"
        "      server only; default listen 127.0.0.1:5000; with --smtp it mails each\n"
        "      user's board of the past year once that year has ended. --public-host: a name\n"
        "      colleagues use to reach this server (repeatable); other names are refused (421)\n"
        "  moodboard year-end --year YYYY [--database ...] --smtp smtp[s]://[user:pass@]host:port\n"
        "                       [--from ADDRESS] [--mark-sent USER] [--resend USER]\n"
        "      mails every user with an email address their board of YYYY, once\n"
        "  moodboard generate --users N [--days D] [--follows F] [--activities A] [--events E]\n"
        "                       [--every-day] [--tokens FILE] [--database ...]\n"
        "      fills an empty database with N synthetic users (password \"moodboard\"), their moods\n"
        "      of the last D days (default 30), F follows and about A activities each (defaults 10)\n"
        "      and E events in all (default 0), for benchmarks and demonstrations. --every-day: each\n"
        "      user has exactly one mood on each of the D days before today and none today.\n"
        "      --tokens: a bearer token per user (valid 30 days), \"username token\" lines in FILE\n");
}

std::optional<CommandLine> CommandLine::parse(const QStringList& arguments, QString* error)
{
    CommandLine line;
    const QStringList args = arguments.mid(1);
    const auto fail = [error](const QString& message) {
        *error = message;
        return std::optional<CommandLine>();
    };
    bool serverOptionSeen = false;   // --listen, --backfill-days, --max-body: only --headless
    bool databaseSeen = false;       // --headless, year-end or generate
    bool mailOptionSeen = false;     // --smtp, --from: --headless or year-end
    bool yearEndOptionSeen = false;  // --year, --mark-sent, --resend: only year-end
    bool generateOptionSeen = false; // --users, --days, --follows, --activities, --events, --every-day, --tokens
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args.at(i);
        const auto needValue = [&](QString* value) {
            if (i + 1 >= args.size())
                return false;
            *value = args.at(++i);
            return true;
        };
        QString value;
        if (arg == u"--version"_s || arg == u"-v"_s) {
            line.mode = Mode::Version;
        } else if (arg == u"--help"_s || arg == u"-h"_s) {
            line.mode = Mode::Help;
        } else if (arg == u"--headless"_s) {
            line.mode = Mode::Headless;
        } else if (arg == u"year-end"_s) {
            line.mode = Mode::YearEnd;
        } else if (arg == u"generate"_s) {
            line.mode = Mode::Generate;
        } else if (arg == u"--users"_s || arg == u"--days"_s || arg == u"--follows"_s || arg == u"--activities"_s
                   || arg == u"--events"_s) {
            if (!parseGenerateCount(arg, needValue(&value) ? value : QString(), &line))
                return fail(generateCountError(arg));
            generateOptionSeen = true;
        } else if (arg == u"--every-day"_s) {
            line.generateEveryDay = true;
            generateOptionSeen = true;
        } else if (arg == u"--tokens"_s) {
            if (!needValue(&value) || value.isEmpty())
                return fail(QCoreApplication::translate("CommandLine", "--tokens needs a file to write the tokens to"));
            line.generateTokensFile = value;
            generateOptionSeen = true;
        } else if (arg == u"--year"_s) {
            bool ok = false;
            line.year = needValue(&value) ? value.toInt(&ok) : 0;
            if (!ok || line.year < 1970 || line.year > 9999)
                return fail(QCoreApplication::translate("CommandLine", "--year needs a year, for example 2026"));
            yearEndOptionSeen = true;
        } else if (arg == u"--smtp"_s) {
            const QString expected = QCoreApplication::translate(
                "CommandLine", "--smtp needs smtp://[user:pass@]host:port or smtps://[user:pass@]host:port");
            QString problem; // never contains the password
            if (!needValue(&value))
                return fail(expected);
            if (!mail::SmtpUrl::parse(value, &problem))
                return fail(expected + u": "_s + problem);
            line.smtpUrl = value;
            mailOptionSeen = true;
        } else if (arg == u"--from"_s) {
            if (!needValue(&value) || !mail::parseMailbox(value))
                return fail(QCoreApplication::translate(
                    "CommandLine", "--from needs an email address, for example \"Moodboard <board@example.org>\""));
            line.from = value;
            mailOptionSeen = true;
        } else if (arg == u"--mark-sent"_s || arg == u"--resend"_s) {
            if (!needValue(&value) || value.isEmpty())
                return fail(QCoreApplication::translate("CommandLine", "%1 needs a user name").arg(arg));
            (arg == u"--resend"_s ? line.resend : line.markSent).append(value);
            yearEndOptionSeen = true;
        } else if (arg == u"--listen"_s) {
            if (!needValue(&value) || !parseListen(value, &line))
                return fail(QCoreApplication::translate(
                    "CommandLine", "--listen needs HOST:PORT, for example 127.0.0.1:5000 or [::1]:0"));
            serverOptionSeen = true;
        } else if (arg == u"--database"_s) {
            if (!needValue(&value) || value.trimmed().isEmpty())
                return fail(
                    QCoreApplication::translate("CommandLine", "--database needs a file path or a postgresql:// URL"));
            line.database = value;
            databaseSeen = true;
        } else if (arg == u"--backfill-days"_s) {
            bool ok = false;
            line.backfillDays = needValue(&value) ? value.toInt(&ok) : -1;
            if (!ok || line.backfillDays < 0 || line.backfillDays > 366)
                return fail(QCoreApplication::translate("CommandLine",
                                                        "--backfill-days needs a whole number of days from 0 to 366"));
            serverOptionSeen = true;
        } else if (arg == u"--max-body"_s) {
            bool ok = false;
            line.maxBodyBytes = needValue(&value) ? value.toLongLong(&ok) : -1;
            if (!ok || line.maxBodyBytes < 1)
                return fail(QCoreApplication::translate("CommandLine", "--max-body needs a positive number of bytes"));
            serverOptionSeen = true;
        } else if (arg == u"--public-host"_s) {
            if (!needValue(&value) || !api::BrowserGuard::isValidHostName(value))
                return fail(QCoreApplication::translate(
                    "CommandLine", "--public-host needs a host name, for example moodboard.example.org"));
            line.publicHosts.append(value.toLower());
            serverOptionSeen = true;
        } else {
            return fail(QCoreApplication::translate("CommandLine", "unknown argument '%1'").arg(arg));
        }
    }
    const bool informational = line.mode == Mode::Version || line.mode == Mode::Help;
    if (informational)
        return line;
    if (line.mode == Mode::Generate) {
        if (serverOptionSeen || mailOptionSeen || yearEndOptionSeen)
            return fail(QCoreApplication::translate("CommandLine",
                                                    "generate takes only --users, --days, --follows, "
                                                    "--activities, --events, --every-day, --tokens and --database"));
        if (line.generateUsers == 0)
            return fail(QCoreApplication::translate("CommandLine", "generate needs --users N"));
        return line;
    }
    if (generateOptionSeen)
        return fail(QCoreApplication::translate(
            "CommandLine",
            "--users, --days, --follows, --activities, --events, --every-day and --tokens go with generate"));
    if (line.mode == Mode::YearEnd) {
        if (serverOptionSeen)
            return fail(QCoreApplication::translate(
                "CommandLine", "--listen, --backfill-days, --max-body and --public-host go with --headless"));
        if (line.year == 0)
            return fail(QCoreApplication::translate("CommandLine", "year-end needs --year YYYY"));
        if (line.smtpUrl.isEmpty())
            return fail(QCoreApplication::translate("CommandLine", "year-end needs --smtp smtp[s]://host:port"));
        return line;
    }
    if (yearEndOptionSeen)
        return fail(QCoreApplication::translate("CommandLine", "--year, --mark-sent and --resend go with year-end"));
    if (mailOptionSeen && line.mode != Mode::Headless)
        return fail(QCoreApplication::translate("CommandLine", "--smtp and --from go with --headless or year-end"));
    if ((serverOptionSeen || databaseSeen) && line.mode != Mode::Headless)
        return fail(QCoreApplication::translate(
            "CommandLine", "--listen, --database, --backfill-days, --max-body and --public-host go with --headless"));
    if (!line.from.isEmpty() && line.smtpUrl.isEmpty())
        return fail(QCoreApplication::translate("CommandLine", "--from goes with --smtp"));
    return line;
}

} // namespace mood::app
