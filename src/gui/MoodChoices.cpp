#include "MoodChoices.h"

#include "MoodSwatch.h"
#include "MoodText.h"

#include <QHBoxLayout>
#include <QShortcut>
#include <QToolButton>

namespace mood::gui {

using namespace Qt::StringLiterals;

MoodChoices::MoodChoices(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    int key = 1;
    for (Mood mood : panelMoods()) {
        auto* button = new QToolButton(this);
        button->setObjectName(u"mood_"_s + moodName(mood).toLower());
        button->setText(MoodText::name(mood));
        button->setToolTip(tr("%1 (key %2)").arg(MoodText::name(mood)).arg(key++));
        button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setFocusPolicy(Qt::StrongFocus);
        connect(button, &QToolButton::clicked, this, [this, mood] { emit picked(mood); });
        layout->addWidget(button);
        m_buttons.append(button);
    }
    setMoodPalette(render::MoodPalette::standard());
    relayoutButtons();
}

void MoodChoices::setButtonSize(Size size)
{
    m_size = size;
    relayoutButtons();
}

void MoodChoices::relayoutButtons()
{
    const int icon = fontMetrics().height() * (m_size == Size::Large ? 3 : 2);
    for (QToolButton* button : std::as_const(m_buttons)) {
        button->setIconSize(QSize(icon, icon));
        button->setMinimumWidth(icon + fontMetrics().horizontalAdvance(button->text()) / 2);
    }
}

void MoodChoices::setMoodPalette(const render::MoodPalette& palette)
{
    for (qsizetype i = 0; i < m_buttons.size(); ++i)
        m_buttons[i]->setIcon(MoodSwatch::icon(panelMoods().at(i), palette));
}

void MoodChoices::enableNumberKeys(QWidget* scope)
{
    for (qsizetype i = 0; i < m_buttons.size(); ++i) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::Key_1 + static_cast<int>(i)), scope);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        QToolButton* button = m_buttons[i];
        connect(shortcut, &QShortcut::activated, button, [button] {
            if (button->isEnabled() && button->isVisible())
                button->animateClick();
        });
    }
}

QToolButton* MoodChoices::button(Mood mood) const
{
    const qsizetype index = panelMoods().indexOf(mood);
    return index >= 0 ? m_buttons.at(index) : nullptr;
}

} // namespace mood::gui
