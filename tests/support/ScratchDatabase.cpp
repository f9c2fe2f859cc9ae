#include "ScratchDatabase.h"

#include <QRandomGenerator>
#include <QSqlError>
#include <QTest>

namespace mood::test {

using namespace Qt::StringLiterals;

namespace {
QString postgresUrl()
{
    return qEnvironmentVariable("MOODBOARD_TEST_PG_URL");
}
} // namespace

void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow(kSqlite) << QString::fromLatin1(kSqlite);
    QTest::newRow(kPostgres) << QString::fromLatin1(kPostgres);
}

bool postgresConfigured()
{
    return !postgresUrl().isEmpty();
}

bool ScratchDatabase::open(const QString& backend)
{
    close();
    QString location;
    if (backend == QLatin1String(kPostgres)) {
        const QString schema = u"mbtest_%1"_s.arg(QRandomGenerator::global()->generate64(), 16, 16, QChar(u'0'));
        const QString url = postgresUrl();
        // The schema's name as application_name too: a test can find (and cut) its own sessions in pg_stat_activity.
        location =
            url + (url.contains(u'?') ? u"&schema="_s : u"?schema="_s) + schema + u"&application_name="_s + schema;
    } else {
        m_dir = std::make_unique<QTemporaryDir>();
        location = m_dir->filePath(u"moodboard.sqlite"_s);
    }
    auto config = DatabaseConfig::parse(location);
    if (!config) {
        m_error = config.error().message;
        return false;
    }
    m_config = *config;
    m_location = location;
    auto database = Database::open(m_config);
    if (!database) {
        m_error = database.error().message;
        return false;
    }
    m_database = std::move(database).value();
    return true;
}

void ScratchDatabase::close()
{
    if (m_database && m_config.dialect == Dialect::Postgres) {
        QSqlQuery(*m_database->connection()).exec(u"DROP SCHEMA \"%1\" CASCADE"_s.arg(m_config.schema));
    }
    m_database.reset();
    m_dir.reset();
}

ScratchDatabase::~ScratchDatabase()
{
    close();
}

QString ScratchDatabase::collateUsernamesAsEnUs()
{
    if (m_config.dialect != Dialect::Postgres)
        return QString();
    for (const QString& collation : {u"en-US-x-icu"_s, u"en_US.utf8"_s, u"en_US"_s}) {
        QSqlQuery known = exec(u"SELECT COUNT(*) FROM pg_collation WHERE collname = ?"_s, {collation});
        if (!known.next() || known.value(0).toInt() == 0)
            continue;
        const auto altered =
            sql::exec(*m_database->connection(),
                      u"ALTER TABLE users ALTER COLUMN username TYPE TEXT COLLATE \"%1\""_s.arg(collation));
        return altered ? QString() : altered.error().message;
    }
    return u"the PostgreSQL server has no en_US collation"_s;
}

QSqlQuery ScratchDatabase::exec(const QString& statement, const QVariantList& params)
{
    auto query = sql::exec(*m_database->connection(), statement, params);
    if (!query)
        qWarning("scratch SQL failed: %s", qPrintable(query.error().message));
    return query ? *query : QSqlQuery();
}

} // namespace mood::test
