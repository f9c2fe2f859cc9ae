#include "EventStore.h"

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
    Event event{QUuid::createUuid().toString(QUuid::WithoutBraces).toLower(),
                component,
                data,
                email,
                environment,
                message,
                m_clock.now().toMSecsSinceEpoch() * 1000};
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

Result<QList<Event>> EventStore::list(const EventFilter& filter) const
{
    QString statement =
        u"SELECT uuid, component, data_json, email, environment, message, created_us FROM events WHERE 1 = 1"_s;
    QVariantList params;
    const auto equals = [&](const char16_t* column, const std::optional<QString>& value) {
        if (value) {
            statement += u" AND "_s + QStringView(column) + u" = ?"_s;
            params.append(*value);
        }
    };
    equals(u"email", filter.email);
    if (filter.postedBy) {
        statement += u" AND poster_id = ?"_s;
        params.append(*filter.postedBy);
    }
    equals(u"environment", filter.environment);
    equals(u"component", filter.component);
    if (filter.messageContains) {
        statement += u" AND "_s + m_database.containsSql(u"message"_s);
        params.append(*filter.messageContains);
    }
    if (filter.fromMicros) {
        statement += u" AND created_us >= ?"_s;
        params.append(*filter.fromMicros);
    }
    if (filter.untilMicros) {
        statement += u" AND created_us < ?"_s;
        params.append(*filter.untilMicros);
    }
    if (filter.afterId) {
        // An unknown cursor yields nothing rather than everything.
        statement += u" AND seq > COALESCE((SELECT seq FROM events WHERE uuid = ?), (SELECT MAX(seq) FROM events))"_s;
        params.append(*filter.afterId);
    }
    statement += u" ORDER BY seq LIMIT ?"_s;
    params.append(std::clamp(filter.limit, 1, kMaxLimit));

    return m_database.read([&](const QSqlDatabase& db) -> Result<QList<Event>> {
        auto q = sql::exec(db, statement, params);
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

} // namespace mood
