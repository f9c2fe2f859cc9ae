#pragma once

#include "BoardSheet.h"
#include "YearGridLayout.h"
#include "YearGridStyle.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QRectF>
#include <QString>

#include <array>

class QPainter;

namespace mood::render {

// The board: a title (name and year), the streaks and mood count, the year grid exactly as the Year page paints
// it (YearGridPainter over YearGridLayout), and a legend of the level colours with the count of moods per level.
// Painted with QPainter only, in logical units on a page of kPageSize (A4 landscape proportions), onto an image
// (PNG) or a one-page PDF. Needs a QGuiApplication (the offscreen platform is enough); any one thread.
class BoardRenderer final
{
    Q_DECLARE_TR_FUNCTIONS(BoardRenderer)

public:
    static constexpr QSizeF kPageSize{1500.0, 1060.0};

    // Where things go on the page, for painting and for tests.
    struct Geometry {
        QRectF page;
        QRectF title;    // "alice · 2026"
        QRectF subtitle; // "A year in moods"
        QRectF stats;    // streaks and counts, right of the title
        YearGridLayout grid;
        QRectF legend;                      // the whole legend row
        std::array<QRectF, 6> legendSwatch; // by level, [0] a day without a mood
        QRectF distribution;                // the bar of moods per level
        QRectF footer;
    };

    explicit BoardRenderer(BoardSheet sheet, YearGridStyle style = YearGridStyle::light());

    const BoardSheet& sheet() const { return m_sheet; }
    const YearGridStyle& style() const { return m_style; }
    Geometry geometry() const;

    void paint(QPainter& painter); // onto a device of kPageSize logical units (scale the painter otherwise)
    QImage image(qreal devicePixelRatio = 1.0);
    QByteArray png(qreal devicePixelRatio = 1.0); // empty on failure
    QByteArray pdf();                             // one A4 landscape page; empty on failure

    QString title() const;
    QString streakText() const;
    QString longestText() const;
    QString countText() const;
    static QString levelName(int level); // 5 "Very good" .. 1 "Very bad", 0 "No mood"

private:
    QFont font(double pixelSize, int weight = 400) const;
    void paintHeader(QPainter& painter, const Geometry& g);
    void paintLegend(QPainter& painter, const Geometry& g);
    void paintDistribution(QPainter& painter, const Geometry& g);

    BoardSheet m_sheet;
    YearGridStyle m_style;
    YearGridPainter m_grid;
};

} // namespace mood::render
