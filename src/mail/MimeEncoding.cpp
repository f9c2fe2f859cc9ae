#include "MimeEncoding.h"

#include <QList>

namespace mood::mail {

namespace {
constexpr int kMaxLine = 76;

QByteArray hexEscape(char byte)
{
    static const char digits[] = "0123456789ABCDEF";
    const auto value = static_cast<unsigned char>(byte);
    return QByteArray("=") + digits[value >> 4] + digits[value & 0x0f];
}

void encodeLine(QByteArrayView line, QByteArray* out)
{
    QByteArray current;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char byte = line.at(i);
        const auto value = static_cast<unsigned char>(byte);
        const bool last = i + 1 == line.size();
        const bool whitespace = byte == ' ' || byte == '\t';
        const bool literal = (value >= 33 && value <= 126 && byte != '=') || (whitespace && !last);
        QByteArray token = literal ? QByteArray(1, byte) : hexEscape(byte);
        // One character is kept free for the soft break's '='.
        if (current.size() + token.size() > kMaxLine - 1) {
            *out += current + "=\r\n";
            current.clear();
        }
        if (current.isEmpty() && byte == '.')
            token = hexEscape(byte);
        current += token;
    }
    *out += current + "\r\n";
}
} // namespace

QByteArray quotedPrintable(const QByteArray& text)
{
    QByteArray out;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArrayView line(lines.at(i));
        if (line.endsWith('\r'))
            line.chop(1);
        if (i + 1 == lines.size() && line.isEmpty() && i > 0)
            break; // the text ended with a line break: it is already written
        encodeLine(line, &out);
    }
    return out;
}

QByteArray base64Lines(const QByteArray& data, int lineLength)
{
    const QByteArray encoded = data.toBase64();
    QByteArray out;
    out.reserve(encoded.size() + encoded.size() / lineLength * 2 + 2);
    for (qsizetype at = 0; at < encoded.size(); at += lineLength)
        out += encoded.mid(at, lineLength) + "\r\n";
    return out;
}

} // namespace mood::mail
