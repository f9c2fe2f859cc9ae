#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace mood::mail {

// A display name and an address: "Moodboard <moodboard@example.org>".
struct Mailbox {
    QString name;
    QString address;
};

// "address" or "Name <address>" (the name may be quoted); nothing when the address is not one an SMTP
// envelope can carry (no spaces, controls, angle brackets or quotes; local@domain).
std::optional<Mailbox> parseMailbox(const QString& text);
bool isEnvelopeAddress(const QString& address);

// Header fields of RFC 5322 with the encodings of RFC 2047/2231. The functions taking a header name return
// complete lines ("Name: value\r\n", folded at 78 characters). CR and LF in values become spaces: no header
// injection.
namespace headers {

// Free text (Subject): as is when printable ASCII, otherwise UTF-8 encoded-words.
QByteArray unstructured(const QByteArray& name, const QString& text);
// From, To: the display name quoted or encoded as needed, then the address in angle brackets.
QByteArray mailbox(const QByteArray& name, const Mailbox& mailbox);
// The value of a Date field: "Wed, 02 Dec 2026 06:09:17 +0000", English whatever the locale, with the time's
// own UTC offset.
QByteArray date(const QDateTime& when);
// A header whose value the caller built (Content-Type, Message-ID); folded, not encoded.
QByteArray raw(const QByteArray& name, const QByteArray& value);

// The text as RFC 2047 encoded-words of at most 64 characters, never splitting a character.
QList<QByteArray> encodedWords(const QString& text);
// A MIME parameter: name="value" for ASCII, name*=UTF-8''percent-encoded (RFC 2231) otherwise.
QByteArray parameter(const QByteArray& name, const QString& value);
// Unfolded text on one line: CR and LF become spaces.
QString singleLine(const QString& text);

} // namespace headers
} // namespace mood::mail
