#pragma once

#include "Result.h"

#include <QList>
#include <QStringList>

namespace mood::csv {

// RFC 4180: fields separated by commas, quoted when they hold a comma, a quote or a line break, quotes doubled;
// lines end in CRLF when written, LF or CRLF when read. A UTF-8 byte order mark at the start is skipped.
QString field(const QString& text);
QString line(const QStringList& fields); // with its CRLF

struct Record {
    int line = 0; // where the record starts, 1-based (a quoted field may span lines)
    QStringList fields;
};

// The whole text, or an error naming the line when it is not CSV (an unclosed quote, text after a closing
// quote) or not UTF-8. Blank lines are skipped.
Result<QList<Record>> parse(const QByteArray& data);

} // namespace mood::csv
