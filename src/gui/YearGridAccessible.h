#pragma once

#include <QAccessibleWidget>
#include <QDate>
#include <QPointer>
#include <QVector>

namespace mood::gui {

class YearGridWidget;

// What screen readers see of the year grid (STYLE.md section 13): a table with one cell per existing day,
// named "2026-03-15: Cheerful, Gloomy" or "2026-03-15: no mood". Cells are created when first asked for and
// deleted when the year changes.
class YearGridAccessible final : public QAccessibleWidget
{
public:
    explicit YearGridAccessible(YearGridWidget* grid);
    ~YearGridAccessible() override;

    static void installFactory(); // once per process; later calls do nothing

    int childCount() const override;
    QAccessibleInterface* child(int index) const override;
    int indexOfChild(const QAccessibleInterface* child) const override;
    QAccessibleInterface* childAt(int x, int y) const override;
    QAccessibleInterface* focusChild() const override;

    // Called by the grid.
    void resetCells();                            // a new year
    void cellsChanged(const QList<QDate>& dates); // names that changed
    void focusMoved(const QDate& date);           // the keyboard's day

    YearGridWidget* grid() const;
    QDate dateOf(int index) const;
    int indexOf(const QDate& date) const;

private:
    void deleteCells();

    mutable QVector<QAccessible::Id> m_cells; // by day of the year; 0: not created yet
};

} // namespace mood::gui
