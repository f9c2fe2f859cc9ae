#pragma once

#include "BackendFixture.h"
#include "LocalInstance.h"

#include <QTemporaryDir>

namespace mood::test {

// client::LocalBackend over a fresh SQLite file and a fake clock.
class LocalFixture final : public BackendFixture
{
public:
    explicit LocalFixture(int backfillDays = 7, PasswordHasher::Strength strength = PasswordHasher::Strength::Minimal);

    QString error() const override { return m_dir.isValid() ? QString() : m_dir.errorString(); }
    std::unique_ptr<client::Backend> connect() override;
    FakeClock& clock() override { return m_clock; }
    void setRegistrationOpen(bool open) override;

    client::LocalInstance& instance() { return *m_instance; }
    // As if the app quit and started again: a new instance on the same file (sharing stops with the old one).
    void restart();
    void stop() { m_instance.reset(); }
    void start();
    QString databasePath() const { return m_dir.filePath(QStringLiteral("moodboard.sqlite")); }

private:
    QTemporaryDir m_dir;
    FakeClock m_clock;
    client::LocalOptions m_options;
    std::unique_ptr<client::LocalInstance> m_instance;
};

} // namespace mood::test
