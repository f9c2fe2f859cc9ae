#pragma once

#include "ClientTypes.h"
#include "MoodPalette.h"

#include <QDialog>

#include <memory>

namespace Ui {
class DayDialog;
}

namespace mood::client {
class Backend;
}

namespace mood::gui {

class EntryListView;

// One day of the year grid: its moods and notes, and "Add a mood for this day" while the day is inside the
// back-fill window and has room. Today's moods can be changed here too; past days' cannot.
class DayDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DayDialog)

public:
    DayDialog(client::Backend& backend, const QDate& date, QWidget* parent = nullptr);
    ~DayDialog() override;

    QDate date() const { return m_date; }
    // The day as stored now (nothing: no moods), and the rules of the moment.
    void setDay(const std::optional<client::BoardDay>& day, const QDate& today, int backfillDays,
                const QByteArray& zone);
    void setMoodPalette(const render::MoodPalette& palette);
    bool canAdd() const { return m_canAdd; }

signals:
    void changed(); // a mood of this day was added, changed or removed: the caller reloads and calls setDay

private:
    void add(Mood mood);

    std::unique_ptr<Ui::DayDialog> m_ui;
    client::Backend& m_backend;
    EntryListView* m_entries;
    QDate m_date;
    QDate m_today;
    QByteArray m_zone;
    bool m_canAdd = false;
    bool m_adding = false;
};

} // namespace mood::gui
