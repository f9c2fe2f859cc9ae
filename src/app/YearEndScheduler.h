#pragma once

#include "CommandLine.h"
#include "MailHeaders.h"
#include "Services.h"
#include "SmtpSender.h"

#include <QMutex>
#include <QWaitCondition>

#include <atomic>
#include <memory>

class QThread;

namespace mood::app {

// The headless server's year-end duties, in a thread of its own, at start and then hourly: with --smtp, mail
// the boards of the year that has just ended (users whose year is not over yet in their zone get theirs on a
// later pass); then apply the retention setting. Problems go to the log; nothing is printed on stdout.
class YearEndScheduler final
{
public:
    static constexpr int kIntervalSeconds = 3600;

    YearEndScheduler(Services& services, const CommandLine& commandLine);
    ~YearEndScheduler();
    YearEndScheduler(const YearEndScheduler&) = delete;
    YearEndScheduler& operator=(const YearEndScheduler&) = delete;

    void start();
    void stop(); // waits for the pass in progress; a mail already going out is finished

private:
    void loop();
    void pass(mail::SmtpSender* sender);

    Services& m_services;
    bool m_mail = false;
    mail::SmtpOptions m_smtp;
    mail::Mailbox m_from;
    std::unique_ptr<QThread> m_thread;
    std::atomic_bool m_stop{false};
    QMutex m_mutex;
    QWaitCondition m_wake;
};

} // namespace mood::app
