#include "LocalFixture.h"

#include "Services.h"

namespace mood::test {

LocalFixture::LocalFixture(int backfillDays, PasswordHasher::Strength strength)
{
    m_options.databasePath = databasePath();
    m_options.clock = &m_clock;
    m_options.passwordStrength = strength;
    m_options.backfillDays = backfillDays;
    start();
}

void LocalFixture::start()
{
    m_instance = std::make_unique<client::LocalInstance>(m_options);
}

void LocalFixture::restart()
{
    stop();
    start();
}

std::unique_ptr<client::Backend> LocalFixture::connect()
{
    return m_instance->connect();
}

void LocalFixture::setRegistrationOpen(bool open)
{
    const auto done = m_instance->run<client::Done>([open](Services& services) -> client::Result<client::Done> {
        if (!services.settings.setRegistrationOpen(open))
            return client::Error{client::ErrorKind::ServerError, QStringLiteral("cannot set registration")};
        return client::Done{};
    });
    (void)await(done);
}

} // namespace mood::test
