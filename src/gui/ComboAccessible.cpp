#include "ComboAccessible.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QLineEdit>

namespace mood::gui {

namespace {
QAccessibleInterface* factory(const QString&, QObject* object)
{
    if (auto* combo = qobject_cast<QComboBox*>(object); combo && object->isWidgetType())
        return new ComboAccessible(combo);
    return nullptr;
}
} // namespace

ComboAccessible::ComboAccessible(QComboBox* combo)
    : QAccessibleWidget(combo, QAccessible::ComboBox)
{
}

void ComboAccessible::installFactory()
{
    static const bool installed = [] {
        QAccessible::installFactory(factory);
        return true;
    }();
    Q_UNUSED(installed);
}

QComboBox* ComboAccessible::combo() const
{
    return qobject_cast<QComboBox*>(object());
}

QString ComboAccessible::text(QAccessible::Text t) const
{
    const QComboBox* box = combo();
    if (!box)
        return {};
    switch (t) {
    case QAccessible::Name:
        return box->accessibleName().isEmpty() ? box->currentText() : box->accessibleName();
    case QAccessible::Value:
        return box->isEditable() && box->lineEdit() ? box->lineEdit()->text() : box->currentText();
    default:
        return QAccessibleWidget::text(t);
    }
}

QAccessible::State ComboAccessible::state() const
{
    QAccessible::State s = QAccessibleWidget::state();
    s.expandable = true;
    if (const QComboBox* box = combo()) {
        s.editable = box->isEditable();
        s.expanded = box->view() && box->view()->isVisible();
    }
    return s;
}

int ComboAccessible::childCount() const
{
    const QComboBox* box = combo();
    if (!box)
        return 0;
    return box->isEditable() && box->lineEdit() ? 2 : 1; // the popup list, and the text field when editable
}

QAccessibleInterface* ComboAccessible::child(int index) const
{
    const QComboBox* box = combo();
    if (!box)
        return nullptr;
    if (index == 0)
        return QAccessible::queryAccessibleInterface(box->view());
    if (index == 1 && box->isEditable() && box->lineEdit())
        return QAccessible::queryAccessibleInterface(box->lineEdit());
    return nullptr;
}

int ComboAccessible::indexOfChild(const QAccessibleInterface* child) const
{
    const QComboBox* box = combo();
    if (!box || !child)
        return -1;
    if (child->object() == box->view())
        return 0;
    if (box->lineEdit() && child->object() == box->lineEdit())
        return 1;
    return -1;
}

QStringList ComboAccessible::actionNames() const
{
    return {showMenuAction(), pressAction()};
}

void ComboAccessible::doAction(const QString& action)
{
    QComboBox* box = combo();
    if (!box)
        return;
    if (action == showMenuAction() || action == pressAction()) {
        if (box->view() && box->view()->isVisible())
            box->hidePopup();
        else
            box->showPopup();
    }
}

QStringList ComboAccessible::keyBindingsForAction(const QString&) const
{
    return {};
}

} // namespace mood::gui
