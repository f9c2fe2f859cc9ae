#include "Csv.h"

#include <QStringDecoder>

namespace mood::csv {

using namespace Qt::StringLiterals;

QString field(const QString& text)
{
    const bool quote = text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r')
        || text.startsWith(u' ') || text.endsWith(u' ');
    if (!quote)
        return text;
    return u'"' + QString(text).replace(u'"', u"\"\""_s) + u'"';
}

QString line(const QStringList& fields)
{
    QStringList quoted;
    for (const QString& text : fields)
        quoted.append(field(text));
    return quoted.join(u',') + u"\r\n"_s;
}

Result<QList<Record>> parse(const QByteArray& data)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(data);
    if (decoder.hasError())
        return Error{ErrorKind::Invalid, u"the file is not UTF-8 text"_s};
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);

    QList<Record> records;
    Record current;
    QString value;
    int line = 1;
    bool quoted = false;       // inside a quoted field
    bool afterQuote = false;   // a quoted field just closed: only a separator may follow
    bool fieldStarted = false; // the record has begun
    const auto endField = [&] {
        current.fields.append(value);
        value.clear();
        afterQuote = false;
    };
    const auto endRecord = [&] {
        endField();
        const bool blank = current.fields.size() == 1 && current.fields.first().isEmpty() && !fieldStarted;
        if (!blank)
            records.append(current);
        current = Record();
        fieldStarted = false;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (current.fields.isEmpty() && !fieldStarted && value.isEmpty() && !quoted)
            current.line = line;
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    value += u'"';
                    ++i;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
            } else {
                if (c == u'\n')
                    ++line;
                value += c;
            }
            continue;
        }
        if (c == u',') {
            fieldStarted = true;
            endField();
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            endRecord();
            ++line;
        } else if (afterQuote) {
            return Error{ErrorKind::Invalid, u"line %1: text after a closing quote"_s.arg(line)};
        } else if (c == u'"' && value.isEmpty()) {
            quoted = true;
            fieldStarted = true;
        } else {
            fieldStarted = true;
            value += c;
        }
    }
    if (quoted)
        return Error{ErrorKind::Invalid, u"line %1: a quoted field is never closed"_s.arg(current.line)};
    if (fieldStarted || !value.isEmpty() || !current.fields.isEmpty())
        endRecord();
    return records;
}

} // namespace mood::csv
