#pragma once

#include "YearGridLayout.h"
#include "YearGridStyle.h"

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

// Paints a year grid with QPainter only, onto any QPaintDevice: widget, image, PDF.
class YearGridPainter final
{
public:
    static void paint(QPainter& painter, const YearGridLayout& layout, const YearGridContent& content,
                      const YearGridStyle& style);
    // One tile as the grid draws it (level 0: empty), e.g. for a legend.
    static void paintCell(QPainter& painter, const QRectF& rect, int level, const YearGridStyle& style);
};

} // namespace mood::render
