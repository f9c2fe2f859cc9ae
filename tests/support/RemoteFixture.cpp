#include "RemoteFixture.h"

#include "RemoteBackend.h"
#include "TestServer.h"

namespace mood::test {

RemoteFixture::RemoteFixture(int backfillDays)
    : m_server(std::make_unique<TestServer>())
{
    ServiceOptions options;
    options.backfillDays = backfillDays;
    (void)m_server->start(QString::fromLatin1(kSqlite), {}, options);
}

RemoteFixture::~RemoteFixture() = default;

QString RemoteFixture::error() const
{
    return m_server->error();
}

FakeClock& RemoteFixture::clock()
{
    return m_server->clock();
}

std::unique_ptr<client::Backend> RemoteFixture::connect()
{
    client::RemoteOptions options;
    options.server = QUrl(m_server->baseUrl());
    options.timeoutMs = 10000;
    options.clock = &m_server->clock();
    return std::make_unique<client::RemoteBackend>(options);
}

void RemoteFixture::setRegistrationOpen(bool open)
{
    (void)m_server->services().settings.setRegistrationOpen(open);
}

} // namespace mood::test
