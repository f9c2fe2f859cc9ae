#include "YearGridPainter.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace mood::render {

namespace {
double radiusFor(double cell)
{
    return std::max(1.0, cell * 0.2);
}

// Rings around a cell: inset < 0 draws outside it.
void ring(QPainter& painter, const QRectF& cell, double inset, double width, const QColor& colour)
{
    const QRectF r = cell.adjusted(inset, inset, -inset, -inset);
    painter.setPen(QPen(colour, width));
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(r, radiusFor(r.width()), radiusFor(r.height()));
}
} // namespace

int YearGridContent::levelOf(const QDate& date) const
{
    if (!date.isValid() || date.year() != year)
        return 0;
    return levels[static_cast<size_t>(date.dayOfYear() - 1)];
}

void YearGridContent::setLevel(const QDate& date, int level)
{
    if (date.isValid() && date.year() == year)
        levels[static_cast<size_t>(date.dayOfYear() - 1)] = static_cast<quint8>(std::clamp(level, 0, 5));
}

void YearGridPainter::paintCell(QPainter& painter, const QRectF& rect, int level, const YearGridStyle& style)
{
    const double radius = radiusFor(rect.width());
    if (level >= 1 && level <= 5) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(style.moods.level(level));
        painter.drawRoundedRect(rect, radius, radius);
    } else {
        painter.setPen(QPen(style.emptyBorder, 1));
        painter.setBrush(style.emptyFill);
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    }
}

void YearGridPainter::prepareTiles(double cell, qreal ratio, const YearGridStyle& style)
{
    const std::array<QRgb, 8> colours{style.emptyFill.rgba(),      style.emptyBorder.rgba(),
                                      style.moods.level(1).rgba(), style.moods.level(2).rgba(),
                                      style.moods.level(3).rgba(), style.moods.level(4).rgba(),
                                      style.moods.level(5).rgba(), static_cast<QRgb>(style.moods.kind())};
    if (cell == m_tileCell && ratio == m_tileRatio && colours == m_tileColours)
        return;
    m_tileCell = cell;
    m_tileRatio = ratio;
    m_tileColours = colours;
    const int side = static_cast<int>(std::ceil(cell * ratio));
    for (int level = 0; level <= 5; ++level) {
        QImage tile(side, side, QImage::Format_ARGB32_Premultiplied);
        tile.setDevicePixelRatio(ratio);
        tile.fill(Qt::transparent);
        QPainter tilePainter(&tile);
        tilePainter.setRenderHint(QPainter::Antialiasing);
        paintCell(tilePainter, QRectF(0, 0, cell, cell), level, style);
        tilePainter.end();
        m_tiles[static_cast<size_t>(level)] = tile;
    }
}

void YearGridPainter::paint(QPainter& painter, const YearGridLayout& layout, const YearGridContent& content,
                            const YearGridStyle& style)
{
    if (!QDate(content.year, 1, 1).isValid() || layout.year() != content.year)
        return; // no year yet (or a layout made for another): nothing to draw
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    if (style.background.isValid())
        painter.fillRect(layout.bounds(), style.background);

    // Labels: month names right-aligned before their row, day numbers centred above their column.
    painter.setFont(layout.font());
    painter.setPen(style.text);
    for (int month = 1; month <= 12; ++month)
        painter.drawText(layout.monthLabelRect(month), Qt::AlignRight | Qt::AlignVCenter, layout.monthLabel(month));
    const bool todayInYear = content.today.isValid() && content.today.year() == content.year;
    for (int day = 1; day <= 31; ++day) {
        if (!layout.showsDayLabel(day))
            continue;
        painter.setPen(todayInYear && content.today.day() == day ? style.text : style.mutedText);
        painter.drawText(layout.dayLabelRect(day), Qt::AlignHCenter | Qt::AlignBottom, QString::number(day));
    }

    const bool raster = painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster;
    if (raster) {
        const qreal ratio = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
        prepareTiles(layout.cellSize(), ratio, style);
        QDate date(content.year, 1, 1);
        for (int index = 0; index < 366 && date.year() == content.year; ++index, date = date.addDays(1)) {
            const int level = content.levels[static_cast<size_t>(index)];
            painter.drawImage(layout.cellRect(date.month(), date.day()).topLeft(),
                              m_tiles[static_cast<size_t>(level <= 5 ? level : 0)]);
        }
    } else {
        // Vectors for PDF and pictures: empty tiles in one path, filled ones in one path per level.
        const double radius = radiusFor(layout.cellSize());
        QPainterPath empty;
        std::array<QPainterPath, 5> filled;
        QDate date(content.year, 1, 1);
        for (int index = 0; index < 366 && date.year() == content.year; ++index, date = date.addDays(1)) {
            const QRectF cell = layout.cellRect(date.month(), date.day());
            const int level = content.levels[static_cast<size_t>(index)];
            if (level >= 1 && level <= 5)
                filled[static_cast<size_t>(level - 1)].addRoundedRect(cell, radius, radius);
            else
                empty.addRoundedRect(cell.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
        }
        painter.setPen(QPen(style.emptyBorder, 1));
        painter.setBrush(style.emptyFill);
        painter.drawPath(empty);
        painter.setPen(Qt::NoPen);
        for (int level = 1; level <= 5; ++level) {
            painter.setBrush(style.moods.level(level));
            painter.drawPath(filled[static_cast<size_t>(level - 1)]);
        }
    }

    // Today: a ring just outside its cell. Focus: a wider ring in the highlight colour, further out.
    const double gap = std::max(1.0, std::round(layout.cellSize() * 0.16));
    if (todayInYear)
        ring(painter, layout.cellRect(content.today), -gap * 0.45, std::max(2.0, gap * 0.4), style.todayRing);
    if (content.focus.isValid() && content.focus.year() == content.year) {
        const QRectF cell = layout.cellRect(content.focus);
        ring(painter, cell, -gap * 0.5 - 1.0, 2.0, style.focusRing);
    }
    painter.restore();
}

} // namespace mood::render
