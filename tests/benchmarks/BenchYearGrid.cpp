// Painting the year grid: frames at 1920x1080, as the Year page repaints when the window is maximised on a
// full-HD screen, with a full year of data. Two measurements: the painter alone into an image (what the
// year-end board does), and the real widget rendering itself (what a repaint costs).
// Usage: bench_year_grid [frames]   (default 500)
#include "MoodPalette.h"
#include "YearGridLayout.h"
#include "YearGridPainter.h"
#include "YearGridWidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QTextStream out(stdout);

struct Timing {
    double meanMs = 0;
    double p99Ms = 0;
    double maxMs = 0;
};

template <typename F>
Timing measure(int frames, F&& frame)
{
    std::vector<double> samples;
    samples.reserve(static_cast<size_t>(frames));
    QElapsedTimer timer;
    for (int i = 0; i < frames; ++i) {
        timer.start();
        frame(i);
        samples.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(samples.begin(), samples.end());
    Timing t;
    for (double s : samples)
        t.meanMs += s;
    t.meanMs /= static_cast<double>(samples.size());
    t.p99Ms = samples[static_cast<size_t>(static_cast<double>(samples.size() - 1) * 0.99)];
    t.maxMs = samples.back();
    return t;
}

void report(const QString& what, const Timing& t)
{
    out << what << ": mean " << QString::number(t.meanMs, 'f', 2) << " ms, p99 " << QString::number(t.p99Ms, 'f', 2)
        << " ms, max " << QString::number(t.maxMs, 'f', 2) << " ms per frame" << Qt::endl;
}

client::Board fullYear()
{
    client::Board board;
    board.year = 2026;
    board.today = QDate(2026, 12, 31);
    board.backfillDays = 7;
    board.yearsWithData = {2026};
    quint32 seed = 7;
    for (QDate day(2026, 1, 1); day.year() == 2026; day = day.addDays(1)) {
        seed = seed * 1103515245u + 12345u;
        if (seed % 13 == 0)
            continue; // some empty days
        const int level = 1 + static_cast<int>((seed >> 8) % 5);
        board.days.append(client::BoardDay{day, level, {client::Entry{0, panelMoods().at(5 - level), 0, day, {}}}});
    }
    return board;
}
} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const int frames = argc > 1 ? std::max(10, QString::fromLocal8Bit(argv[1]).toInt()) : 500;
    const QSize size(1920, 1080);

    // The painter alone, onto an image of the screen's size.
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    render::YearGridContent content;
    content.year = 2026;
    content.today = QDate(2026, 11, 20);
    content.focus = QDate(2026, 11, 18);
    for (const client::BoardDay& day : fullYear().days)
        content.setLevel(day.date, day.level);
    const render::YearGridLayout layout(2026, QRectF(QPointF(), QSizeF(size)), app.font(), QLocale());
    const render::YearGridStyle style = render::YearGridStyle::fromPalette(app.palette());
    render::YearGridPainter gridPainter; // as a view keeps one
    report(u"painter, 1920x1080 image"_s, measure(frames, [&](int) {
               image.fill(style.background);
               QPainter painter(&image);
               gridPainter.paint(painter, layout, content, style);
           }));

    // The same on a 200 % screen: 3840x2160 device pixels.
    QImage sharp(size * 2, QImage::Format_ARGB32_Premultiplied);
    sharp.setDevicePixelRatio(2.0);
    render::YearGridPainter sharpPainter;
    report(u"painter, 1920x1080 at 200 % (3840x2160)"_s, measure(frames, [&](int) {
               sharp.fill(style.background);
               QPainter painter(&sharp);
               sharpPainter.paint(painter, layout, content, style);
           }));

    // The widget, rendered as a repaint renders it (its own paintEvent), at that size.
    gui::YearGridWidget grid;
    grid.resize(size);
    grid.setBoard(fullYear(), QByteArrayLiteral("UTC"));
    grid.setFocusDate(QDate(2026, 11, 18));
    QImage target(size, QImage::Format_ARGB32_Premultiplied);
    report(u"YearGridWidget, 1920x1080"_s, measure(frames, [&](int) {
               target.fill(Qt::white);
               grid.render(&target);
           }));
    out << "cell size " << layout.cellSize() << " px, " << content.year << ", " << frames << " frames" << Qt::endl;
    return 0;
}
