#include "SessionKeychain.h"

#ifdef MOOD_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace mood::gui {

using namespace Qt::StringLiterals;

namespace {
const QString kService = u"Moodboard sign-in"_s;
const QString kProbeAccount = u"probe (never stored)"_s;
} // namespace

SessionKeychain::SessionKeychain(QObject* parent)
    : QObject(parent)
{
}

bool SessionKeychain::built()
{
#ifdef MOOD_HAVE_QTKEYCHAIN
    return true;
#else
    return false;
#endif
}

QString SessionKeychain::account(client::Location location, const QString& place, const QString& username)
{
    const QString where = location == client::Location::ThisComputer ? u"this computer"_s : u"shared"_s;
    return where + u" "_s + place + u" "_s + username;
}

void SessionKeychain::read(const QString& account, ReadHandler done)
{
#ifdef MOOD_HAVE_QTKEYCHAIN
    auto* job = new QKeychain::ReadPasswordJob(kService); // no parent: see the class comment
    job->setAutoDelete(true);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        switch (job->error()) {
        case QKeychain::NoError: {
            const QByteArray token = job->textData().toUtf8();
            return done(token.isEmpty() ? Answer::Missing : Answer::Found, token);
        }
        case QKeychain::EntryNotFound:
            return done(Answer::Missing, {});
        case QKeychain::AccessDenied:
        case QKeychain::AccessDeniedByUser:
            return done(Answer::Refused, {});
        default:
            return done(Answer::Unavailable, {});
        }
    });
    job->start();
#else
    Q_UNUSED(account)
    done(Answer::Unavailable, {});
#endif
}

void SessionKeychain::probe(std::function<void(bool)> done)
{
    read(kProbeAccount,
         [done = std::move(done)](Answer answer, const QByteArray&) { done(answer != Answer::Unavailable); });
}

void SessionKeychain::write(const QString& account, const QByteArray& token, WriteHandler done)
{
#ifdef MOOD_HAVE_QTKEYCHAIN
    auto* job = new QKeychain::WritePasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(account);
    job->setTextData(QString::fromUtf8(token));
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (done)
            done(job->error() == QKeychain::NoError);
    });
    job->start();
#else
    Q_UNUSED(account)
    Q_UNUSED(token)
    if (done)
        done(false);
#endif
}

void SessionKeychain::remove(const QString& account, WriteHandler done)
{
#ifdef MOOD_HAVE_QTKEYCHAIN
    auto* job = new QKeychain::DeletePasswordJob(kService);
    job->setAutoDelete(true);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (done)
            done(job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound);
    });
    job->start();
#else
    Q_UNUSED(account)
    if (done)
        done(false);
#endif
}

} // namespace mood::gui
