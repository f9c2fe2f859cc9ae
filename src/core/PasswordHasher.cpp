#include "PasswordHasher.h"

#include "KdfGate.h"
#include "Sodium.h"

#include <sodium.h>

#include <stdexcept>

namespace mood {

PasswordHasher::PasswordHasher(Strength strength)
{
    ensureSodium();
    switch (strength) {
    case Strength::Interactive:
        m_opsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        m_memLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        break;
    case Strength::Minimal:
        m_opsLimit = crypto_pwhash_OPSLIMIT_MIN;
        m_memLimit = crypto_pwhash_MEMLIMIT_MIN;
        break;
    case Strength::Slow:
        m_opsLimit = 64;
        m_memLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        break;
    }
}

QString PasswordHasher::hash(const QString& password) const
{
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    int status = 0;
    {
        const KdfGate::Pass pass(KdfGate::instance());
        status = crypto_pwhash_str_alg(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()), m_opsLimit,
                                       m_memLimit, crypto_pwhash_ALG_ARGON2ID13);
    }
    if (status != 0)
        throw std::bad_alloc(); // the only failure libsodium reports here is running out of memory
    return QString::fromLatin1(out);
}

bool PasswordHasher::verify(const QString& encodedHash, const QString& password)
{
    ensureSodium();
    const QByteArray stored = encodedHash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    const KdfGate::Pass pass(KdfGate::instance());
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(), static_cast<unsigned long long>(utf8.size()))
        == 0;
}

bool PasswordHasher::verifyUnknownUser(const QString& password) const
{
    std::call_once(m_dummyOnce, [this] {
        QByteArray secret(32, Qt::Uninitialized);
        randombytes_buf(secret.data(), static_cast<size_t>(secret.size()));
        m_dummyHash = hash(QString::fromLatin1(secret.toBase64()));
    });
    (void)verify(m_dummyHash, password);
    return false;
}

bool PasswordHasher::isArgon2id(const QString& encodedHash)
{
    return encodedHash.startsWith(QLatin1String("$argon2id$"));
}

} // namespace mood
