#include "LocalInstance.h"

#include "LocalBackend.h"
#include "Services.h"
#include "ShareHost.h"

namespace mood::client {

using namespace Qt::StringLiterals;

LocalInstance::LocalInstance(LocalOptions options)
    : m_options(std::move(options))
    , m_databasePath(m_options.databasePath.isEmpty() ? DatabaseConfig::defaultSqlitePath() : m_options.databasePath)
{
    if (!m_options.clock) {
        m_systemClock = std::make_unique<SystemClock>();
        m_options.clock = m_systemClock.get();
    }
    // Two threads: a slow sign-in (Argon2id) never holds up reading the board. Threads stay, and with them
    // their database connections.
    m_pool.setMaxThreadCount(2);
    m_pool.setExpiryTimeout(-1);
    m_pool.setObjectName(u"moodboard-local"_s);
    m_sharing = std::make_unique<ShareHost>(*this);
}

LocalInstance::~LocalInstance()
{
    m_sharing.reset();
    m_pool.waitForDone();
    m_services.reset();
    m_database.reset();
}

void LocalInstance::warmUp()
{
    (void)run<Done>([](Services&) { return Done{}; });
}

std::unique_ptr<Backend> LocalInstance::connect()
{
    return std::make_unique<LocalBackend>(*this);
}

Result<Services*> LocalInstance::open()
{
    QMutexLocker lock(&m_openMutex);
    if (!m_services) {
        const auto config = DatabaseConfig::parse(m_databasePath);
        if (!config)
            return Error{ErrorKind::ServerError, config.error().message};
        auto database = Database::open(*config);
        if (!database)
            return Error{ErrorKind::ServerError, database.error().message};
        m_database = std::move(database).value();
        ServiceOptions serviceOptions;
        serviceOptions.backfillDays = m_options.backfillDays;
        serviceOptions.passwordStrength = m_options.passwordStrength;
        m_services = std::make_unique<Services>(*m_database, *m_options.clock, serviceOptions);
    }
    return m_services.get();
}

} // namespace mood::client
