#pragma once

#include "CommandLine.h"
#include "Database.h"

#include <memory>

namespace mood::app {

// The database the command line names (default: the SQLite file in the per-user data folder), opened and
// migrated. On failure: a message on stderr, nullptr, and *exitCode 2 for a bad location, 1 otherwise.
std::unique_ptr<Database> openInstanceDatabase(const CommandLine& commandLine, int* exitCode);

} // namespace mood::app
