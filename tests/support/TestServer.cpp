#include "TestServer.h"

namespace mood::test {

bool TestServer::start(const QString& backend, api::ServerOptions options, ServiceOptions serviceOptions)
{
    stop();
    m_clock.setNow(QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC)); // each test starts at the same moment
    if (!m_scratch.open(backend)) {
        m_error = m_scratch.error();
        return false;
    }
    serviceOptions.passwordStrength = PasswordHasher::Strength::Minimal;
    m_services = std::make_unique<Services>(m_scratch.db(), m_clock, serviceOptions);
    return listen(std::move(options));
}

bool TestServer::startSharing(TestServer& first, api::ServerOptions options)
{
    stop();
    m_clock.setNow(first.clock().now());
    auto database = Database::open(first.scratch().config());
    if (!database) {
        m_error = database.error().message;
        return false;
    }
    m_shared = std::move(database).value();
    ServiceOptions serviceOptions;
    serviceOptions.passwordStrength = PasswordHasher::Strength::Minimal;
    m_services = std::make_unique<Services>(*m_shared, m_clock, serviceOptions);
    return listen(std::move(options));
}

bool TestServer::listen(api::ServerOptions options)
{
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    m_server = std::make_unique<api::ApiServer>(*m_services, options);
    const auto port = m_server->start();
    if (!port) {
        m_error = port.error().message;
        return false;
    }
    m_port = *port;
    return true;
}

void TestServer::stop()
{
    m_server.reset();
    m_services.reset();
    m_shared.reset();
    m_scratch.close();
    m_port = 0;
}

qint64 TestServer::addUser(const QString& name, const QString& password)
{
    const auto user = m_services->users.registerUser(name, password);
    return user ? user->id : 0;
}

} // namespace mood::test
