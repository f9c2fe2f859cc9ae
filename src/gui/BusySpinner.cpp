#include "BusySpinner.h"

#include <QPainter>

namespace mood::gui {

BusySpinner::BusySpinner(QWidget* parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Working"));
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_timer.setInterval(50);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_angle = (m_angle + 30) % 360;
        update();
    });
    // Keeps its place in layouts while stopped, so nothing jumps when it starts.
    QSizePolicy policy = sizePolicy();
    policy.setRetainSizeWhenHidden(true);
    setSizePolicy(policy);
    setVisible(false);
}

void BusySpinner::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    setVisible(running);
    if (running)
        m_timer.start();
    else
        m_timer.stop();
}

QSize BusySpinner::sizeHint() const
{
    const int side = fontMetrics().height();
    return QSize(side, side);
}

void BusySpinner::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal pen = std::max(2.0, width() / 8.0);
    const QRectF arc = QRectF(rect()).adjusted(pen, pen, -pen, -pen);
    QColor track = palette().color(QPalette::WindowText);
    track.setAlphaF(0.15f);
    painter.setPen(QPen(track, pen));
    painter.drawEllipse(arc);
    painter.setPen(QPen(palette().color(QPalette::Highlight), pen, Qt::SolidLine, Qt::RoundCap));
    painter.drawArc(arc, -m_angle * 16, 100 * 16);
}

} // namespace mood::gui
