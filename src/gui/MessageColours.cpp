#include "MessageColours.h"

#include <QEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QPalette>

namespace mood::gui {

namespace {
void apply(QLabel* label)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, MessageColours::negativeText(QGuiApplication::palette()));
    label->setPalette(palette);
}

// Re-colours the label when the application palette (light/dark) changes.
class NegativeFilter final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::ApplicationPaletteChange) {
            if (auto* label = qobject_cast<QLabel*>(watched))
                apply(label);
        }
        return QObject::eventFilter(watched, event);
    }
};
} // namespace

QColor MessageColours::negativeText(const QPalette& palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    return dark ? QColor(0xf4, 0x7c, 0x7c) : QColor(0xb4, 0x23, 0x18);
}

void MessageColours::markNegative(QLabel* label)
{
    apply(label);
    label->installEventFilter(new NegativeFilter(label));
}

} // namespace mood::gui
