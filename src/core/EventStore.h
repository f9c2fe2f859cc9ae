#pragma once

#include "Clock.h"
#include "Database.h"
#include "Result.h"

#include <QJsonObject>

#include <optional>

namespace mood {

struct Event {
    QString id; // lowercase UUID4
    QString component;
    QJsonObject data;
    QString email;
    QString environment;
    QString message;
    qint64 createdMicros = 0; // epoch microseconds
    bool operator==(const Event& o) const
    {
        return id == o.id && component == o.component && data == o.data && email == o.email
            && environment == o.environment && message == o.message && createdMicros == o.createdMicros;
    }
};

struct EventFilter {
    std::optional<QString> email;
    std::optional<QString> environment;
    std::optional<QString> component;
    std::optional<QString> messageContains; // literal, case-sensitive
    std::optional<qint64> fromMicros;       // created at or after
    std::optional<qint64> untilMicros;      // created strictly before
    std::optional<QString> afterId;         // cursor: events inserted after this one
    std::optional<qint64> postedBy;         // non-admins: only the events they posted (AccessPolicy::eventScope)
    int limit = 100;
};

// The activity/event service's store (CONTRACTS.md section 2), also the product's own audit trail.
class EventStore final
{
public:
    static constexpr int kMaxLimit = 1000;
    static inline const QString kProductComponent = QStringLiteral("moodboard");

    EventStore(const Database& database, const Clock& clock);

    // posterId: the user who posted it; nothing for the product's own events (only the admin reads those).
    Result<Event> add(const QString& component, const QJsonObject& data, const QString& email,
                      const QString& environment, const QString& message,
                      std::optional<qint64> posterId = std::nullopt);
    Result<QList<Event>> list(const EventFilter& filter) const; // insertion order
    // Inside the caller's transaction, after the event counter: events with these times are being stored (in
    // this order), for the from_date shortcut of list().
    static Status noteTime(const QSqlDatabase& db, qint64 firstMicros, qint64 lastMicros);

private:
    // SQLite: whether the trigram index of messages is there and kept (schema step 11, MessageIndexSchema).
    bool hasMessageIndex() const;

    const Database& m_database;
    const Clock& m_clock;
};

} // namespace mood
