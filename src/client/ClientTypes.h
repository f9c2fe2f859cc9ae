#pragma once

#include "Mood.h"
#include "User.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The values that cross the client seam (DESKTOP.md section 1). Plain data that an HTTP client can fill from
// the JSON of CONTRACTS.md as well as the local core can: no SQL, no services.
namespace mood::client {

enum class Location { ThisComputer, SharedMoodboard };

struct Session {
    QString username;
    bool isAdmin = false;
    QByteArray timeZone; // IANA id: the calendar the user's days and times are shown in
};

struct Entry {
    qint64 id = 0;
    Mood mood = Mood::Reflective;
    qint64 at = 0; // epoch seconds
    QDate day;     // calendar day in the user's time zone
    QString note;
};

struct HistoryRequest {
    std::optional<int> year; // calendar year in the user's time zone
    int limit = 0;           // 0: everything
};

struct Summary {
    int currentStreak = 0;
    int longestStreak = 0;
    std::optional<double> streakPercentile; // present when >= 50
    QList<Entry> entries;                   // newest first
    QDate today;                            // the user's today, by the backend's clock
};

struct BoardDay {
    QDate date;
    int level = 0;        // 1..5, the level of the later mood
    QList<Entry> entries; // in the order they happened
};

struct Board {
    int year = 0;
    QList<BoardDay> days;     // only days with moods, in date order
    QList<int> yearsWithData; // ascending
    QDate today;              // the user's today
    int backfillDays = 0;     // a missed day D may be filled while today - D <= backfillDays
};

struct Profile {
    QString username;
    QString email;
    QByteArray timeZone;
    ShareLevel shareLevel = ShareLevel::Milestones;
    bool isAdmin = false;
};

// Only the fields that are set change. A new password needs the current one.
struct ProfileChanges {
    std::optional<QString> email;
    std::optional<QByteArray> timeZone;
    std::optional<ShareLevel> shareLevel;
    std::optional<QString> newPassword;
    QString currentPassword;
};

struct Activity {
    QString actor;
    QString verb;
    std::optional<QString> object;
    QString target;
    QDateTime at; // UTC
};

struct FeedRequest {
    int page = 1;
    int perPage = 20;
};

struct FeedPage {
    QList<Activity> items; // newest first
    bool hasNext = false;
};

// Export and import of one's own data (GET /export?format=json|csv, POST /import with the file as body).
enum class DataFormat { Json, Csv }; // CSV import takes our own CSV and Daylio's export

struct ImportRow {
    int row = 0; // 1-based, in file order
    bool imported = false;
    QString day;     // YYYY-MM-DD, when the row had one
    QString mood;    // the API name
    QString reason;  // why it was skipped
    QString warning; // imported, but changed (a note shortened)
};

// What an import did (the JSON answer of POST /import: "imported", "skipped", "rows", "follows").
struct ImportResult {
    int imported = 0;
    int skipped = 0;
    QList<ImportRow> rows;
    QStringList followsAdded;
    QStringList followsSkipped; // "name: reason"
};

struct UiAction {
    QDateTime time;
    QString type; // CLICK | VIEW | NAVIGATE
    QJsonObject properties;
};

struct UiLogBatch {
    QString sessionId;
    QList<UiAction> actions;
};

} // namespace mood::client
