#include "LocalFixture.h"

#include "Services.h"

namespace mood::test {

LocalFixture::LocalFixture(int backfillDays, PasswordHasher::Strength strength)
{
    client::LocalOptions options;
    options.databasePath = databasePath();
    options.clock = &m_clock;
    options.passwordStrength = strength;
    options.backfillDays = backfillDays;
    m_instance = std::make_unique<client::LocalInstance>(options);
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
