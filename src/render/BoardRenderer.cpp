#include "BoardRenderer.h"

#include <QBuffer>
#include <QPageLayout>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

namespace mood::render {

using namespace Qt::StringLiterals;

namespace {
constexpr double kMargin = 64;
constexpr double kCardWidth = 230;
constexpr double kCardHeight = 96;
constexpr double kCardGap = 16;

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor(qRound(a.red() * (1 - t) + b.red() * t), qRound(a.green() * (1 - t) + b.green() * t),
                  qRound(a.blue() * (1 - t) + b.blue() * t));
}
} // namespace

BoardRenderer::BoardRenderer(BoardSheet sheet, YearGridStyle style)
    : m_sheet(std::move(sheet))
    , m_style(std::move(style))
{
    m_style.moods = m_sheet.palette;
    if (!m_style.background.isValid())
        m_style.background = Qt::white;
}

QFont BoardRenderer::font(double pixelSize, int weight) const
{
    QFont f(u"DejaVu Sans"_s);
    f.setStyleHint(QFont::SansSerif);
    f.setPixelSize(qRound(pixelSize));
    f.setWeight(static_cast<QFont::Weight>(weight));
    return f;
}

QString BoardRenderer::levelName(int level)
{
    switch (level) {
    case 5:
        return tr("Very good");
    case 4:
        return tr("Good");
    case 3:
        return tr("Neutral");
    case 2:
        return tr("Bad");
    case 1:
        return tr("Very bad");
    default:
        return tr("No mood");
    }
}

QString BoardRenderer::title() const
{
    return tr("%1 \u00b7 %2", "name and year").arg(m_sheet.name, QString::number(m_sheet.year()));
}

QString BoardRenderer::streakText() const
{
    return m_sheet.streakKind == BoardSheet::Streak::AtYearEnd ? tr("streak at year end") : tr("current streak");
}

QString BoardRenderer::longestText() const
{
    return tr("longest in %1").arg(QString::number(m_sheet.year()));
}

QString BoardRenderer::countText() const
{
    const int days = m_sheet.daysWithMoods();
    return days == 1 ? tr("moods on 1 day") : tr("moods on %1 days").arg(m_sheet.locale.toString(days));
}

BoardRenderer::Geometry BoardRenderer::geometry() const
{
    Geometry g;
    g.page = QRectF(QPointF(), kPageSize);
    const double right = kPageSize.width() - kMargin;
    const double cards = 3 * kCardWidth + 2 * kCardGap;
    g.stats = QRectF(right - cards, 52, cards, kCardHeight);
    g.title = QRectF(kMargin, 52, g.stats.left() - kMargin - 24, 60);
    g.subtitle = QRectF(kMargin, 116, g.title.width(), 30);
    const QRectF gridArea(kMargin, 204, right - kMargin, 600);
    g.grid = YearGridLayout(m_sheet.year(), gridArea, font(17), m_sheet.locale, Qt::AlignHCenter | Qt::AlignTop);
    const double legendTop = g.grid.bounds().bottom() + 64;
    g.legend = QRectF(kMargin, legendTop, right - kMargin, 36);
    const double entry = g.legend.width() / 6;
    for (int i = 0; i < 6; ++i) {
        const int level = 5 - i; // 5 .. 1, then the empty day
        g.legendSwatch[size_t(level)] = QRectF(g.legend.left() + i * entry, legendTop + 4, 28, 28);
    }
    g.distribution = QRectF(kMargin, legendTop + 72, right - kMargin, 20);
    g.footer = QRectF(kMargin, kPageSize.height() - kMargin - 24, right - kMargin, 24);
    return g;
}

void BoardRenderer::paintHeader(QPainter& painter, const Geometry& g)
{
    painter.setPen(m_style.text);
    painter.setFont(font(44, 700));
    painter.drawText(g.title, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                     painter.fontMetrics().elidedText(title(), Qt::ElideMiddle, int(g.title.width())));
    painter.setPen(m_style.mutedText);
    painter.setFont(font(20));
    painter.drawText(g.subtitle, Qt::AlignLeft | Qt::AlignVCenter, tr("A year in moods, one coloured day at a time"));

    const QColor cardFill = mix(m_style.background, m_style.text, 0.05);
    const std::array<std::pair<int, QString>, 3> cards{
        {{m_sheet.streak, streakText()}, {m_sheet.longestStreak, longestText()}, {m_sheet.moodCount(), countText()}}};
    for (size_t i = 0; i < cards.size(); ++i) {
        const QRectF card(g.stats.left() + double(i) * (kCardWidth + kCardGap), g.stats.top(), kCardWidth, kCardHeight);
        painter.setPen(Qt::NoPen);
        painter.setBrush(cardFill);
        painter.drawRoundedRect(card, 14, 14);
        painter.setPen(m_style.text);
        painter.setFont(font(34, 700));
        const int value = cards[i].first;
        const QString number = i == 2 ? m_sheet.locale.toString(value)
            : value == 1              ? tr("1 day")
                                      : tr("%1 days").arg(m_sheet.locale.toString(value));
        painter.drawText(card.adjusted(16, 8, -16, -40), Qt::AlignLeft | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(number, Qt::ElideRight, int(card.width() - 32)));
        painter.setPen(m_style.mutedText);
        painter.setFont(font(16));
        painter.drawText(card.adjusted(16, 58, -16, -8), Qt::AlignLeft | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(cards[i].second, Qt::ElideRight, int(card.width() - 32)));
    }
}

void BoardRenderer::paintLegend(QPainter& painter, const Geometry& g)
{
    const double entry = g.legend.width() / 6;
    for (int level = 5; level >= 0; --level) {
        const QRectF swatch = g.legendSwatch[size_t(level)];
        YearGridPainter::paintCell(painter, swatch, level, m_style);
        const QRectF text(swatch.right() + 10, g.legend.top(), entry - swatch.width() - 18, g.legend.height());
        painter.setPen(m_style.text);
        painter.setFont(font(18, 600));
        const QString name = levelName(level);
        painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, name);
        const double nameWidth = painter.fontMetrics().horizontalAdvance(name);
        painter.setPen(m_style.mutedText);
        painter.setFont(font(18));
        const int count = level > 0 ? m_sheet.moodsAtLevel(level)
            : m_sheet.grid.year > 0 ? QDate(m_sheet.year(), 1, 1).daysInYear() - m_sheet.daysWithMoods()
                                    : 0;
        painter.drawText(text.adjusted(nameWidth + 8, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                         m_sheet.locale.toString(count));
    }
}

void BoardRenderer::paintDistribution(QPainter& painter, const Geometry& g)
{
    const QRectF bar = g.distribution;
    QPainterPath clip;
    clip.addRoundedRect(bar, bar.height() / 2, bar.height() / 2);
    painter.save();
    painter.setClipPath(clip);
    painter.fillRect(bar, m_style.emptyFill);
    const int total = m_sheet.moodCount();
    double x = bar.left();
    for (int level = 5; level >= 1 && total > 0; --level) {
        const double width = bar.width() * m_sheet.moodsAtLevel(level) / total;
        painter.fillRect(QRectF(x, bar.top(), width, bar.height()), m_sheet.palette.level(level));
        x += width;
    }
    painter.restore();
}

void BoardRenderer::paint(QPainter& painter)
{
    const Geometry g = geometry();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(g.page, m_style.background);
    paintHeader(painter, g);
    YearGridStyle gridStyle = m_style;
    gridStyle.background = QColor(); // the page is painted already
    m_grid.paint(painter, g.grid, m_sheet.grid, gridStyle);
    paintLegend(painter, g);
    paintDistribution(painter, g);
    painter.setPen(m_style.mutedText);
    painter.setFont(font(15));
    painter.drawText(g.footer, Qt::AlignLeft | Qt::AlignVCenter, tr("Moodboard"));
    const int total = m_sheet.moodCount();
    const int good = m_sheet.moodsAtLevel(5) + m_sheet.moodsAtLevel(4);
    if (total > 0) {
        painter.drawText(g.footer, Qt::AlignRight | Qt::AlignVCenter,
                         tr("%1% of your moods were good or very good").arg(qRound(100.0 * good / total)));
    } else {
        painter.drawText(g.footer, Qt::AlignRight | Qt::AlignVCenter, tr("No moods recorded in this year"));
    }
    painter.restore();
}

QImage BoardRenderer::image(qreal devicePixelRatio)
{
    const QSize size = (kPageSize * devicePixelRatio).toSize();
    QImage out(size, QImage::Format_ARGB32_Premultiplied);
    out.setDevicePixelRatio(devicePixelRatio);
    out.fill(m_style.background);
    QPainter painter(&out);
    paint(painter);
    painter.end();
    return out.convertToFormat(QImage::Format_RGB32);
}

QByteArray BoardRenderer::png(qreal devicePixelRatio)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImage picture = image(devicePixelRatio);
    picture.setText(u"Title"_s, title());
    picture.setText(u"Software"_s, u"Moodboard"_s);
    if (!picture.save(&buffer, "PNG"))
        return {};
    return buffer.data();
}

QByteArray BoardRenderer::pdf()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(title());
        writer.setCreator(u"Moodboard"_s);
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF()));
        QPainter painter;
        if (!painter.begin(&writer))
            return {};
        const double scale = std::min(writer.width() / kPageSize.width(), writer.height() / kPageSize.height());
        painter.translate((writer.width() - kPageSize.width() * scale) / 2,
                          (writer.height() - kPageSize.height() * scale) / 2);
        painter.scale(scale, scale);
        paint(painter);
        painter.end();
    }
    return buffer.data();
}

} // namespace mood::render
