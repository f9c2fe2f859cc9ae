#pragma once

#include "CommandLine.h"

namespace mood::app {

// moodboard generate --users N ...: fills an empty database with synthetic users and their history (for
// benchmarks and demonstrations). Prints a line per phase on stdout, problems on stderr. Returns 0 on success,
// 1 when the database refused, 2 for bad arguments or a bad location.
int runGenerate(const CommandLine& commandLine);

} // namespace mood::app
