#pragma once

#include <QByteArray>
#include <QString>

namespace mood {

// Argon2id through libsodium. Strength Interactive is the product default; Minimal keeps the same
// algorithm with the smallest cost and exists only so test suites registering many users stay fast;
// Sensitive is libsodium's strongest preset (1 GiB, several seconds), for tests that need a slow KDF.
class PasswordHasher final
{
public:
    enum class Strength { Interactive, Minimal, Sensitive };
    explicit PasswordHasher(Strength strength = Strength::Interactive);

    QString hash(const QString& password) const; // "$argon2id$v=19$m=...": salt and parameters inside
    static bool verify(const QString& encodedHash, const QString& password); // constant time
    static bool isArgon2id(const QString& encodedHash);

private:
    unsigned long long m_opsLimit = 0;
    size_t m_memLimit = 0;
};

} // namespace mood
