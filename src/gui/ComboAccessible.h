#pragma once

#include <QAccessibleWidget>

class QComboBox;

namespace mood::gui {

// Qt 6.4 names a combo box on Linux after its current text and ignores its accessible name (it counts on a
// label relation instead), so "Year", "Listen address" or "Time zone" would never be found by name. This
// interface keeps the combo's role, value, popup and actions, and answers Name with the accessible name.
class ComboAccessible final : public QAccessibleWidget
{
public:
    explicit ComboAccessible(QComboBox* combo);

    static void installFactory(); // once per process; later calls do nothing

    QString text(QAccessible::Text t) const override;
    QAccessible::State state() const override;
    int childCount() const override;
    QAccessibleInterface* child(int index) const override;
    int indexOfChild(const QAccessibleInterface* child) const override;

    QStringList actionNames() const override;
    void doAction(const QString& action) override;
    QStringList keyBindingsForAction(const QString& action) const override;

private:
    QComboBox* combo() const;
};

} // namespace mood::gui
