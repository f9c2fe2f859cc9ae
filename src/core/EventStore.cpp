#include "EventStore.h"

#include "MessageIndex.h"

#include <QJsonDocument>
#include <QUuid>

namespace mood {

using namespace Qt::StringLiterals;

EventStore::EventStore(const Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{
}

Result<Event> EventStore::add(const QString& component, const QJsonObject& data, const QString& email,
                              const QString& environment, const QString& message, std::optional<qint64> posterId)
{
    Event event{
        QUuid::createUuid().toString(QUuid::WithoutBraces).toLower(), component, data, email, environment, message, 0};
    const QString dataJson = QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
    return m_database.write([&](const QSqlDatabase& db) -> Result<Event> {
        // The number comes from a counter row that stays locked until COMMIT: numbers are handed out in commit
        // order, so a reader that has seen number n has seen every number below it, and the `after` cursor
        // never skips an event (a sequence would hand out 10 and 11 and let 11 become visible first).
        auto seq = sql::exec(db, u"UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq"_s);
        if (!seq)
            return seq.error();
        if (!seq->next())
            return Error{ErrorKind::Storage, u"database error: the event counter is missing"_s};
        const qint64 number = seq->value(0).toLongLong();
        seq->finish();
        // The time is read under that lock too, so one server stores its events in time order.
        event.createdMicros = m_clock.now().toMSecsSinceEpoch() * 1000;
        if (Status noted = noteTime(db, event.createdMicros, event.createdMicros); !noted)
            return noted.error();
        auto inserted =
            sql::exec(db,
                      u"INSERT INTO events (seq, uuid, component, data_json, email, environment, message, created_us,"
                      " poster_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                      {number, event.id, component, dataJson, email, environment, message, event.createdMicros,
                       posterId ? QVariant(*posterId) : QVariant(QMetaType::fromType<qlonglong>())});
        if (!inserted)
            return inserted.error();
        return event;
    });
}

Status EventStore::noteTime(const QSqlDatabase& db, qint64 firstMicros, qint64 lastMicros)
{
    auto noted = sql::exec(db,
                           u"UPDATE event_order SET in_order = CASE WHEN ? < latest_us THEN 0 ELSE in_order END,"
                           " latest_us = CASE WHEN ? > latest_us THEN ? ELSE latest_us END WHERE id = 1"_s,
                           {firstMicros, lastMicros, lastMicros});
    return noted ? success() : Status(noted.error());
}

Result<QList<Event>> EventStore::list(const EventFilter& filter) const
{
    // A message of kTrigram code points or more is looked up in the trigram index (schema step 11), which then
    // drives in seq order: LIMIT stops it early for a common message too. The exact test stays, for the answer is
    // the index's candidates that do contain the message. Not with a user's filters (email, poster): their index
    // reads that user's few events, where the trigram index might read every event with a common message first.
    const bool indexed = filter.messageContains && !filter.email && !filter.postedBy
        && Database::trigramSearchable(*filter.messageContains) && hasMessageIndex();
    const QString seq = indexed ? u"f.rowid"_s : u"e.seq"_s;
    QString statement = u"SELECT e.uuid, e.component, e.data_json, e.email, e.environment, e.message, e.created_us"_s
        + (indexed ? u" FROM events_message f CROSS JOIN events e ON e.seq = f.rowid WHERE events_message MATCH ?"_s
                   : u" FROM events e WHERE 1 = 1"_s);
    QVariantList params;
    if (indexed)
        params.append(QString()); // MessageIndex::matchExpression, on the connection
    qsizetype fromSlot = -1;      // where the first event's seq goes among params
    const auto equals = [&](const char16_t* column, const std::optional<QString>& value) {
        if (value) {
            statement += u" AND e."_s + QStringView(column) + u" = ?"_s;
            params.append(*value);
        }
    };
    equals(u"email", filter.email);
    if (filter.postedBy) {
        statement += u" AND e.poster_id = ?"_s;
        params.append(*filter.postedBy);
    }
    equals(u"environment", filter.environment);
    equals(u"component", filter.component);
    if (filter.messageContains)
        statement += u" AND "_s + m_database.containsSql(u"e.message"_s, *filter.messageContains, &params);
    if (filter.fromMicros) {
        statement += u" AND e.created_us >= ?"_s;
        params.append(*filter.fromMicros);
        fromSlot = params.size();
        statement += u"%FROM%"_s; // where the seq of the first event from then on goes, when it is known
    }
    if (filter.untilMicros) {
        statement += u" AND e.created_us < ?"_s;
        params.append(*filter.untilMicros);
    }
    if (filter.afterId) {
        // An unknown cursor yields nothing rather than everything.
        statement +=
            u" AND "_s + seq + u" > COALESCE((SELECT seq FROM events WHERE uuid = ?), (SELECT MAX(seq) FROM events))"_s;
        params.append(*filter.afterId);
    }
    statement += u" ORDER BY "_s + seq + u" LIMIT ?"_s;
    params.append(std::clamp(filter.limit, 1, kMaxLimit));

    return m_database.read([&](const QSqlDatabase& db) -> Result<QList<Event>> {
        QString text = statement;
        QVariantList values = params;
        if (indexed) {
            const auto match = MessageIndex::matchExpression(m_database, db, *filter.messageContains);
            if (!match)
                return match.error();
            values[0] = *match;
        }
        if (filter.fromMicros) {
            // One statement, one snapshot: the order flag and the first event from then on agree. Events stored
            // later have higher numbers, so "seq >= first" keeps every one of them too.
            auto first = sql::exec(db,
                                   u"SELECT o.in_order, (SELECT e.seq FROM events e WHERE e.created_us >= ?"
                                   " ORDER BY e.created_us, e.seq LIMIT 1) FROM event_order o WHERE o.id = 1"_s,
                                   {*filter.fromMicros});
            if (!first)
                return first.error();
            const bool inOrder = first->next() && first->value(0).toInt() == 1;
            if (inOrder && first->value(1).isNull())
                return QList<Event>(); // nothing from that time on
            const qint64 firstSeq = inOrder ? first->value(1).toLongLong() : 0;
            first->finish();
            if (inOrder) {
                text.replace(u"%FROM%"_s, u" AND "_s + seq + u" >= ?"_s);
                values.insert(fromSlot, firstSeq);
            }
        }
        text.remove(u"%FROM%"_s);
        auto q = sql::exec(db, text, values);
        if (!q)
            return q.error();
        QList<Event> events;
        while (q->next()) {
            events.append(Event{q->value(0).toString(), q->value(1).toString(),
                                QJsonDocument::fromJson(q->value(2).toString().toUtf8()).object(),
                                q->value(3).toString(), q->value(4).toString(), q->value(5).toString(),
                                q->value(6).toLongLong()});
        }
        return events;
    });
}

bool EventStore::hasMessageIndex() const
{
    if (m_database.dialect() != Dialect::Sqlite)
        return false; // PostgreSQL's pg_trgm index serves containsSql's LIKE itself
    // Asked on every search, not once: its triggers are there only while the SQLite of every process that opened the
    // file can read the index (MessageIndexSchema::repair drops them otherwise, and the index stops being kept).
    const auto found = m_database.read([](const QSqlDatabase& db) {
        return sql::scalar(db,
                           u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
                           " AND name = 'events_message_insert'"_s);
    });
    return found && *found > 0;
}

} // namespace mood
