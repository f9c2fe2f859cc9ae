#pragma once

#include <QString>

#include <optional>

namespace mood::mail {

// Where to send mail: smtp[s]://[user:pass@]host[:port], user and password percent-decoded.
struct SmtpUrl {
    enum class Tls {
        Implicit,      // smtps://: TLS from the first byte
        Required,      // smtp:// with credentials to another machine: STARTTLS or no mail (never a password in clear)
        Opportunistic, // smtp:// otherwise: STARTTLS when the server offers it
    };

    bool implicitTls = false;
    QString host;
    int port = 25;
    QString user;
    QString password;

    // nullopt and *error set when the text is not such a URL. The error never contains the password.
    static std::optional<SmtpUrl> parse(const QString& text, QString* error);

    bool hasCredentials() const { return !user.isEmpty(); }
    bool isLoopback() const; // localhost, 127.0.0.0/8, ::1
    Tls tls() const;
    QString curlUrl() const;     // without credentials
    QString displayName() const; // smtp://user@host:port, never the password
};

} // namespace mood::mail
