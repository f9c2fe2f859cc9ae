#pragma once

#include <QByteArray>
#include <QString>

#include <mutex>

namespace mood {

// Argon2id through libsodium. Strength Interactive is the product default; Minimal keeps the same
// algorithm with the smallest cost and exists only so test suites registering many users stay fast;
// Slow (64 passes over the default's 64 MiB, a second or more) is for tests that need a slow KDF. Not libsodium's
// 1 GiB preset: libsodium maps Argon2's memory with MAP_POPULATE, which holds the process's memory map lock while
// the pages are faulted in, and a malloc on the GUI thread waited 0.4-1.4 s for 1 GiB (perf trace).
// Every computation passes KdfGate: at most one per core at once in the whole process.
class PasswordHasher final
{
public:
    enum class Strength { Interactive, Minimal, Slow };
    explicit PasswordHasher(Strength strength = Strength::Interactive);
    PasswordHasher(const PasswordHasher&) = delete;
    PasswordHasher& operator=(const PasswordHasher&) = delete;

    QString hash(const QString& password) const; // "$argon2id$v=19$m=...": salt and parameters inside
    static bool verify(const QString& encodedHash, const QString& password); // constant time
    // For a user name that does not exist: always false, and costs what verify() of this hasher's hashes
    // costs, so that the answer's timing does not tell which user names exist.
    bool verifyUnknownUser(const QString& password) const;
    static bool isArgon2id(const QString& encodedHash);

private:
    unsigned long long m_opsLimit = 0;
    size_t m_memLimit = 0;
    mutable std::once_flag m_dummyOnce;
    mutable QString m_dummyHash; // of a random password nobody knows, with this hasher's parameters
};

} // namespace mood
