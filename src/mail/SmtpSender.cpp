#include "SmtpSender.h"

#include "MailHeaders.h"

#include <QLoggingCategory>

#include <curl/curl.h>

#include <cstring>
#include <mutex>

Q_LOGGING_CATEGORY(lcSmtp, "mood.smtp", QtInfoMsg)

namespace mood::mail {

using namespace Qt::StringLiterals;

namespace {
// The state of one message while libcurl works on it; its callbacks see only this.
struct Transfer {
    const QByteArray* message = nullptr;
    qsizetype offset = 0;
    const SmtpSender::BeforeMessage* beforeMessage = nullptr;
    const std::atomic_bool* stop = nullptr;
    bool messageStarted = false;
    bool cancelled = false;
    bool messageComplete = false; // every byte handed to libcurl; the end-of-data mark follows
    int replyAfterMessage = 0;    // the server's reply to the end of data, when one came
    QByteArray lastReply;         // the last line the server sent
    QByteArray rejection;         // the first negative reply (4xx, 5xx), which says what went wrong
};

size_t readMessage(char* buffer, size_t size, size_t count, void* userData)
{
    auto* transfer = static_cast<Transfer*>(userData);
    if (!transfer->messageStarted) {
        transfer->messageStarted = true;
        if (*transfer->beforeMessage && !(*transfer->beforeMessage)()) {
            transfer->cancelled = true;
            return CURL_READFUNC_ABORT;
        }
    }
    const qsizetype left = transfer->message->size() - transfer->offset;
    const qsizetype chunk = std::min<qsizetype>(left, static_cast<qsizetype>(size * count));
    std::memcpy(buffer, transfer->message->constData() + transfer->offset, static_cast<size_t>(chunk));
    transfer->offset += chunk;
    if (transfer->offset == transfer->message->size())
        transfer->messageComplete = true; // libcurl need not ask again before it sends the end of data
    return static_cast<size_t>(chunk);
}

// Only what the server says is kept: what we send includes AUTH with the password.
int watchReplies(CURL*, curl_infotype type, char* data, size_t size, void* userData)
{
    if (type != CURLINFO_HEADER_IN)
        return 0;
    auto* transfer = static_cast<Transfer*>(userData);
    transfer->lastReply = QByteArray(data, static_cast<qsizetype>(size)).trimmed();
    if (transfer->rejection.isEmpty() && transfer->lastReply.left(3).toInt() >= 400)
        transfer->rejection = transfer->lastReply;
    if (transfer->messageComplete && transfer->replyAfterMessage == 0)
        transfer->replyAfterMessage = transfer->lastReply.left(3).toInt();
    return 0;
}

int checkStop(void* userData, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto* transfer = static_cast<Transfer*>(userData);
    return transfer->stop && transfer->stop->load() && !transfer->messageStarted ? 1 : 0;
}

QString explain(CURLcode code, const char* buffer, const Transfer& transfer, const SmtpOptions& options)
{
    const QString where = u"%1:%2"_s.arg(options.url.host).arg(options.url.port);
    const QString reply =
        transfer.lastReply.isEmpty() ? QString() : u" (server: %1)"_s.arg(QString::fromUtf8(transfer.lastReply));
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return u"cannot find the mail server %1"_s.arg(options.url.host);
    case CURLE_COULDNT_CONNECT:
        return u"cannot connect to the mail server %1"_s.arg(where);
    case CURLE_OPERATION_TIMEDOUT:
        return u"the mail server %1 did not answer in time"_s.arg(where);
    case CURLE_USE_SSL_FAILED:
        return u"the mail server %1 does not offer STARTTLS; the password is only ever sent encrypted"_s.arg(where);
    case CURLE_PEER_FAILED_VERIFICATION:
        return u"the TLS certificate of the mail server %1 cannot be verified: %2"_s.arg(where,
                                                                                         QString::fromUtf8(buffer));
    case CURLE_LOGIN_DENIED:
        return u"the mail server %1 refused the login for '%2'%3"_s.arg(where, options.url.user, reply);
    case CURLE_ABORTED_BY_CALLBACK:
        return u"stopped before the message was sent"_s;
    default:
        break;
    }
    const QString text = *buffer ? QString::fromUtf8(buffer) : QString::fromUtf8(curl_easy_strerror(code));
    return u"mail to %1 failed: %2%3"_s.arg(where, text, reply);
}
} // namespace

SmtpSender::SmtpSender(SmtpOptions options)
    : m_options(std::move(options))
{
    static std::once_flag initialized;
    std::call_once(initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_curl = curl_easy_init();
}

SmtpSender::~SmtpSender()
{
    if (m_curl)
        curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

QString SmtpSender::redact(QString text) const
{
    const QString& password = m_options.url.password;
    if (password.isEmpty())
        return text;
    const QByteArray plain = password.toUtf8();
    const QByteArray authPlain = QByteArray('\0' + m_options.url.user.toUtf8() + '\0' + plain).toBase64();
    for (const QString& secret : {password, QString::fromLatin1(plain.toPercentEncoding()),
                                  QString::fromLatin1(plain.toBase64()), QString::fromLatin1(authPlain)})
        text.replace(secret, u"********"_s);
    return text;
}

Delivery SmtpSender::send(const QString& from, const QString& to, const QByteArray& message,
                          const BeforeMessage& beforeMessage, const std::atomic_bool* stop)
{
    Delivery delivery;
    if (!isEnvelopeAddress(from) || !isEnvelopeAddress(to)) { // CR or LF would be SMTP commands of their own
        delivery.detail = u"'%1' is not an address mail can be sent to"_s.arg(isEnvelopeAddress(from) ? to : from);
        return delivery;
    }
    auto* curl = static_cast<CURL*>(m_curl);
    if (!curl) {
        delivery.detail = u"libcurl could not be initialised"_s;
        return delivery;
    }
    curl_easy_reset(curl); // keeps the open connection
    Transfer transfer;
    transfer.message = &message;
    transfer.beforeMessage = &beforeMessage;
    transfer.stop = stop;
    char errors[CURL_ERROR_SIZE] = {};

    const QByteArray url = m_options.url.curlUrl().toUtf8();
    const QByteArray mailFrom = '<' + from.toUtf8() + '>';
    const QByteArray user = m_options.url.user.toUtf8();
    const QByteArray password = m_options.url.password.toUtf8();
    const QByteArray caFile = m_options.caFile.toUtf8();
    const QByteArray rcptTo = '<' + to.toUtf8() + '>';
    curl_slist* recipients = curl_slist_append(nullptr, rcptTo.constData());

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errors);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(m_options.connectTimeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(m_options.timeoutSeconds));
    // The wait for the reply to the end of data is outside CURLOPT_TIMEOUT: without this it is 120 s.
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, static_cast<long>(m_options.timeoutSeconds));
    switch (m_options.url.tls()) {
    case SmtpUrl::Tls::Implicit:
        break; // smtps:// is TLS from the start
    case SmtpUrl::Tls::Required:
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
        break;
    case SmtpUrl::Tls::Opportunistic:
        curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
        break;
    }
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    if (m_options.url.hasCredentials()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mailFrom.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readMessage);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L); // feeds watchReplies; nothing is printed
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, watchReplies);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, checkStop);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);

    const CURLcode code = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(recipients);
    delivery.smtpCode = static_cast<int>(reply);

    if (code == CURLE_OK) {
        delivery.outcome = Delivery::Outcome::Delivered;
        delivery.detail = redact(QString::fromUtf8(transfer.lastReply));
        return delivery;
    }
    // Until the end-of-data mark is out, the server discards what it got; after it, only its reply tells.
    const bool rejectedAtEnd = transfer.replyAfterMessage >= 400;
    delivery.outcome =
        transfer.messageComplete && !rejectedAtEnd ? Delivery::Outcome::Unknown : Delivery::Outcome::NotDelivered;
    delivery.detail = transfer.cancelled ? u"cancelled before the message was sent"_s
                                         : redact(explain(code, errors, transfer, m_options));
    qCDebug(lcSmtp).noquote() << "SMTP" << m_options.url.displayName() << "to" << to << ":" << delivery.detail;
    return delivery;
}

} // namespace mood::mail
