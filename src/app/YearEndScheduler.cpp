#include "YearEndScheduler.h"

#include "BoardArtworkFactory.h"
#include "MailSettings.h"
#include "YearEndPass.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcSchedule, "mood.yearend")

namespace mood::app {

YearEndScheduler::YearEndScheduler(Services& services, const CommandLine& commandLine)
    : m_services(services)
    , m_mail(!commandLine.smtpUrl.isEmpty())
    , m_smtp(smtpOptions(commandLine))
    , m_from(sender(commandLine))
{
}

YearEndScheduler::~YearEndScheduler()
{
    stop();
}

void YearEndScheduler::start()
{
    if (m_thread)
        return;
    m_stop = false;
    m_thread.reset(QThread::create([this] { loop(); }));
    m_thread->start(QThread::LowPriority);
}

void YearEndScheduler::stop()
{
    if (!m_thread)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
}

void YearEndScheduler::loop()
{
    std::unique_ptr<mail::SmtpSender> sender; // libcurl handles belong to this thread
    if (m_mail)
        sender = std::make_unique<mail::SmtpSender>(m_smtp);
    while (!m_stop) {
        pass(sender.get());
        QMutexLocker lock(&m_mutex);
        if (!m_stop)
            m_wake.wait(&m_mutex, QDeadlineTimer(qint64(kIntervalSeconds) * 1000));
    }
}

void YearEndScheduler::pass(mail::SmtpSender* sender)
{
    const auto artwork = makeBoardArtwork();
    const yearend::PassOutcome outcome = yearend::YearEndPass::run(m_services, *artwork, sender, m_from, &m_stop);
    if (outcome.mail && !*outcome.mail) {
        qCWarning(lcSchedule).noquote() << "year-end" << outcome.year << ":" << outcome.mail->error().message;
    } else if (outcome.mail) {
        qCInfo(lcSchedule).noquote() << (*outcome.mail)->line();
        for (const QString& problem : (*outcome.mail)->problems())
            qCWarning(lcSchedule).noquote() << problem;
    }
    if (!outcome.retention)
        return;
    if (!*outcome.retention)
        qCWarning(lcSchedule).noquote() << "retention:" << outcome.retention->error().message;
    else if ((*outcome.retention)->removedMoods > 0)
        qCInfo(lcSchedule).noquote() << "retention: removed" << (*outcome.retention)->removedMoods << "moods of"
                                     << (*outcome.retention)->removedYears;
}

} // namespace mood::app
