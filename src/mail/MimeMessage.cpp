#include "MimeMessage.h"

#include "MimeEncoding.h"

#include <QRandomGenerator>

namespace mood::mail {

using namespace Qt::StringLiterals;

namespace {
// An entity: its header lines and its body, each line ending in CRLF.
struct Entity {
    QByteArray headers;
    QByteArray body;
};

QByteArray randomHex(int bytes)
{
    QByteArray random(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(random.data()), bytes / 4);
    return random.toHex();
}

// "=_" cannot occur in base64 or quoted-printable output, so no body line can look like the boundary.
QByteArray newBoundary()
{
    return "=_moodboard_" + randomHex(12);
}

Entity textEntity(const QByteArray& subtype, const QString& text)
{
    return {"Content-Type: text/" + subtype + "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n",
            quotedPrintable(text.toUtf8())};
}

Entity binaryEntity(const MimeMessage::Part& part, bool inlined)
{
    QByteArray headers = headers::raw("Content-Type", part.mimeType + "; " + headers::parameter("name", part.fileName));
    headers += "Content-Transfer-Encoding: base64\r\n";
    headers += headers::raw("Content-Disposition",
                            QByteArray(inlined ? "inline" : "attachment") + "; "
                                + headers::parameter("filename", part.fileName));
    if (!part.contentId.isEmpty())
        headers += headers::raw("Content-ID", '<' + part.contentId + '>');
    return {headers, base64Lines(part.data)};
}

Entity multipart(const QByteArray& subtype, const QList<Entity>& parts, const QByteArray& extra = {})
{
    if (parts.size() == 1)
        return parts.first();
    const QByteArray boundary = newBoundary();
    Entity entity;
    entity.headers = headers::raw("Content-Type", "multipart/" + subtype + "; boundary=\"" + boundary + '"' + extra);
    for (const Entity& part : parts)
        entity.body += "--" + boundary + "\r\n" + part.headers + "\r\n" + part.body;
    entity.body += "--" + boundary + "--\r\n";
    return entity;
}

QByteArray domainOf(const QString& address)
{
    const QString domain = address.section(u'@', -1).trimmed();
    QByteArray clean;
    for (QChar c : domain) {
        if ((c.isLetterOrNumber() && c.unicode() < 128) || c == u'.' || c == u'-')
            clean += char(c.unicode());
    }
    return clean.isEmpty() || !address.contains(u'@') ? QByteArray("moodboard.invalid") : clean;
}
} // namespace

QByteArray MimeMessage::newMessageId(const QString& domain)
{
    return QByteArray::number(QDateTime::currentMSecsSinceEpoch(), 36) + '.' + randomHex(8) + '@'
        + domainOf(u"x@"_s + domain);
}

QByteArray MimeMessage::serialize() const
{
    QList<Entity> texts;
    if (!m_plain.isEmpty() || m_html.isEmpty())
        texts.append(textEntity("plain", m_plain));
    if (!m_html.isEmpty())
        texts.append(textEntity("html", m_html));
    Entity body = multipart("alternative", texts);
    if (!m_inline.isEmpty()) {
        QList<Entity> related{body};
        for (const Part& part : m_inline)
            related.append(binaryEntity(part, true));
        // RFC 2387: the type of the root part.
        const QByteArray rootType = texts.size() > 1 ? "multipart/alternative"
            : m_html.isEmpty()                       ? "text/plain"
                                                     : "text/html";
        body = multipart("related", related, "; type=\"" + rootType + '"');
    }
    if (!m_attachments.isEmpty()) {
        QList<Entity> mixed{body};
        for (const Part& part : m_attachments)
            mixed.append(binaryEntity(part, false));
        body = multipart("mixed", mixed);
    }

    QByteArray out;
    out += headers::mailbox("From", m_from);
    out += headers::mailbox("To", m_to);
    out += headers::unstructured("Subject", m_subject);
    out += headers::raw("Date", headers::date(m_date.isValid() ? m_date : QDateTime::currentDateTimeUtc()));
    out += headers::raw("Message-ID",
                        '<' + (m_messageId.isEmpty() ? newMessageId(m_from.address.section(u'@', -1)) : m_messageId)
                            + '>');
    out += "MIME-Version: 1.0\r\n";
    out += "Auto-Submitted: auto-generated\r\n"; // RFC 3834: no vacation replies to a mailing
    out += body.headers + "\r\n" + body.body;
    return out;
}

} // namespace mood::mail
