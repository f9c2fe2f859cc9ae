#pragma once

#include "CommandLine.h"

namespace mood::app {

// moodboard year-end --year YYYY ...: mails every user with an address their board of that year, once.
// Prints one summary line on stdout (and a retention line when moods were removed), problems on stderr.
// Returns 0 when nothing failed, 1 when a mail failed or is unconfirmed, 2 for bad arguments.
int runYearEnd(const CommandLine& commandLine);

} // namespace mood::app
