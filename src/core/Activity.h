#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace mood {

struct Activity {
    qint64 id = 0;
    QString actor;
    QString verb;
    std::optional<QString> object;
    QString target;
    QDateTime datetime; // UTC, whole seconds
    bool operator==(const Activity& o) const
    {
        return id == o.id && actor == o.actor && verb == o.verb && object == o.object && target == o.target
            && datetime == o.datetime;
    }
};

// The verbs the product writes itself.
namespace verbs {
inline const QString logged = QStringLiteral("logged");     // object "mood:<NAME>"
inline const QString reached = QStringLiteral("reached");   // object "streak:<days>"
inline const QString followed = QStringLiteral("followed"); // target = followee
} // namespace verbs

} // namespace mood
