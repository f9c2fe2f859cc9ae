#include "MoodSwatch.h"

#include "MoodText.h"
#include "YearGridPainter.h"

#include <QIconEngine>
#include <QPainter>
#include <QPalette>

namespace mood::gui {

namespace {
// Paints the swatch at whatever size and pixel ratio the icon is asked for, instead of scaling one bitmap.
class SwatchEngine final : public QIconEngine
{
public:
    SwatchEngine(Mood mood, const render::MoodPalette& palette)
        : m_mood(mood)
        , m_palette(palette)
    {
    }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap swatch = MoodSwatch::pixmap(m_mood, m_palette, std::min(rect.width(), rect.height()), ratio);
        if (mode == QIcon::Disabled) {
            QPainter fade(&swatch);
            fade.setCompositionMode(QPainter::CompositionMode_DestinationIn);
            fade.fillRect(swatch.rect(), QColor(0, 0, 0, 110));
        }
        const QSize logical = swatch.deviceIndependentSize().toSize();
        painter->drawPixmap(QRect(rect.center() - QPoint(logical.width() / 2, logical.height() / 2), logical), swatch);
    }
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap out(size);
        out.fill(Qt::transparent);
        QPainter painter(&out);
        paint(&painter, out.rect(), mode, state);
        return out;
    }
    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        QPixmap out(size * scale);
        out.setDevicePixelRatio(scale);
        out.fill(Qt::transparent);
        QPainter painter(&out);
        paint(&painter, QRect(QPoint(), size), mode, state);
        return out;
    }
    QIconEngine* clone() const override { return new SwatchEngine(m_mood, m_palette); }

private:
    Mood m_mood;
    render::MoodPalette m_palette;
};
} // namespace

QPixmap MoodSwatch::pixmap(Mood mood, const render::MoodPalette& palette, int size, qreal devicePixelRatio)
{
    const int level = moodLevel(mood);
    QPixmap out(QSize(size, size) * devicePixelRatio);
    out.setDevicePixelRatio(devicePixelRatio);
    out.fill(Qt::transparent);
    QPainter painter(&out);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette.level(level));
    const QRectF tile(0.5, 0.5, size - 1.0, size - 1.0);
    painter.drawEllipse(tile);

    // The face: a black drawing tinted with the ink that reads on this colour.
    const int faceSize = qRound(size * 0.78);
    QPixmap face = QIcon(MoodText::iconPath(mood)).pixmap(QSize(faceSize, faceSize), devicePixelRatio);
    {
        QPainter tint(&face);
        tint.setCompositionMode(QPainter::CompositionMode_SourceIn);
        tint.fillRect(face.rect(), palette.inkOn(level));
    }
    const qreal offset = (size - face.deviceIndependentSize().width()) / 2.0;
    painter.drawPixmap(QPointF(offset, offset), face);
    return out;
}

QIcon MoodSwatch::icon(Mood mood, const render::MoodPalette& palette)
{
    return QIcon(new SwatchEngine(mood, palette));
}

QIcon MoodSwatch::levelIcon(int level, const render::MoodPalette& palette, const QPalette& colours)
{
    QIcon icon;
    const render::YearGridStyle style = render::YearGridStyle::fromPalette(colours, palette);
    for (const qreal ratio : {1.0, 2.0}) {
        QPixmap tile(QSize(16, 16) * ratio);
        tile.setDevicePixelRatio(ratio);
        tile.fill(Qt::transparent);
        QPainter painter(&tile);
        painter.setRenderHint(QPainter::Antialiasing);
        render::YearGridPainter::paintCell(painter, QRectF(1, 1, 14, 14), level, style);
        painter.end();
        icon.addPixmap(tile);
    }
    return icon;
}

} // namespace mood::gui
