#include "MoodPalette.h"
#include "YearGridLayout.h"
#include "YearGridPainter.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QPicture>
#include <QTest>

using namespace mood::render;
using namespace Qt::StringLiterals;

namespace {
const QLocale kEnglish(QLocale::English, QLocale::UnitedStates);

QFont labelFont()
{
    QFont font;
    font.setPixelSize(12);
    return font;
}

QColor pixelAt(const QImage& image, const QPointF& logical)
{
    const qreal ratio = image.devicePixelRatio();
    return image.pixelColor((logical * ratio).toPoint());
}

YearGridContent sampleContent()
{
    YearGridContent content;
    content.year = 2026;
    content.today = QDate(2026, 3, 15);
    content.setLevel(QDate(2026, 1, 1), 5);
    content.setLevel(QDate(2026, 3, 14), 4);
    content.setLevel(QDate(2026, 3, 15), 1);
    content.setLevel(QDate(2026, 12, 31), 3);
    content.setLevel(QDate(2026, 2, 10), 2);
    return content;
}
} // namespace

// The year grid without widgets: layout geometry and pixels on images, PDF and pictures.
class TestYearGridPainter final : public QObject
{
    Q_OBJECT

private slots:
    void paletteLevels();
    void colourBlindPaletteDiffers();
    void layoutCellsAreSquareAndInside();
    void layoutScalesWithTheArea();
    void layoutHitTest();
    void daysThatDoNotExistHaveNoCell();
    void levelColoursAndEmptyDays();
    void todayIsMarked();
    void focusIsMarked();
    void highDpiImage();
    void paintsOnPdfAndPicture();
    void dayLabelsThinOutWhenNarrow();
    void contentLevels();
    void noYearPaintsNothing();
};

void TestYearGridPainter::paletteLevels()
{
    const MoodPalette standard = MoodPalette::standard();
    // 5 blue, 4 green, 3 yellow, 2 orange, 1 red (CONTRACTS.md section 1): check hues, not exact values.
    const auto hue = [&](int level) { return standard.level(level).hslHue(); };
    QVERIFY2(hue(5) > 200 && hue(5) < 240, "level 5 is blue");
    QVERIFY2(hue(4) > 100 && hue(4) < 160, "level 4 is green");
    QVERIFY2(hue(3) > 40 && hue(3) < 60, "level 3 is yellow");
    QVERIFY2(hue(2) > 15 && hue(2) < 40, "level 2 is orange");
    QVERIFY2(hue(1) >= 0 && hue(1) < 10, "level 1 is red");
    QVERIFY(!standard.level(0).isValid());
    QVERIFY(!standard.level(6).isValid());
    QCOMPARE(MoodPalette::of(MoodPalette::Kind::Standard).level(3), standard.level(3));
}

void TestYearGridPainter::colourBlindPaletteDiffers()
{
    const MoodPalette safe = MoodPalette::colourBlindSafe();
    QCOMPARE(safe.kind(), MoodPalette::Kind::ColourBlindSafe);
    QCOMPARE(safe.level(5), QColor(0x00, 0x72, 0xb2)); // Okabe-Ito blue
    QCOMPARE(safe.level(1), QColor(0xd5, 0x5e, 0x00)); // vermillion
    for (int a = 1; a <= 5; ++a) {
        for (int b = a + 1; b <= 5; ++b)
            QVERIFY(safe.level(a) != safe.level(b));
    }
    // Ink: dark on the light yellow, light on the dark blue.
    QVERIFY(safe.inkOn(3).lightness() < 100);
    QVERIFY(safe.inkOn(5).lightness() > 200);
}

void TestYearGridPainter::layoutCellsAreSquareAndInside()
{
    const QRectF area(10, 20, 900, 400);
    const YearGridLayout layout(2026, area, labelFont(), kEnglish);
    QVERIFY(layout.cellSize() >= 10);
    QVERIFY(area.contains(layout.bounds()));
    const QRectF first = layout.cellRect(QDate(2026, 1, 1));
    const QRectF last = layout.cellRect(QDate(2026, 12, 31));
    QCOMPARE(first.width(), first.height());
    QVERIFY(first.left() < last.left());
    QVERIFY(first.top() < last.top());
    QVERIFY(layout.gridRect().contains(last));
    // Rows are months, columns days.
    QCOMPARE(layout.cellRect(QDate(2026, 5, 1)).left(), first.left());
    QCOMPARE(layout.cellRect(QDate(2026, 1, 20)).top(), first.top());
    QVERIFY(layout.monthLabelRect(1).right() <= first.left());
    QCOMPARE(layout.monthLabel(3), u"Mar"_s);
}

void TestYearGridPainter::layoutScalesWithTheArea()
{
    const YearGridLayout small(2026, QRectF(0, 0, 600, 300), labelFont(), kEnglish);
    const YearGridLayout large(2026, QRectF(0, 0, 1400, 700), labelFont(), kEnglish);
    const YearGridLayout huge(2026, QRectF(0, 0, 8000, 4000), labelFont(), kEnglish);
    QVERIFY(large.cellSize() > small.cellSize());
    QCOMPARE(huge.cellSize(), YearGridLayout::kMaxCell);
    // Centred in the area.
    const QRectF bounds = huge.bounds();
    QVERIFY(qAbs(bounds.center().x() - 4000) < 2);
    QVERIFY(qAbs(bounds.center().y() - 2000) < 2);
    const QSizeF minimum = YearGridLayout::minimumSize(labelFont(), kEnglish, 12);
    const YearGridLayout tight(2026, QRectF(QPointF(), minimum), labelFont(), kEnglish);
    QVERIFY(tight.cellSize() >= 11);
}

void TestYearGridPainter::layoutHitTest()
{
    const YearGridLayout layout(2026, QRectF(0, 0, 1000, 420), labelFont(), kEnglish);
    const QRectF cell = layout.cellRect(QDate(2026, 7, 4));
    QCOMPARE(layout.dateAt(cell.center()), QDate(2026, 7, 4));
    QCOMPARE(layout.dateAt(cell.topLeft() + QPointF(0.5, 0.5)), QDate(2026, 7, 4));
    const QPointF gap(cell.right() + (layout.cellRect(QDate(2026, 7, 5)).left() - cell.right()) / 2, cell.center().y());
    QVERIFY(!layout.dateAt(gap).isValid());
    QVERIFY(!layout.dateAt(QPointF(0, 0)).isValid());                   // in the labels
    QVERIFY(!layout.dateAt(layout.cellRect(2, 30).center()).isValid()); // February 30th
    QVERIFY(!layout.dateAt(layout.gridRect().bottomRight() + QPointF(5, 5)).isValid());
}

void TestYearGridPainter::daysThatDoNotExistHaveNoCell()
{
    const YearGridLayout layout(2026, QRectF(0, 0, 1000, 420), labelFont(), kEnglish);
    QVERIFY(layout.cellRect(QDate(2026, 2, 29)).isNull()); // not a leap year
    QVERIFY(layout.cellRect(QDate(2025, 3, 1)).isNull());  // another year
    const YearGridLayout leap(2028, QRectF(0, 0, 1000, 420), labelFont(), kEnglish);
    QVERIFY(!leap.cellRect(QDate(2028, 2, 29)).isNull());

    QImage image(1000, 420, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    const YearGridStyle style = YearGridStyle::light();
    YearGridPainter().paint(painter, layout, sampleContent(), style);
    painter.end();
    // Absent: the background, not an empty tile.
    QCOMPARE(pixelAt(image, layout.cellRect(2, 30).center()), style.background);
    QCOMPARE(pixelAt(image, layout.cellRect(4, 31).center()), style.background);
    QCOMPARE(pixelAt(image, layout.cellRect(2, 28).center()), style.emptyFill);
}

void TestYearGridPainter::levelColoursAndEmptyDays()
{
    const YearGridLayout layout(2026, QRectF(0, 0, 1100, 450), labelFont(), kEnglish);
    for (const MoodPalette& palette : {MoodPalette::standard(), MoodPalette::colourBlindSafe()}) {
        QImage image(1100, 450, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::black);
        QPainter painter(&image);
        const YearGridStyle style = YearGridStyle::light(palette);
        YearGridPainter().paint(painter, layout, sampleContent(), style);
        painter.end();
        QCOMPARE(pixelAt(image, layout.cellRect(QDate(2026, 1, 1)).center()), palette.level(5));
        QCOMPARE(pixelAt(image, layout.cellRect(QDate(2026, 3, 14)).center()), palette.level(4));
        QCOMPARE(pixelAt(image, layout.cellRect(QDate(2026, 12, 31)).center()), palette.level(3));
        QCOMPARE(pixelAt(image, layout.cellRect(QDate(2026, 2, 10)).center()), palette.level(2));
        QCOMPARE(pixelAt(image, layout.cellRect(QDate(2026, 3, 15)).center()), palette.level(1));
        const QColor empty = pixelAt(image, layout.cellRect(QDate(2026, 6, 1)).center());
        QCOMPARE(empty, style.emptyFill);
        QVERIFY(empty != style.background);
        for (int level = 1; level <= 5; ++level)
            QVERIFY(empty != palette.level(level));
    }
}

void TestYearGridPainter::todayIsMarked()
{
    const YearGridLayout layout(2026, QRectF(0, 0, 1100, 450), labelFont(), kEnglish);
    const YearGridStyle style = YearGridStyle::light();
    const auto ringPixel = [&](const YearGridContent& content, const QDate& date) {
        QImage image(1100, 450, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        YearGridPainter().paint(painter, layout, content, style);
        painter.end();
        const QRectF cell = layout.cellRect(date);
        const double gap = layout.cellRect(date.addDays(1)).left() - cell.right();
        return pixelAt(image, QPointF(cell.center().x(), cell.top() - gap * 0.45)); // the middle of the ring
    };
    YearGridContent content = sampleContent();
    const QColor marked = ringPixel(content, QDate(2026, 3, 15));
    content.today = QDate(2026, 3, 20);
    const QColor unmarked = ringPixel(content, QDate(2026, 3, 15));
    QCOMPARE(unmarked, style.background);
    QVERIFY2(marked.lightness() < 120, qPrintable(marked.name())); // the dark ring of the text colour
}

void TestYearGridPainter::focusIsMarked()
{
    const YearGridLayout layout(2026, QRectF(0, 0, 1100, 450), labelFont(), kEnglish);
    const YearGridStyle style = YearGridStyle::light();
    YearGridContent content = sampleContent();
    content.focus = QDate(2026, 8, 8);
    QImage image(1100, 450, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    YearGridPainter().paint(painter, layout, content, style);
    painter.end();
    const QRectF cell = layout.cellRect(content.focus);
    const double gap = layout.cellRect(QDate(2026, 8, 9)).left() - cell.right();
    const QColor ring = pixelAt(image, QPointF(cell.center().x(), cell.top() - gap / 2 - 1));
    QVERIFY2(ring.blue() > ring.red() + 60, qPrintable(ring.name())); // the highlight blue
}

void TestYearGridPainter::highDpiImage()
{
    const QSize logical(900, 380);
    QImage image(logical * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    image.fill(Qt::white);
    QPainter painter(&image);
    const YearGridLayout layout(2026, QRectF(QPointF(), logical), labelFont(), kEnglish);
    YearGridPainter().paint(painter, layout, sampleContent(), YearGridStyle::light());
    painter.end();
    QCOMPARE(pixelAt(image, layout.cellRect(QDate(2026, 1, 1)).center()), MoodPalette::standard().level(5));
    // The cell covers twice as many device pixels: its corner region (inside the rounding) is still the colour.
    const QRectF cell = layout.cellRect(QDate(2026, 1, 1));
    QCOMPARE(pixelAt(image, cell.center() + QPointF(cell.width() * 0.3, 0)), MoodPalette::standard().level(5));
}

void TestYearGridPainter::paintsOnPdfAndPicture()
{
    QBuffer pdf;
    QVERIFY(pdf.open(QIODevice::WriteOnly));
    {
        QPdfWriter writer(&pdf);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageOrientation(QPageLayout::Landscape);
        QPainter painter(&writer);
        const QRectF page(QPointF(), QSizeF(writer.width(), writer.height()));
        const YearGridLayout layout(2026, page, labelFont(), kEnglish);
        QVERIFY(layout.cellSize() > 20);
        YearGridPainter().paint(painter, layout, sampleContent(), YearGridStyle::light());
    }
    QVERIFY(pdf.data().startsWith("%PDF"));
    QVERIFY(pdf.data().size() > 2000);

    QPicture picture;
    QPainter painter(&picture);
    const YearGridLayout layout(2026, QRectF(0, 0, 700, 300), labelFont(), kEnglish);
    YearGridPainter().paint(painter, layout, sampleContent(), YearGridStyle::light());
    painter.end();
    QVERIFY(picture.size() > 1000);
    QImage replay(700, 300, QImage::Format_ARGB32_Premultiplied);
    replay.fill(Qt::white);
    QPainter replayPainter(&replay);
    picture.play(&replayPainter);
    replayPainter.end();
    QCOMPARE(pixelAt(replay, layout.cellRect(QDate(2026, 3, 15)).center()), MoodPalette::standard().level(1));
}

void TestYearGridPainter::dayLabelsThinOutWhenNarrow()
{
    const YearGridLayout wide(2026, QRectF(0, 0, 1200, 500), labelFont(), kEnglish);
    QVERIFY(wide.showsDayLabel(7));
    const YearGridLayout narrow(2026, QRectF(0, 0, 380, 200), labelFont(), kEnglish);
    QVERIFY(!narrow.showsDayLabel(7));
    QVERIFY(narrow.showsDayLabel(1));
    QVERIFY(narrow.showsDayLabel(15));
    QVERIFY(narrow.showsDayLabel(30));
}

void TestYearGridPainter::contentLevels()
{
    YearGridContent content;
    content.year = 2028;
    content.setLevel(QDate(2028, 12, 31), 4); // day 366 of a leap year
    content.setLevel(QDate(2027, 1, 1), 5);   // another year: ignored
    content.setLevel(QDate(2028, 2, 1), 9);   // clamped
    QCOMPARE(content.levelOf(QDate(2028, 12, 31)), 4);
    QCOMPARE(content.levelOf(QDate(2027, 1, 1)), 0);
    QCOMPARE(content.levelOf(QDate(2028, 2, 1)), 5);
    QCOMPARE(content.levelOf(QDate(2028, 2, 2)), 0);
}

void TestYearGridPainter::noYearPaintsNothing()
{
    // Before any board arrived: year 0. Nothing is drawn (and nothing runs past the year's 366 days).
    QImage image(600, 300, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    const YearGridLayout layout(0, QRectF(0, 0, 600, 300), labelFont(), kEnglish);
    YearGridPainter().paint(painter, layout, YearGridContent{}, YearGridStyle::light());
    // A layout made for another year than the content's: nothing either.
    const YearGridLayout other(2025, QRectF(0, 0, 600, 300), labelFont(), kEnglish);
    YearGridPainter().paint(painter, other, sampleContent(), YearGridStyle::light());
    painter.end();
    QImage white(600, 300, QImage::Format_ARGB32_Premultiplied);
    white.fill(Qt::white);
    QCOMPARE(image, white);
}

QTEST_MAIN(TestYearGridPainter)
#include "TestYearGridPainter.moc"
