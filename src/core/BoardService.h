#pragma once

#include "Database.h"
#include "LruCache.h"
#include "Mood.h"
#include "Result.h"

#include <QDate>
#include <QList>

namespace mood {

struct BoardDay {
    QDate date;
    int level = 0;     // level of the day's later mood
    QList<Mood> moods; // in the order they happened
    bool operator==(const BoardDay& o) const { return date == o.date && level == o.level && moods == o.moods; }
};

// GET /board: one year's days.
struct YearBoard {
    int year = 0;
    QList<BoardDay> days;
    bool operator==(const YearBoard& o) const { return year == o.year && days == o.days; }
};

// The data behind the yearly grid: only days with moods, in date order.
class BoardService final
{
public:
    explicit BoardService(const Database& database);
    Result<QList<BoardDay>> board(qint64 userId, int year) const;
    // toJson(YearBoard{year, board(userId, year)}), kept per users.mood_version: an unchanged board costs one query.
    Result<QByteArray> boardJson(qint64 userId, int year) const;
    void setCacheBudget(qsizetype bytes) { m_answers.setBudget(bytes); }
    // The calendar years (user's time zone) in which the user has at least one mood, ascending.
    Result<QList<int>> yearsWithData(qint64 userId) const;

private:
    static Result<QList<BoardDay>> boardIn(const QSqlDatabase& db, qint64 userId, int year);

    struct Answer {
        qint64 version = 0;
        QByteArray json;
    };

    const Database& m_database;
    mutable LruCache<Answer> m_answers{8 * 1024 * 1024};
};

} // namespace mood
