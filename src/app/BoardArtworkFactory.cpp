#include "BoardArtworkFactory.h"

#include <QBuffer>
#include <QImage>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>

namespace mood::app {

using namespace Qt::StringLiterals;

namespace {
// INTERIM: replaced by the year-grid painter of src/render when it lands (see the year-end report).
class InterimBoardArtwork final : public yearend::BoardArtwork
{
public:
    Result<QByteArray> png(const yearend::YearReport& report) const override
    {
        QImage image(kColumns * kPitch + kGap, 12 * kPitch + kGap, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        paint(painter, report);
        painter.end();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            return Error{ErrorKind::Storage, u"the board image could not be written as PNG"_s};
        return buffer.data();
    }

    Result<QByteArray> pdf(const yearend::YearReport& report) const override
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter writer(&buffer);
        writer.setTitle(u"Moodboard %1"_s.arg(report.year));
        writer.setCreator(u"Moodboard"_s);
        writer.setPageOrientation(QPageLayout::Landscape);
        QPainter painter;
        if (!painter.begin(&writer))
            return Error{ErrorKind::Storage, u"the board PDF could not be started"_s};
        const QRect page = painter.viewport();
        const qreal scale =
            std::min(page.width() / qreal(kColumns * kPitch + kGap), page.height() / qreal(12 * kPitch + kGap));
        painter.scale(scale, scale);
        paint(painter, report);
        painter.end();
        return buffer.data();
    }

private:
    static constexpr int kColumns = 31;
    static constexpr int kCell = 14;
    static constexpr int kGap = 2;
    static constexpr int kPitch = kCell + kGap;

    static QColor colour(int level)
    {
        static const QColor colours[] = {QColor(0xd6, 0x45, 0x41), QColor(0xf2, 0x8c, 0x28), QColor(0xf2, 0xc5, 0x00),
                                         QColor(0x4c, 0xaf, 0x50), QColor(0x2b, 0x7b, 0xba)};
        return level >= 1 && level <= 5 ? colours[level - 1] : QColor(0xe8, 0xe8, 0xe8);
    }

    static void paint(QPainter& painter, const yearend::YearReport& report)
    {
        QHash<QDate, int> levels;
        for (const BoardDay& day : report.days)
            levels.insert(day.date, day.level);
        for (int month = 1; month <= 12; ++month) {
            const int days = QDate(report.year, month, 1).daysInMonth();
            for (int day = 1; day <= days; ++day) {
                const QRect cell(kGap + (day - 1) * kPitch, kGap + (month - 1) * kPitch, kCell, kCell);
                painter.fillRect(cell, colour(levels.value(QDate(report.year, month, day))));
            }
        }
    }
};
} // namespace

std::unique_ptr<yearend::BoardArtwork> makeBoardArtwork()
{
    return std::make_unique<InterimBoardArtwork>();
}

} // namespace mood::app
