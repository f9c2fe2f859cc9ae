#pragma once

#include "Clock.h"
#include "Database.h"
#include "ImportParsers.h"
#include "ImportReport.h"
#include "InstanceSettings.h"
#include "Result.h"

namespace mood {

// Brings history back from a file: our own JSON or CSV export, or a Daylio CSV export. Past days may be
// filled (it is history, the back-fill window does not apply), but an import never changes or duplicates
// an entry (same timestamp and mood), never puts a third mood on a day (existing entries count; a day's
// first two in time order win), never stores a time more than 5 minutes ahead, and under the "one year"
// retention keeps only days of the user's current year. Notes longer than MoodService::kMaxNoteLength are
// cut to it, ending in "…", and the row says so. The whole file is one transaction: a broken file or a failure
// changes nothing. Streaks and the streak histogram are brought up to date; no feed activity or milestone is
// written for imported history. JSON also restores whom the user follows (users that exist here).
class DataImport final
{
public:
    DataImport(const Database& database, const Clock& clock, const InstanceSettings& settings);

    Result<ImportReport> importJson(qint64 userId, const QByteArray& data);
    Result<ImportReport> importCsv(qint64 userId, const QByteArray& data);

    static QString shortened(const QString& note); // cut to the limit, ending in "…"

private:
    Result<ImportReport> importParsed(qint64 userId, const import::Parsed& parsed);

    const Database& m_database;
    const Clock& m_clock;
    const InstanceSettings& m_settings;
};

} // namespace mood
