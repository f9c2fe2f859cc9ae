#pragma once

#include "Database.h"
#include "Result.h"

#include <QStringList>

namespace mood {

// SQLite's FTS5 trigram index of events.message (schema step 11, table events_message, rowid = events.seq):
// which events may contain a substring. EventStore::list checks each candidate's message exactly.
class MessageIndex final
{
public:
    static constexpr int kProbeRows = 64; // read of each trigram's list to tell the rare ones from the common ones
    static constexpr int kMaxTerms = 3;   // trigrams ANDed in the lookup
    static constexpr int kMaxProbes = 24; // trigrams probed, from the start of a long needle

    // The distinct trigrams (three code points) of needle, in order of first appearance.
    static QStringList trigrams(const QString& needle);
    // An FTS5 MATCH expression that every event containing needle matches (needle: Database::trigramSearchable):
    // its rarest trigrams ANDed. Not the needle as one phrase: FTS5 would read the whole list of each of its
    // trigrams, and a common one ("too" of "took 1999 ms") lists a fifth of all events.
    static Result<QString> matchExpression(const Database& database, const QSqlDatabase& db, const QString& needle);
    // One FTS5 string: the text in double quotes, its double quotes doubled.
    static QString quoted(const QString& text);
};

} // namespace mood
