#pragma once

#include <QPlainTextEdit>
#include <QPointer>

class QLabel;

namespace mood::gui {

// The optional note of a mood: plain text of at most 280 characters, with a counter label that says how many
// are used. Longer text (typed or pasted) is cut at the limit, so nothing is refused later.
class NoteEdit final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NoteEdit)

public:
    static constexpr int kMaxLength = 280;

    explicit NoteEdit(QWidget* parent = nullptr);

    void setCounterLabel(QLabel* label);
    QString note() const; // trimmed
    QSize sizeHint() const override;

private:
    void enforceLimit();
    void updateCounter();

    QPointer<QLabel> m_counter;
};

} // namespace mood::gui
