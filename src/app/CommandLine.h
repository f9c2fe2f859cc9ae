#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>

namespace mood::app {

// What the command line asks for (CONTRACTS.md section 5).
struct CommandLine {
    enum class Mode { Desktop, Version, Help, Headless, YearEnd, Generate };
    Mode mode = Mode::Desktop;
    QHostAddress listenAddress = QHostAddress::LocalHost;
    QString listenHost = QStringLiteral("127.0.0.1"); // as the user wrote it, for the "listening on" line
    quint16 listenPort = 5000;
    QString database; // empty: the default SQLite file
    int backfillDays = 7;
    qint64 maxBodyBytes = 1024 * 1024;
    // year-end, and the automatic year-end mail of --headless
    int year = 0;
    QString smtpUrl;         // checked: a valid smtp[s]:// URL
    QString from;            // checked: "address" or "Name <address>"; empty: the default sender
    QStringList markSent;    // year-end: users whose unconfirmed mail the operator found delivered
    QStringList resend;      // year-end: users whose unconfirmed mail the operator found missing
    QStringList publicHosts; // --public-host, repeatable: names colleagues use to reach the server
    // generate: how much synthetic data (follows and activities per user, events in all)
    qint64 generateUsers = 0;
    int generateDays = 30;
    int generateFollows = 10;
    int generateActivities = 10;
    qint64 generateEvents = 0;
    bool generateEveryDay = false; // one mood on each of the --days days before today, none today
    QString generateTokensFile;    // non-empty: a bearer token per user, "username token" lines written there

    // nullopt and *error set on bad arguments (the caller exits with status 2).
    static std::optional<CommandLine> parse(const QStringList& arguments, QString* error);
    static QString usage();
};

} // namespace mood::app
