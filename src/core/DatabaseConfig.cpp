#include "DatabaseConfig.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace mood {

using namespace Qt::StringLiterals;

namespace {
bool isPlainIdentifier(const QString& name)
{
    if (name.isEmpty() || name.size() > 63 || name.front().isDigit())
        return false;
    for (QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_')
            return false;
    }
    return true;
}
} // namespace

Result<DatabaseConfig> DatabaseConfig::parse(const QString& pathOrUrl)
{
    DatabaseConfig config;
    if (!pathOrUrl.startsWith(u"postgresql://"_s) && !pathOrUrl.startsWith(u"postgres://"_s)) {
        if (pathOrUrl.trimmed().isEmpty())
            return Error{ErrorKind::Invalid, u"the database path is empty"_s};
        config.sqlitePath = pathOrUrl;
        return config;
    }

    const QUrl url(pathOrUrl, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return Error{ErrorKind::Invalid, u"invalid PostgreSQL URL (expected postgresql://user:pass@host:port/db)"_s};
    config.dialect = Dialect::Postgres;
    config.host = url.host();
    config.port = url.port(5432);
    config.user = url.userName(QUrl::FullyDecoded);
    config.password = url.password(QUrl::FullyDecoded);
    config.databaseName = url.path(QUrl::FullyDecoded).mid(1);
    if (config.databaseName.isEmpty())
        return Error{ErrorKind::Invalid, u"the PostgreSQL URL names no database"_s};

    QStringList options{u"connect_timeout=5"_s};
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto& [key, value] : items) {
        if (key == u"schema"_s) {
            if (!isPlainIdentifier(value))
                return Error{ErrorKind::Invalid, u"invalid schema name '%1'"_s.arg(value)};
            config.schema = value;
        } else if (isPlainIdentifier(key) && !value.contains(u';') && !value.contains(u' ')) {
            options.append(key + u'=' + value);
        } else {
            return Error{ErrorKind::Invalid, u"invalid PostgreSQL option '%1'"_s.arg(key)};
        }
    }
    config.connectOptions = options.join(u';');
    return config;
}

QString DatabaseConfig::defaultSqlitePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(u"moodboard.sqlite"_s);
}

QString DatabaseConfig::displayName() const
{
    if (dialect == Dialect::Sqlite)
        return sqlitePath;
    return u"postgresql://%1@%2:%3/%4"_s.arg(user, host).arg(port).arg(databaseName);
}

} // namespace mood
