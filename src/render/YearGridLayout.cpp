#include "YearGridLayout.h"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace mood::render {

namespace {
constexpr double kGapRatio = 0.16;   // gap between cells, as a share of the cell
constexpr double kLabelPadding = 8;  // between the month names and the grid
constexpr double kHeaderPadding = 4; // between the day numbers and the grid

double widestMonth(const QFontMetricsF& metrics, const QStringList& labels)
{
    double widest = 0;
    for (const QString& label : labels)
        widest = std::max(widest, metrics.horizontalAdvance(label));
    return widest;
}
} // namespace

QStringList YearGridLayout::monthLabels(const QLocale& locale)
{
    QStringList labels;
    for (int month = 1; month <= 12; ++month)
        labels.append(locale.standaloneMonthName(month, QLocale::ShortFormat));
    return labels;
}

YearGridLayout::YearGridLayout(int year, const QRectF& area, const QFont& font, const QLocale& locale,
                               Qt::Alignment alignment)
    : m_year(year)
    , m_font(font)
    , m_monthLabels(monthLabels(locale))
{
    const QFontMetricsF metrics(font);
    m_labelWidth = std::ceil(widestMonth(metrics, m_monthLabels)) + kLabelPadding;
    m_headerHeight = std::ceil(metrics.height()) + kHeaderPadding;
    // 31 cells and 30 gaps across, 12 cells and 11 gaps down.
    const double byWidth = (area.width() - m_labelWidth) / (31 + 30 * kGapRatio);
    const double byHeight = (area.height() - m_headerHeight) / (12 + 11 * kGapRatio);
    m_cell = std::clamp(std::floor(std::min(byWidth, byHeight)), 1.0, kMaxCell);
    m_step = m_cell + std::max(1.0, std::round(m_cell * kGapRatio));
    const QSizeF used(m_labelWidth + 30 * m_step + m_cell, m_headerHeight + 11 * m_step + m_cell);
    const double spareX = area.width() - used.width();
    const double spareY = area.height() - used.height();
    const double x = alignment & Qt::AlignLeft ? 0 : (alignment & Qt::AlignRight ? spareX : std::floor(spareX / 2));
    const double y = alignment & Qt::AlignTop ? 0 : (alignment & Qt::AlignBottom ? spareY : std::floor(spareY / 2));
    const QPointF topLeft(area.x() + std::max(0.0, x), area.y() + std::max(0.0, y));
    m_origin = topLeft + QPointF(m_labelWidth, m_headerHeight);
    m_everyDayLabel = metrics.horizontalAdvance(QStringLiteral("31")) + 2 <= m_step;
}

QRectF YearGridLayout::gridRect() const
{
    return QRectF(m_origin, QSizeF(30 * m_step + m_cell, 11 * m_step + m_cell));
}

QRectF YearGridLayout::bounds() const
{
    return gridRect().adjusted(-m_labelWidth, -m_headerHeight, 0, 0);
}

QRectF YearGridLayout::cellRect(int month, int day) const
{
    return QRectF(m_origin.x() + (day - 1) * m_step, m_origin.y() + (month - 1) * m_step, m_cell, m_cell);
}

QRectF YearGridLayout::cellRect(const QDate& date) const
{
    if (!date.isValid() || date.year() != m_year)
        return {};
    return cellRect(date.month(), date.day());
}

QDate YearGridLayout::dateAt(const QPointF& point) const
{
    if (m_step <= 0)
        return {};
    const QPointF local = point - m_origin;
    if (local.x() < 0 || local.y() < 0)
        return {};
    const int column = static_cast<int>(local.x() / m_step);
    const int row = static_cast<int>(local.y() / m_step);
    if (column > 30 || row > 11)
        return {};
    if (local.x() - column * m_step > m_cell || local.y() - row * m_step > m_cell)
        return {}; // in a gap
    const QDate date(m_year, row + 1, column + 1);
    return date.isValid() ? date : QDate();
}

QRectF YearGridLayout::monthLabelRect(int month) const
{
    const QRectF cell = cellRect(month, 1);
    return QRectF(cell.x() - m_labelWidth, cell.y(), m_labelWidth - kLabelPadding, m_cell);
}

QRectF YearGridLayout::dayLabelRect(int day) const
{
    const QRectF cell = cellRect(1, day);
    const double extra = m_step - m_cell; // let "31" use the gaps when cells are narrow
    return QRectF(cell.x() - extra, cell.y() - m_headerHeight, m_cell + 2 * extra, m_headerHeight - kHeaderPadding);
}

bool YearGridLayout::showsDayLabel(int day) const
{
    return m_everyDayLabel || day == 1 || day % 5 == 0;
}

QSizeF YearGridLayout::minimumSize(const QFont& font, const QLocale& locale, double minCell)
{
    const QFontMetricsF metrics(font);
    const double step = minCell + std::max(1.0, std::round(minCell * kGapRatio));
    const double labelWidth = std::ceil(widestMonth(metrics, monthLabels(locale))) + kLabelPadding;
    const double headerHeight = std::ceil(metrics.height()) + kHeaderPadding;
    return QSizeF(std::ceil(labelWidth + 30 * step + minCell), std::ceil(headerHeight + 11 * step + minCell));
}

double YearGridLayout::heightForWidth(double width, const QFont& font, const QLocale& locale)
{
    const QFontMetricsF metrics(font);
    const double labelWidth = std::ceil(widestMonth(metrics, monthLabels(locale))) + kLabelPadding;
    const double headerHeight = std::ceil(metrics.height()) + kHeaderPadding;
    const double cell = std::clamp(std::floor((width - labelWidth) / (31 + 30 * kGapRatio)), 1.0, kMaxCell);
    const double step = cell + std::max(1.0, std::round(cell * kGapRatio));
    return std::ceil(headerHeight + 11 * step + cell);
}

} // namespace mood::render
