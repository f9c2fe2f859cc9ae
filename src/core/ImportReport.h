#pragma once

#include "ImportParsers.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace mood {

// What an import did, row by row: the answer of POST /import, written by the server and read back by the
// desktop app's HTTP client with the same code.
struct ImportReport {
    struct Row {
        int row = 0;
        bool imported = false;
        QString reason;  // why it was skipped
        QString warning; // imported, but changed (a note shortened to the limit)
        QString day;
        QString mood;
    };
    struct SkippedFollow {
        QString user;
        QString reason;
    };

    import::Format format = import::Format::MoodboardJson;
    QList<Row> rows; // in file order
    QStringList followsAdded;
    QList<SkippedFollow> followsSkipped;

    int imported() const;
    int skipped() const;
    // {"format", "imported", "skipped", "rows": [{"row", "status": "imported"|"skipped", "day", "mood",
    //  "reason"|"warning"}], "follows": {"added": [...], "skipped": [{"user", "reason"}]}} (follows: JSON only)
    QJsonObject toJson() const;
    // Reads back what toJson() writes; nothing, with *error saying why, when it is not that.
    static std::optional<ImportReport> fromJson(const QJsonObject& object, QString* error = nullptr);
};

} // namespace mood
