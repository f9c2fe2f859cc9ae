#include "YearEndScheduler.h"

#include "BoardArtworkFactory.h"
#include "MailSettings.h"
#include "YearEndMailer.h"

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

int YearEndScheduler::pastYear(const QDateTime& now)
{
    return now.toUTC().addSecs(14 * 3600).date().year() - 1;
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
    if (sender) {
        const auto artwork = makeBoardArtwork();
        yearend::YearEndMailer mailer(m_services, *artwork, *sender);
        const int year = pastYear(m_services.clock.now());
        const auto summary = mailer.run(year, m_from, &m_stop);
        if (!summary) {
            qCWarning(lcSchedule).noquote() << "year-end" << year << ":" << summary.error().message;
        } else {
            qCInfo(lcSchedule).noquote() << summary->line();
            for (const QString& problem : summary->problems())
                qCWarning(lcSchedule).noquote() << problem;
        }
    }
    if (m_stop)
        return;
    const auto removed = m_services.retention.apply();
    if (!removed)
        qCWarning(lcSchedule).noquote() << "retention:" << removed.error().message;
    else if (removed->removedMoods > 0)
        qCInfo(lcSchedule).noquote() << "retention: removed" << removed->removedMoods << "moods of"
                                     << removed->removedYears;
}

} // namespace mood::app
