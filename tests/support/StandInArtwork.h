#pragma once

#include "BoardArtwork.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>

namespace mood::test {

// BOUNDARY STAND-IN, not the product's board: the year-grid painter (src/render) is written on another
// branch and the lead plugs it in behind yearend::BoardArtwork. This one paints a plain 12 x 31 grid with
// QPainter, so the tests mail real, decodable PNG and PDF bytes (a QGuiApplication must exist).
class StandInArtwork final : public yearend::BoardArtwork
{
public:
    static constexpr int kCell = 8;

    Result<QByteArray> png(const yearend::YearReport& report) const override
    {
        ++pngCalls;
        if (failing)
            return Error{ErrorKind::Storage, QStringLiteral("the stand-in was told to fail")};
        QImage image(31 * kCell, 12 * kCell, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        paint(painter, report);
        painter.end();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return buffer.data();
    }

    Result<QByteArray> pdf(const yearend::YearReport& report) const override
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        {
            QPdfWriter writer(&buffer);
            writer.setTitle(QStringLiteral("Moodboard %1 (stand-in)").arg(report.year));
            QPainter painter(&writer);
            painter.drawText(QPointF(0, 200), QStringLiteral("%1, %2").arg(report.user.username).arg(report.year));
            painter.scale(20, 20);
            painter.translate(0, 20);
            paint(painter, report);
        }
        return buffer.data();
    }

    static QColor colour(int level)
    {
        static const QColor colours[] = {Qt::red, QColor(255, 140, 0), Qt::yellow, Qt::green, Qt::blue};
        return colours[level - 1];
    }

    mutable int pngCalls = 0;
    bool failing = false;

private:
    static void paint(QPainter& painter, const yearend::YearReport& report)
    {
        for (const BoardDay& day : report.days) {
            painter.fillRect((day.date.day() - 1) * kCell, (day.date.month() - 1) * kCell, kCell, kCell,
                             colour(day.level));
        }
    }
};

} // namespace mood::test
