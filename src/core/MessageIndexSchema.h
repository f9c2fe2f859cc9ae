#pragma once

#include "DatabaseConfig.h"
#include "Result.h"

#include <QSqlDatabase>
#include <QSqlError>

// Schema step 11, the optional trigram index of events.message, and what keeps it true on every open. SQLite: an
// FTS5 table (events_message) kept by three triggers; PostgreSQL: a pg_trgm GIN index. Without them (this SQLite
// has no FTS5 trigram tokenizer, the server no pg_trgm or no right to create it) GET /events?message= reads every
// message, with the same answers.
namespace mood::Schema::MessageIndexSchema {

// Creates the index and indexes the events already there; safe to run again (tests replay steps).
Status create(const QSqlDatabase& db, Dialect dialect);

// SQLite, each time the database opens at step 11 or later. An FTS5 table this SQLite cannot read (a file indexed by
// a build with FTS5, opened by one without) would make every event write fail in its triggers: they are dropped,
// and the table is kept as it is. A build that can read it and finds a trigger missing (events were written without
// the index) recreates the triggers and rebuilds the index; one that finds no index tries to create it.
Status repair(const QSqlDatabase& db);

// Whether a failure to create the index means the feature is missing here (the migration goes on without it), not
// a storage failure (the migration stops and rolls back).
bool isMissingFeature(const QSqlError& error, Dialect dialect);

} // namespace mood::Schema::MessageIndexSchema
