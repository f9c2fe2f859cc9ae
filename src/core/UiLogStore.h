#pragma once

#include "Database.h"
#include "Result.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace mood {

struct UiAction {
    QString time;      // RFC 3339 exactly as the client sent it
    qint64 timeMicros; // the same instant, for comparisons
    QString type;      // CLICK | VIEW | NAVIGATE
    QJsonObject properties;
};

struct UiLog {
    QString userId;
    QString sessionId;
    QList<UiAction> actions;
};

struct UiLogFilter {
    std::optional<QString> userId;
    std::optional<qint64> fromMicros; // inclusive
    std::optional<qint64> toMicros;   // inclusive
    std::optional<QStringList> types;
    std::optional<QString> onlyUser; // non-admins see only their own logs
};

// The UI-logs store (CONTRACTS.md section 3). Validation of client JSON happens before; this stores typed logs.
class UiLogStore final
{
public:
    explicit UiLogStore(const Database& database);

    // All or nothing; a log whose (userId, sessionId) exists gets the actions appended.
    Status append(const QList<UiLog>& logs);
    // Only matching actions; logs left without actions are omitted. Logs in creation order.
    Result<QList<UiLog>> list(const UiLogFilter& filter) const;

private:
    static Status appendIn(const QSqlDatabase& db, const QList<UiLog>& logs);
    static Result<QList<UiLog>> listIn(const QSqlDatabase& db, const QString& statement, const QVariantList& params);

    const Database& m_database;
};

} // namespace mood
