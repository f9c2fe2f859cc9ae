#include "MailPassword.h"

#ifdef MOOD_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace mood::gui {

using namespace Qt::StringLiterals;

namespace {
const QString kService = u"Moodboard SMTP"_s;
}

MailPassword::MailPassword(QObject* parent)
    : QObject(parent)
{
}

bool MailPassword::keychainBuilt()
{
#ifdef MOOD_HAVE_QTKEYCHAIN
    return true;
#else
    return false;
#endif
}

void MailPassword::read(const QString& account, std::function<void(const QString&, bool)> done)
{
    const QString memory = account == m_memoryAccount ? m_memory : QString();
#ifdef MOOD_HAVE_QTKEYCHAIN
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [job, memory, done = std::move(done)] {
        if (job->error() == QKeychain::NoError)
            done(job->textData(), true);
        else
            done(memory, false);
    });
    job->start();
#else
    done(memory, false);
#endif
}

void MailPassword::write(const QString& account, const QString& password, std::function<void(bool)> done)
{
    m_memoryAccount = account;
    m_memory = password;
#ifdef MOOD_HAVE_QTKEYCHAIN
    QKeychain::Job* job = nullptr;
    if (password.isEmpty()) {
        auto* remove = new QKeychain::DeletePasswordJob(kService, this);
        remove->setKey(account);
        job = remove;
    } else {
        auto* store = new QKeychain::WritePasswordJob(kService, this);
        store->setKey(account);
        store->setTextData(password);
        job = store;
    }
    connect(job, &QKeychain::Job::finished, this,
            [job, done = std::move(done)] { done(job->error() == QKeychain::NoError); });
    job->start();
#else
    done(false);
#endif
}

} // namespace mood::gui
