#include "UiLogStore.h"

#include "JsonWriter.h"

#include <QJsonDocument>

namespace mood {

using namespace Qt::StringLiterals;

UiLogStore::UiLogStore(const Database& database)
    : m_database(database)
{
}

Status UiLogStore::append(const QList<UiLog>& logs)
{
    return m_database.write([&](const QSqlDatabase& db) -> Status { return appendIn(db, logs); });
}

Status UiLogStore::appendIn(const QSqlDatabase& db, const QList<UiLog>& logs)
{
    sql::Statement insertAction(db,
                                u"INSERT INTO ui_actions (log_id, time_text, time_us, action_type, properties_json)"
                                " VALUES (?, ?, ?, ?, ?)"_s);
    for (const UiLog& log : logs) {
        auto upserted = sql::exec(db,
                                  u"INSERT INTO ui_logs (user_name, session_id) VALUES (?, ?)"
                                  " ON CONFLICT (user_name, session_id) DO NOTHING"_s,
                                  {log.userId, log.sessionId});
        if (!upserted)
            return upserted.error();
        auto logId = sql::scalar(db, u"SELECT id FROM ui_logs WHERE user_name = ? AND session_id = ?"_s,
                                 {log.userId, log.sessionId});
        if (!logId)
            return logId.error();
        for (const UiAction& action : log.actions) {
            const QString properties = QString::fromUtf8(JsonWriter::serialize(action.properties));
            if (Status inserted = insertAction.run({*logId, action.time, action.timeMicros, action.type, properties});
                !inserted)
                return inserted;
        }
    }
    return success();
}

Result<QList<UiLog>> UiLogStore::list(const UiLogFilter& filter) const
{
    QString statement = u"SELECT l.id, l.user_name, l.session_id, a.time_text, a.time_us, a.action_type,"
                        " a.properties_json FROM ui_logs l JOIN ui_actions a ON a.log_id = l.id WHERE 1 = 1"_s;
    QVariantList params;
    for (const auto& user : {filter.userId, filter.onlyUser}) {
        if (user) {
            statement += u" AND l.user_name = ?"_s;
            params.append(*user);
        }
    }
    if (filter.fromMicros) {
        statement += u" AND a.time_us >= ?"_s;
        params.append(*filter.fromMicros);
    }
    if (filter.toMicros) {
        statement += u" AND a.time_us <= ?"_s;
        params.append(*filter.toMicros);
    }
    if (filter.types) {
        if (filter.types->isEmpty())
            return QList<UiLog>();
        QStringList marks;
        for (const QString& type : *filter.types) {
            marks.append(u"?"_s);
            params.append(type);
        }
        statement += u" AND a.action_type IN ("_s + marks.join(u", "_s) + u')';
    }
    statement += u" ORDER BY l.id, a.id"_s;
    return m_database.read([&](const QSqlDatabase& db) { return listIn(db, statement, params); });
}

Result<QList<UiLog>> UiLogStore::listIn(const QSqlDatabase& db, const QString& statement, const QVariantList& params)
{
    auto q = sql::exec(db, statement, params);
    if (!q)
        return q.error();
    QList<UiLog> logs;
    qint64 currentLog = -1;
    while (q->next()) {
        if (q->value(0).toLongLong() != currentLog) {
            currentLog = q->value(0).toLongLong();
            logs.append(UiLog{q->value(1).toString(), q->value(2).toString(), {}});
        }
        logs.last().actions.append(UiAction{q->value(3).toString(), q->value(4).toLongLong(), q->value(5).toString(),
                                            QJsonDocument::fromJson(q->value(6).toString().toUtf8()).object()});
    }
    return logs;
}

} // namespace mood
