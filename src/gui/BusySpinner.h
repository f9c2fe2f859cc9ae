#pragma once

#include <QTimer>
#include <QWidget>

namespace mood::gui {

// A small spinning arc that shows a call is in flight; it takes no time while stopped or hidden.
class BusySpinner final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BusySpinner)

public:
    explicit BusySpinner(QWidget* parent = nullptr);

    void setRunning(bool running);
    bool isRunning() const { return m_running; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QTimer m_timer;
    int m_angle = 0;
    bool m_running = false;
};

} // namespace mood::gui
