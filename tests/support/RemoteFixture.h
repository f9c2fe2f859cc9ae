#pragma once

#include "BackendFixture.h"

#include <memory>

namespace mood::test {

class TestServer;

// client::RemoteBackend against a real ApiServer on 127.0.0.1 (its own thread, a scratch SQLite file, a fake
// clock that the backend reads too): the HTTP path of the same suite the local backend passes.
class RemoteFixture final : public BackendFixture
{
public:
    explicit RemoteFixture(int backfillDays = 7);
    ~RemoteFixture() override;

    QString error() const override;
    std::unique_ptr<client::Backend> connect() override;
    FakeClock& clock() override;
    void setRegistrationOpen(bool open) override;

    TestServer& server() { return *m_server; }

private:
    std::unique_ptr<TestServer> m_server; // behind a pointer: the suite sees the seam's names only
};

} // namespace mood::test
