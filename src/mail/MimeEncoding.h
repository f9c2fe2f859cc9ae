#pragma once

#include <QByteArray>

namespace mood::mail {

// Content transfer encodings of RFC 2045. Both give lines of at most 76 characters, each ending in CRLF.

// Text (UTF-8, line breaks LF or CRLF) as quoted-printable. A '.' starting a line is encoded too, so the
// message survives relays that mishandle dot-stuffing.
QByteArray quotedPrintable(const QByteArray& text);

// Binary data as base64 in lines of lineLength characters.
QByteArray base64Lines(const QByteArray& data, int lineLength = 76);

} // namespace mood::mail
