#include "BoardRenderer.h"

#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mood::render;
using namespace Qt::StringLiterals;

namespace {
BoardSheet sampleSheet(MoodPalette palette = MoodPalette::standard())
{
    BoardSheet sheet;
    sheet.name = u"alice"_s;
    sheet.grid.year = 2026;
    for (int day = 1; day <= 10; ++day)
        sheet.grid.setLevel(QDate(2026, 1, day), 5);
    sheet.grid.setLevel(QDate(2026, 3, 15), 1);
    sheet.grid.setLevel(QDate(2026, 7, 4), 3);
    sheet.grid.setLevel(QDate(2026, 12, 31), 4);
    sheet.streak = 1;
    sheet.streakKind = BoardSheet::Streak::AtYearEnd;
    sheet.longestStreak = BoardSheet::longestRun(sheet.grid);
    sheet.perLevel = {1, 0, 1, 1, 12};
    sheet.palette = palette;
    return sheet;
}

QColor at(const QImage& image, const QPointF& logical)
{
    return image.pixelColor((logical * image.devicePixelRatio()).toPoint());
}

// Pixels in rect (logical) that differ from colour.
int inkIn(const QImage& image, const QRectF& rect, const QColor& background)
{
    int ink = 0;
    const QRect device = QRectF(rect.topLeft() * image.devicePixelRatio(), rect.size() * image.devicePixelRatio())
                             .toAlignedRect()
                             .intersected(image.rect());
    for (int y = device.top(); y <= device.bottom(); ++y) {
        for (int x = device.left(); x <= device.right(); ++x)
            ink += image.pixelColor(x, y) != background ? 1 : 0;
    }
    return ink;
}

bool near(const QColor& a, const QColor& b, int tolerance = 6)
{
    return qAbs(a.red() - b.red()) <= tolerance && qAbs(a.green() - b.green()) <= tolerance
        && qAbs(a.blue() - b.blue()) <= tolerance;
}

QString tool(const QString& name)
{
    return QStandardPaths::findExecutable(name);
}
} // namespace

// The board of one year as PNG and PDF (src/render/BoardRenderer): the mail, the export and the Year page's grid.
class TestBoardRenderer final : public QObject
{
    Q_OBJECT

private slots:
    void runs();
    void imageSizeAndCells_data();
    void imageSizeAndCells();
    void legendShowsEveryLevel();
    void titleAndStatsAreDrawn();
    void highDpiPng();
    void emptyYear();
    void pdfHasOnePageWithTheGrid();
};

void TestBoardRenderer::runs()
{
    YearGridContent grid;
    grid.year = 2026;
    for (int day = 3; day <= 9; ++day)
        grid.setLevel(QDate(2026, 2, day), 2);
    grid.setLevel(QDate(2026, 2, 20), 2);
    QCOMPARE(BoardSheet::longestRun(grid), 7);
    QCOMPARE(BoardSheet::runEndingOn(grid, QDate(2026, 2, 9)), 7);
    QCOMPARE(BoardSheet::runEndingOn(grid, QDate(2026, 2, 10)), 0);
    const BoardSheet sheet = sampleSheet();
    QCOMPARE(sheet.moodCount(), 15);
    QCOMPARE(sheet.daysWithMoods(), 13);
    QCOMPARE(sheet.longestStreak, 10);
}

void TestBoardRenderer::imageSizeAndCells_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("standard") << int(MoodPalette::Kind::Standard);
    QTest::newRow("colour-blind safe") << int(MoodPalette::Kind::ColourBlindSafe);
}

void TestBoardRenderer::imageSizeAndCells()
{
    QFETCH(int, kind);
    const MoodPalette palette = MoodPalette::of(MoodPalette::Kind(kind));
    BoardRenderer renderer(sampleSheet(palette));
    const QImage image = QImage::fromData(renderer.png());
    QCOMPARE(image.size(), BoardRenderer::kPageSize.toSize());
    const BoardRenderer::Geometry g = renderer.geometry();
    QVERIFY(g.grid.cellSize() >= 30);
    QVERIFY(g.page.contains(g.grid.bounds()));
    // Every pixel inside the cell's rectangle, away from the rounded corners, has the level's colour.
    const QRectF five = g.grid.cellRect(QDate(2026, 1, 1));
    const QRectF inner =
        five.adjusted(five.width() * 0.25, five.height() * 0.25, -five.width() * 0.25, -five.height() * 0.25);
    QCOMPARE(inkIn(image, inner, palette.level(5)), 0);
    QCOMPARE(at(image, g.grid.cellRect(QDate(2026, 3, 15)).center()), palette.level(1));
    QCOMPARE(at(image, g.grid.cellRect(QDate(2026, 7, 4)).center()), palette.level(3));
    QCOMPARE(at(image, g.grid.cellRect(QDate(2026, 12, 31)).center()), palette.level(4));
    // An empty day: the empty colour, unlike any level and unlike the page.
    const QColor empty = at(image, g.grid.cellRect(QDate(2026, 6, 1)).center());
    QCOMPARE(empty, renderer.style().emptyFill);
    QVERIFY(empty != renderer.style().background);
    // A day that does not exist: the page.
    QCOMPARE(at(image, g.grid.cellRect(2, 30).center()), renderer.style().background);
}

void TestBoardRenderer::legendShowsEveryLevel()
{
    BoardRenderer renderer(sampleSheet());
    const QImage image = renderer.image();
    const BoardRenderer::Geometry g = renderer.geometry();
    QVERIFY(g.page.contains(g.legend));
    QVERIFY(g.legend.top() > g.grid.bounds().bottom());
    for (int level = 1; level <= 5; ++level)
        QCOMPARE(at(image, g.legendSwatch[size_t(level)].center()), MoodPalette::standard().level(level));
    QCOMPARE(at(image, g.legendSwatch[0].center()), renderer.style().emptyFill);
    // Each entry has its name and count next to the swatch.
    for (int level = 0; level <= 5; ++level) {
        const QRectF swatch = g.legendSwatch[size_t(level)];
        const QRectF text(swatch.right() + 8, g.legend.top(), 150, g.legend.height());
        QVERIFY2(inkIn(image, text, renderer.style().background) > 60, qPrintable(QString::number(level)));
    }
    // The distribution bar starts with the most frequent level here (5) and ends with level 1.
    QCOMPARE(at(image, g.distribution.center() - QPointF(g.distribution.width() * 0.3, 0)),
             MoodPalette::standard().level(5));
}

void TestBoardRenderer::titleAndStatsAreDrawn()
{
    BoardRenderer renderer(sampleSheet());
    QCOMPARE(renderer.title(), u"alice \u00b7 2026"_s);
    const QImage image = renderer.image();
    if (const QString sample = qEnvironmentVariable("MOOD_BOARD_SAMPLE"); !sample.isEmpty())
        image.save(sample); // to look at it
    const BoardRenderer::Geometry g = renderer.geometry();
    const QColor page = renderer.style().background;
    const int title = inkIn(image, g.title, page);
    QVERIFY2(title > 800, qPrintable(QString::number(title)));
    QVERIFY(inkIn(image, g.subtitle, page) > 200);
    QVERIFY(inkIn(image, g.stats, page) > 2000);
    QVERIFY(inkIn(image, g.footer, page) > 100);
    // A longer name draws more.
    BoardSheet longer = sampleSheet();
    longer.name = u"alice-margarethe"_s;
    BoardRenderer other(longer);
    QVERIFY(inkIn(other.image(), g.title, page) > title);
}

void TestBoardRenderer::highDpiPng()
{
    BoardRenderer renderer(sampleSheet());
    const QImage image = QImage::fromData(renderer.png(2.0));
    QCOMPARE(image.size(), BoardRenderer::kPageSize.toSize() * 2);
    const QPointF centre = renderer.geometry().grid.cellRect(QDate(2026, 1, 5)).center() * 2;
    QCOMPARE(image.pixelColor(centre.toPoint()), MoodPalette::standard().level(5));
}

void TestBoardRenderer::emptyYear()
{
    BoardSheet sheet;
    sheet.name = u"bob"_s;
    sheet.grid.year = 2028;
    BoardRenderer renderer(sheet);
    const QImage image = renderer.image();
    const BoardRenderer::Geometry g = renderer.geometry();
    QCOMPARE(at(image, g.grid.cellRect(QDate(2028, 2, 29)).center()), renderer.style().emptyFill); // leap day
    QCOMPARE(at(image, g.distribution.center()), renderer.style().emptyFill);
}

void TestBoardRenderer::pdfHasOnePageWithTheGrid()
{
    if (tool(u"pdfinfo"_s).isEmpty() || tool(u"pdftoppm"_s).isEmpty())
        QFAIL("pdfinfo and pdftoppm (poppler-utils, .ci/deps) are needed");
    BoardRenderer renderer(sampleSheet());
    const QByteArray pdf = renderer.pdf();
    QVERIFY(pdf.startsWith("%PDF"));
    QVERIFY(pdf.size() > 5000);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"board.pdf"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(pdf);
    file.close();

    QProcess info;
    info.start(tool(u"pdfinfo"_s), {path});
    QVERIFY(info.waitForFinished(30000));
    const QString text = QString::fromUtf8(info.readAllStandardOutput());
    QCOMPARE(info.exitCode(), 0);
    QVERIFY2(text.contains(QRegularExpression(u"Pages:\\s+1\\n"_s)), qPrintable(text));
    QVERIFY2(text.contains(QRegularExpression(u"Title:\\s+alice \u00b7 2026\\n"_s)), qPrintable(text));
    QVERIFY2(text.contains(u"842 x 595"_s) || text.contains(u"841.89 x 595.276"_s), qPrintable(text)); // A4 landscape

    // Rasterised at a page width of 1500 px, the page is the board's logical coordinates.
    QProcess raster;
    raster.start(tool(u"pdftoppm"_s),
                 {u"-png"_s, u"-singlefile"_s, u"-scale-to-x"_s, u"1500"_s, u"-scale-to-y"_s, u"-1"_s, path,
                  dir.filePath(u"page"_s)});
    QVERIFY(raster.waitForFinished(60000));
    QCOMPARE(raster.exitCode(), 0);
    const QImage page(dir.filePath(u"page.png"_s));
    QVERIFY(!page.isNull());
    QCOMPARE(page.width(), 1500);
    const double scale = page.width() / BoardRenderer::kPageSize.width();
    const double top = (page.height() - BoardRenderer::kPageSize.height() * scale) / 2;
    const auto pixel = [&](const QPointF& logical) {
        return page.pixelColor((QPointF(logical.x() * scale, top + logical.y() * scale)).toPoint());
    };
    const BoardRenderer::Geometry g = renderer.geometry();
    QVERIFY2(near(pixel(g.grid.cellRect(QDate(2026, 1, 1)).center()), MoodPalette::standard().level(5)),
             qPrintable(pixel(g.grid.cellRect(QDate(2026, 1, 1)).center()).name()));
    QVERIFY(near(pixel(g.grid.cellRect(QDate(2026, 3, 15)).center()), MoodPalette::standard().level(1)));
    QVERIFY(near(pixel(g.grid.cellRect(QDate(2026, 6, 1)).center()), renderer.style().emptyFill));
    QVERIFY(near(pixel(g.legendSwatch[3].center()), MoodPalette::standard().level(3)));
    QVERIFY(near(pixel(QPointF(20, 20)), renderer.style().background));
}

QTEST_MAIN(TestBoardRenderer)
#include "TestBoardRenderer.moc"
