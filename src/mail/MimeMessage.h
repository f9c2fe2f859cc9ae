#pragma once

#include "MailHeaders.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace mood::mail {

// One message as RFC 5322/2045 text, CRLF throughout. With everything set, the structure is
//   multipart/mixed
//     multipart/related
//       multipart/alternative (text/plain, text/html: UTF-8, quoted-printable)
//       inline parts (e.g. image/png with a Content-ID the HTML refers to as cid:...)
//     attachments (e.g. application/pdf)
// and each level is left out when it would hold a single part.
class MimeMessage final
{
public:
    struct Part {
        QByteArray mimeType; // "image/png"
        QString fileName;
        QByteArray contentId; // inline parts: without angle brackets
        QByteArray data;
    };

    void setFrom(const Mailbox& from) { m_from = from; }
    void setTo(const Mailbox& to) { m_to = to; }
    void setSubject(const QString& subject) { m_subject = subject; }
    void setDate(const QDateTime& date) { m_date = date; }
    void setMessageId(const QByteArray& id) { m_messageId = id; } // without angle brackets
    void setPlainText(const QString& text) { m_plain = text; }
    void setHtml(const QString& html) { m_html = html; }
    void addInline(const Part& part) { m_inline.append(part); }
    void addAttachment(const Part& part) { m_attachments.append(part); }

    const Mailbox& from() const { return m_from; }
    const Mailbox& to() const { return m_to; }
    QByteArray messageId() const { return m_messageId; }

    QByteArray serialize() const;

    // "<time>.<random>@domain": unique per call.
    static QByteArray newMessageId(const QString& domain);

private:
    Mailbox m_from;
    Mailbox m_to;
    QString m_subject;
    QDateTime m_date;
    QByteArray m_messageId;
    QString m_plain;
    QString m_html;
    QList<Part> m_inline;
    QList<Part> m_attachments;
};

} // namespace mood::mail
