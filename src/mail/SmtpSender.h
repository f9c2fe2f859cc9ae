#pragma once

#include "SmtpUrl.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>

namespace mood::mail {

struct SmtpOptions {
    SmtpUrl url;
    QString caFile;                 // extra CA certificates (PEM) to trust, besides the system's
    int connectTimeoutSeconds = 20; // TCP connect and TLS handshake
    int timeoutSeconds = 120;       // the whole conversation of one message
};

// What became of one message. NotDelivered is certain (nothing was accepted: retry freely); Unknown means
// the whole message went out but the server's verdict never came back, so it may have been delivered.
struct Delivery {
    enum class Outcome { Delivered, NotDelivered, Unknown };
    Outcome outcome = Outcome::NotDelivered;
    int smtpCode = 0; // the server's last reply code, 0 when there was none
    QString detail;   // for people; never contains the password
};

// Sends messages over SMTP with libcurl: STARTTLS or implicit TLS as SmtpUrl::tls() says, AUTH when the URL
// has credentials, certificates verified, every step under a timeout. Keeps the connection between messages.
// One sender per thread.
class SmtpSender final
{
public:
    explicit SmtpSender(SmtpOptions options);
    ~SmtpSender();
    SmtpSender(const SmtpSender&) = delete;
    SmtpSender& operator=(const SmtpSender&) = delete;

    // Called once, after the server accepted sender and recipient and before the first byte of the message
    // is handed over; false cancels the message (NotDelivered).
    using BeforeMessage = std::function<bool()>;

    // from and to are bare addresses; message is the complete text (MimeMessage::serialize()). While *stop is
    // set, a conversation that has not reached the message yet is abandoned; one that has is finished.
    Delivery send(const QString& from, const QString& to, const QByteArray& message,
                  const BeforeMessage& beforeMessage = {}, const std::atomic_bool* stop = nullptr);

    const SmtpOptions& options() const { return m_options; }

private:
    QString redact(QString text) const;

    SmtpOptions m_options;
    void* m_curl = nullptr; // CURL*, kept for connection reuse
};

} // namespace mood::mail
