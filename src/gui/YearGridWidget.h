#pragma once

#include "ClientTypes.h"
#include "MoodPalette.h"
#include "YearGridLayout.h"
#include "YearGridPainter.h"

#include <QHash>
#include <QWidget>

namespace mood::gui {

class YearGridAccessible;

// One year as a grid of days ("Year in Pixels"), painted by render::YearGridPainter in the widget's palette.
// Keyboard: arrows move the day focus, Home/End go to the month's ends, Enter or Space opens the day,
// Page Up/Down ask for the previous/next year. Screen readers get one cell per existing day (YearGridAccessible).
class YearGridWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YearGridWidget)

public:
    explicit YearGridWidget(QWidget* parent = nullptr);
    ~YearGridWidget() override;

    void setBoard(const client::Board& board, const QByteArray& zone);
    void setMoodPalette(const render::MoodPalette& palette);

    int year() const { return m_content.year; }
    QDate today() const { return m_content.today; }
    QDate focusDate() const { return m_focus; }
    void setFocusDate(const QDate& date);
    std::optional<client::BoardDay> day(const QDate& date) const;

    QString accessibleDayName(const QDate& date) const; // "2026-03-15: Cheerful, Gloomy" / "...: no mood"
    QString dayDescription(const QDate& date) const;    // the tooltip: date, moods with times and notes
    QRect cellRect(const QDate& date) const;            // in widget coordinates
    QDate dateAt(const QPoint& position) const;
    void activate(const QDate& date);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

signals:
    void dayActivated(const QDate& date);
    void focusDateChanged(const QDate& date);
    void yearStepRequested(int step); // Page Up: -1, Page Down: +1

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    friend class YearGridAccessible;
    const render::YearGridLayout& layout() const;
    int margin() const { return fontMetrics().height() / 2; }
    QDate moved(const QDate& from, int key, Qt::KeyboardModifiers modifiers) const;

    render::YearGridContent m_content;
    QHash<QDate, client::BoardDay> m_days;
    QByteArray m_zone;
    render::MoodPalette m_palette = render::MoodPalette::standard();
    QDate m_focus;
    QDate m_pressed;
    render::YearGridPainter m_painter; // keeps its tiles between frames
    mutable render::YearGridLayout m_layout;
    mutable bool m_layoutDirty = true;
    YearGridAccessible* m_accessible = nullptr; // set while a screen reader (or test) asked for it
};

} // namespace mood::gui
