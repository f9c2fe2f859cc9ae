#pragma once

#include <QDate>
#include <QFont>
#include <QLocale>
#include <QRectF>
#include <QStringList>

namespace mood::render {

// Where everything of one year's grid goes in an area: 12 rows of months, 31 columns of days, month names on
// the left, day numbers on top. Square cells as large as the area allows, centred. Logical coordinates: the
// same layout paints a widget, a high-DPI screen, an image or a PDF page.
class YearGridLayout final
{
public:
    static constexpr double kMaxCell = 56.0; // beyond this, a bigger window adds margin, not cell size

    YearGridLayout() = default;
    // alignment: where the grid sits in an area larger than it needs (centred by default).
    YearGridLayout(int year, const QRectF& area, const QFont& font, const QLocale& locale,
                   Qt::Alignment alignment = Qt::AlignCenter);

    int year() const { return m_year; }
    const QFont& font() const { return m_font; }
    double cellSize() const { return m_cell; }
    QRectF gridRect() const; // all 12 x 31 cells, labels excluded
    QRectF bounds() const;   // grid and labels

    QRectF cellRect(int month, int day) const; // also for days the month does not have
    QRectF cellRect(const QDate& date) const;  // null when date is not in the year
    QDate dateAt(const QPointF& point) const;  // invalid unless point is on an existing day's cell

    QString monthLabel(int month) const { return m_monthLabels.value(month - 1); }
    QRectF monthLabelRect(int month) const;
    QRectF dayLabelRect(int day) const;
    bool showsDayLabel(int day) const; // all 31 when they fit, else 1, 5, 10, ... 30

    // The smallest area in which the labels stay readable and cells are at least minCell wide.
    static QSizeF minimumSize(const QFont& font, const QLocale& locale, double minCell = 12.0);
    // The height the grid and its labels take when laid out in this width.
    static double heightForWidth(double width, const QFont& font, const QLocale& locale);

private:
    static QStringList monthLabels(const QLocale& locale);

    int m_year = 0;
    QFont m_font;
    QStringList m_monthLabels;
    QPointF m_origin; // top-left of January 1st's cell
    double m_cell = 0;
    double m_step = 0; // cell + gap
    double m_labelWidth = 0;
    double m_headerHeight = 0;
    bool m_everyDayLabel = true;
};

} // namespace mood::render
