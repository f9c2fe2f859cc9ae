#pragma once

#include "CommandLine.h"
#include "MailHeaders.h"
#include "SmtpSender.h"

namespace mood::app {

// --smtp and --from as the year-end mailer wants them (CommandLine checked both already).
mail::SmtpOptions smtpOptions(const CommandLine& commandLine);
mail::Mailbox sender(const CommandLine& commandLine); // default "Moodboard <moodboard@HOSTNAME>"

} // namespace mood::app
