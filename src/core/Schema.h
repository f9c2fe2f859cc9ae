#pragma once

#include "DatabaseConfig.h"
#include "Result.h"

#include <QSqlDatabase>

namespace mood::Schema {

inline constexpr int kVersion = 12;

// Brings the database to kVersion in one transaction; refuses (and leaves untouched) a newer database.
Status migrate(const QSqlDatabase& db, Dialect dialect);
Result<int> version(const QSqlDatabase& db);

} // namespace mood::Schema
