#include "NoteEdit.h"

#include <QLabel>

namespace mood::gui {

NoteEdit::NoteEdit(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(this, &QPlainTextEdit::textChanged, this, &NoteEdit::enforceLimit);
}

void NoteEdit::setCounterLabel(QLabel* label)
{
    m_counter = label;
    updateCounter();
}

QString NoteEdit::note() const
{
    return toPlainText().trimmed();
}

QSize NoteEdit::sizeHint() const
{
    // Three lines of text: enough for a sentence or two without taking the page.
    const int lines = 3;
    const int height = fontMetrics().lineSpacing() * lines + 2 * (frameWidth() + qRound(document()->documentMargin()));
    return QSize(QPlainTextEdit::sizeHint().width(), height);
}

void NoteEdit::enforceLimit()
{
    const QString text = toPlainText();
    if (text.size() > kMaxLength) {
        QTextCursor cursor = textCursor();
        const int position = std::min(cursor.position(), kMaxLength);
        QSignalBlocker block(this);
        setPlainText(text.left(kMaxLength));
        cursor = textCursor();
        cursor.setPosition(position);
        setTextCursor(cursor);
    }
    updateCounter();
}

void NoteEdit::updateCounter()
{
    if (!m_counter)
        return;
    const int used = static_cast<int>(std::min<qsizetype>(toPlainText().size(), kMaxLength));
    m_counter->setText(tr("%1/%2").arg(used).arg(kMaxLength));
    m_counter->setAccessibleDescription(tr("Characters used in the note"));
}

} // namespace mood::gui
