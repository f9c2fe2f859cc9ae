#include "MessageIndex.h"

#include <algorithm>

namespace mood {

using namespace Qt::StringLiterals;

QStringList MessageIndex::trigrams(const QString& needle)
{
    const QList<uint> points = needle.toUcs4();
    QStringList result;
    for (qsizetype i = 0; i + 3 <= points.size(); ++i) {
        const QString trigram = QString::fromUcs4(reinterpret_cast<const char32_t*>(points.constData() + i), 3);
        if (!result.contains(trigram))
            result.append(trigram);
    }
    return result;
}

QString MessageIndex::quoted(const QString& text)
{
    return u'"' + QString(text).replace(u'"', u"\"\""_s) + u'"';
}

Result<QString> MessageIndex::matchExpression(const Database& database, const QSqlDatabase& db, const QString& needle)
{
    struct Term {
        QString quoted;
        bool common = false; // kProbeRows events or more: ranked by how densely they come
        double rank = 0;     // common: events per seq; else how many events have it
    };
    QList<Term> terms;
    for (const QString& trigram : trigrams(needle).mid(0, kMaxProbes)) {
        Term term{quoted(trigram)};
        auto probe = database.prepared(
            db,
            u"SELECT rowid FROM events_message WHERE events_message MATCH ? ORDER BY rowid LIMIT %1"_s.arg(kProbeRows),
            {term.quoted});
        if (!probe)
            return probe.error();
        qint64 first = 0;
        qint64 last = 0;
        int count = 0;
        QSqlQuery& rows = **probe;
        while (rows.next()) {
            last = rows.value(0).toLongLong();
            if (count++ == 0)
                first = last;
        }
        if (count == 0)
            return term.quoted; // no event has it: nothing to AND
        term.common = count >= kProbeRows;
        term.rank = term.common ? double(count) / double(last - first + 1) : count;
        terms.append(term);
    }
    std::stable_sort(terms.begin(), terms.end(),
                     [](const Term& a, const Term& b) { return a.common != b.common ? !a.common : a.rank < b.rank; });
    QStringList chosen;
    for (qsizetype i = 0; i < std::min<qsizetype>(terms.size(), kMaxTerms); ++i)
        chosen.append(terms.at(i).quoted);
    return chosen.join(u" AND "_s);
}

} // namespace mood
