#include "MailHeaders.h"

#include <QList>
#include <QRegularExpression>
#include <QTimeZone>

namespace mood::mail {

using namespace Qt::StringLiterals;

bool isEnvelopeAddress(const QString& address)
{
    static const QRegularExpression pattern(u"^[^\\s<>\"@()\\[\\],;:\\\\]+@[^\\s<>\"@()\\[\\],;:\\\\]+\\z"_s);
    return address.size() <= 254 && pattern.match(address).hasMatch();
}

std::optional<Mailbox> parseMailbox(const QString& text)
{
    static const QRegularExpression named(u"^\\s*(.*?)\\s*<([^<>]*)>\\s*\\z"_s);
    Mailbox box;
    const auto match = named.match(text);
    if (match.hasMatch()) {
        box.name = match.captured(1);
        if (box.name.size() >= 2 && box.name.startsWith(u'"') && box.name.endsWith(u'"'))
            box.name = box.name.mid(1, box.name.size() - 2);
        box.address = match.captured(2).trimmed();
    } else {
        box.address = text.trimmed();
    }
    if (!isEnvelopeAddress(box.address) || box.name.contains(u'\r') || box.name.contains(u'\n'))
        return std::nullopt;
    return box;
}

} // namespace mood::mail

namespace mood::mail::headers {

using namespace Qt::StringLiterals;

namespace {
constexpr int kFoldAt = 78;
constexpr int kMaxWordBytes = 39; // base64 of 39 bytes is 52 characters: "=?UTF-8?B?" + 52 + "?=" = 64

bool isPrintableAscii(const QString& text)
{
    for (QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

// Joins the tokens with single spaces after "Name: ", folding before a token that would pass 78 columns.
QByteArray fold(const QByteArray& name, const QList<QByteArray>& tokens)
{
    QByteArray out = name + ':';
    qsizetype lineLength = out.size();
    for (const QByteArray& token : tokens) {
        if (lineLength + 1 + token.size() > kFoldAt && lineLength > name.size() + 1) {
            out += "\r\n";
            lineLength = 0;
        }
        out += ' ' + token;
        lineLength += 1 + token.size();
    }
    return out + "\r\n";
}

QList<QByteArray> words(const QString& text)
{
    QList<QByteArray> tokens;
    for (const QString& word : text.split(u' ', Qt::SkipEmptyParts))
        tokens.append(word.toLatin1());
    return tokens;
}

// RFC 5322 atext plus spaces: such a display name needs no quotes.
bool isPlainPhrase(const QString& text)
{
    static const QString specials = u"!#$%&'*+-/=?^_`{|}~ "_s;
    for (QChar c : text) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && !specials.contains(c))
            return false;
    }
    return !text.trimmed().isEmpty();
}

QByteArray quoted(const QString& text)
{
    QByteArray out = "\"";
    for (char c : text.toLatin1()) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}
} // namespace

QString singleLine(const QString& text)
{
    QString out = text;
    out.replace(u'\r', u' ').replace(u'\n', u' ');
    return out;
}

QList<QByteArray> encodedWords(const QString& text)
{
    QList<QByteArray> out;
    QByteArray chunk;
    const auto flush = [&] {
        if (!chunk.isEmpty())
            out.append("=?UTF-8?B?" + chunk.toBase64() + "?=");
        chunk.clear();
    };
    const QList<uint> codePoints = text.toUcs4();
    for (uint codePoint : codePoints) {
        const char32_t character = codePoint;
        const QByteArray bytes = QString::fromUcs4(&character, 1).toUtf8();
        if (chunk.size() + bytes.size() > kMaxWordBytes)
            flush();
        chunk += bytes;
    }
    flush();
    return out;
}

QByteArray unstructured(const QByteArray& name, const QString& text)
{
    const QString value = singleLine(text).trimmed();
    if (isPrintableAscii(value) && !value.contains(u"=?"_s))
        return fold(name, words(value));
    return fold(name, encodedWords(value));
}

QByteArray mailbox(const QByteArray& name, const Mailbox& box)
{
    const QString display = singleLine(box.name).trimmed();
    const QByteArray address = '<' + singleLine(box.address).remove(u'<').remove(u'>').trimmed().toUtf8() + '>';
    QList<QByteArray> tokens;
    if (display.isEmpty())
        tokens = {};
    else if (isPlainPhrase(display))
        tokens = words(display);
    else if (isPrintableAscii(display))
        tokens = {quoted(display)};
    else
        tokens = encodedWords(display);
    tokens.append(address);
    return fold(name, tokens);
}

QByteArray date(const QDateTime& when)
{
    static const char* const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDate day = when.date();
    const QTime time = when.time();
    const int offset = when.offsetFromUtc() / 60;
    const QString text = u"%1, %2 %3 %4 %5:%6:%7 %8%9%10"_s.arg(QLatin1String(days[day.dayOfWeek() - 1]))
                             .arg(day.day(), 2, 10, QChar(u'0'))
                             .arg(QLatin1String(months[day.month() - 1]))
                             .arg(day.year(), 4, 10, QChar(u'0'))
                             .arg(time.hour(), 2, 10, QChar(u'0'))
                             .arg(time.minute(), 2, 10, QChar(u'0'))
                             .arg(time.second(), 2, 10, QChar(u'0'))
                             .arg(QChar(offset < 0 ? u'-' : u'+'))
                             .arg(std::abs(offset) / 60, 2, 10, QChar(u'0'))
                             .arg(std::abs(offset) % 60, 2, 10, QChar(u'0'));
    return text.toLatin1();
}

QByteArray raw(const QByteArray& name, const QByteArray& value)
{
    QByteArray clean = value;
    clean.replace('\r', ' ').replace('\n', ' ');
    QList<QByteArray> tokens = clean.split(' ');
    tokens.removeAll(QByteArray());
    return fold(name, tokens);
}

QByteArray parameter(const QByteArray& name, const QString& value)
{
    const QString clean = singleLine(value);
    if (isPrintableAscii(clean))
        return name + '=' + quoted(clean);
    return name + "*=UTF-8''" + clean.toUtf8().toPercentEncoding();
}

} // namespace mood::mail::headers
