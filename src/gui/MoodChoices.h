#pragma once

#include "Mood.h"
#include "MoodPalette.h"

#include <QList>
#include <QWidget>

class QToolButton;

namespace mood::gui {

// The five mood choices of the entry panel (one per level, Cheerful .. Gloomy) as large swatch buttons.
// Picking one emits picked(); with shortcuts on, keys 1..5 pick them too.
class MoodChoices final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MoodChoices)

public:
    enum class Size { Large, Compact };
    explicit MoodChoices(QWidget* parent = nullptr);

    void setButtonSize(Size size);
    void setMoodPalette(const render::MoodPalette& palette);
    void enableNumberKeys(QWidget* scope); // 1..5 while focus is anywhere in scope (except text fields)
    QToolButton* button(Mood mood) const;

signals:
    void picked(mood::Mood mood);

private:
    void relayoutButtons();

    QList<QToolButton*> m_buttons; // in panel order
    Size m_size = Size::Large;
};

} // namespace mood::gui
