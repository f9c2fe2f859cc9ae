#pragma once

#include "ClientTypes.h"
#include "MoodPalette.h"

#include <QPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class YearPage;
}

namespace mood::client {
class Backend;
}

namespace mood::gui {

class DayDialog;
class YearGridWidget;

// Year: the grid of one year, a year picker (previous/next and the years with moods), a legend, and the day
// dialog (click or Enter).
class YearPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YearPage)

public:
    explicit YearPage(client::Backend& backend, QWidget* parent = nullptr);
    ~YearPage() override;

    void showYear(int year); // 0: this year
    int year() const { return m_shown.year; }
    const client::Board& board() const { return m_shown; }
    YearGridWidget* grid() const;
    DayDialog* dayDialog() const;
    void setMoodPalette(const render::MoodPalette& palette);
    void reload();

signals:
    void statusMessage(const QString& message);
    void loaded(int year); // the grid shows this year's data now
    void moodsChanged();

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void display(const client::Board& board);
    void fillYearCombo();
    void buildLegend();
    void openDay(const QDate& date);
    void updateDayDialog();

    std::unique_ptr<Ui::YearPage> m_ui;
    client::Backend& m_backend;
    client::Board m_shown;
    int m_wanted = 0;      // the year asked for last (0: this year)
    quint64 m_request = 0; // answers to older requests are ignored
    render::MoodPalette m_palette = render::MoodPalette::standard();
    QPointer<DayDialog> m_dayDialog;
};

} // namespace mood::gui
