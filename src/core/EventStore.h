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
    std::optional<QString> visibleToEmail;  // non-admins: only events carrying their own email
    int limit = 100;
};

// The activity/event service's store (CONTRACTS.md section 2), also the product's own audit trail.
class EventStore final
{
public:
    static constexpr int kMaxLimit = 1000;
    static inline const QString kProductComponent = QStringLiteral("moodboard");

    EventStore(const Database& database, const Clock& clock);

    Result<Event> add(const QString& component, const QJsonObject& data, const QString& email,
                      const QString& environment, const QString& message);
    Result<QList<Event>> list(const EventFilter& filter) const; // insertion order

private:
    const Database& m_database;
    const Clock& m_clock;
};

} // namespace mood
