#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace mood {

// Reads the members of one JSON object for a fromJson: each getter checks presence and type, and the first
// violation is kept as a clear message ("mood entry: 'timestamp' must be an integer"). Getters after a violation
// return defaults, so a fromJson reads every field and asks ok() once at the end.
class JsonFields final
{
public:
    JsonFields(const QJsonObject& object, QString what);

    bool has(QLatin1StringView key) const;
    QString string(QLatin1StringView key);
    std::optional<QString> optionalString(QLatin1StringView key); // absent: nothing
    std::optional<QString> nullableString(QLatin1StringView key); // required, null: nothing
    qint64 integer(QLatin1StringView key);
    std::optional<qint64> optionalInteger(QLatin1StringView key);
    std::optional<double> optionalNumber(QLatin1StringView key);
    bool boolean(QLatin1StringView key);
    QJsonArray array(QLatin1StringView key);
    QJsonObject object(QLatin1StringView key);
    // A value the caller found wrong for its own reasons (an unknown mood name, a malformed date).
    void invalid(QLatin1StringView key, const QString& why);

    bool ok() const { return m_error.isEmpty(); }
    // Sets *error (when given) to the first violation; true when there was none.
    bool finish(QString* error) const;

    // The text as one JSON object, or nothing with *error saying why.
    static std::optional<QJsonObject> parseObject(const QByteArray& text, const QString& what, QString* error);

private:
    QJsonValue member(QLatin1StringView key, bool required);
    void fail(QLatin1StringView key, const QString& why);

    const QJsonObject& m_object;
    QString m_what;
    QString m_error;
};

} // namespace mood
