#pragma once

#include "ApiServer.h"
#include "FakeClock.h"
#include "HttpClient.h"
#include "ScratchDatabase.h"
#include "Services.h"

#include <memory>

namespace mood::test {

// A real ApiServer on 127.0.0.1 (free port) over a scratch database and a fake clock, for end-to-end tests.
class TestServer final
{
public:
    TestServer() = default;
    ~TestServer() { stop(); }

    // backend: test::kSqlite or test::kPostgres.
    bool start(const QString& backend, api::ServerOptions options = {}, ServiceOptions serviceOptions = {});
    // A second server on the database of a running one (its own Database object, services and caches), as a
    // second headless server on one PostgreSQL database or SQLite file. Stop it before the first.
    bool startSharing(TestServer& first, api::ServerOptions options = {});
    void stop();

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    quint16 port() const { return m_port; }
    HttpClient client() const { return HttpClient(baseUrl()); }
    QString error() const { return m_error; }

    FakeClock& clock() { return m_clock; }
    Services& services() { return *m_services; }
    ScratchDatabase& scratch() { return m_scratch; }
    api::ApiServer& server() { return *m_server; }

    // Registers through the service layer (fast) and returns the user's id.
    qint64 addUser(const QString& name, const QString& password = QStringLiteral("password123"));

private:
    bool listen(api::ServerOptions options);

    FakeClock m_clock{QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC)};
    ScratchDatabase m_scratch;
    std::unique_ptr<Database> m_shared; // set by startSharing(): the first server's database, opened again
    std::unique_ptr<Services> m_services;
    std::unique_ptr<api::ApiServer> m_server;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace mood::test
