#pragma once

#include "CommandLine.h"

namespace mood::app {

// moodboard --headless: opens the database, serves the API until SIGINT/SIGTERM. Returns the exit status.
int runHeadless(const CommandLine& commandLine);

} // namespace mood::app
