#pragma once

#include "YearGridLayout.h"
#include "YearGridStyle.h"

#include <QImage>

#include <array>

class QPainter;

namespace mood::render {

// What one year's grid shows.
struct YearGridContent {
    int year = 0;
    std::array<quint8, 366> levels{}; // by day of the year (0 = January 1st); 0: no mood
    QDate today;                      // marked when in the year
    QDate focus;                      // the keyboard's day, marked when valid

    int levelOf(const QDate& date) const;
    void setLevel(const QDate& date, int level);
};

// Paints a year grid with QPainter only, onto any QPaintDevice: widget, image, PDF. On raster devices the six
// kinds of tile (five levels, empty) are drawn once per size and then copied, which keeps a full-HD frame
// within a few milliseconds; other devices (PDF, pictures) get vector shapes. Keep one painter per view so
// that the tiles are reused; it is not thread-safe, but any thread may own one.
class YearGridPainter final
{
public:
    void paint(QPainter& painter, const YearGridLayout& layout, const YearGridContent& content,
               const YearGridStyle& style);
    // One tile as the grid draws it (level 0: empty), e.g. for a legend.
    static void paintCell(QPainter& painter, const QRectF& rect, int level, const YearGridStyle& style);

private:
    void prepareTiles(double cell, qreal ratio, const YearGridStyle& style);

    std::array<QImage, 6> m_tiles; // by level; 0: empty
    double m_tileCell = 0;
    qreal m_tileRatio = 0;
    std::array<QRgb, 8> m_tileColours{};
};

} // namespace mood::render
