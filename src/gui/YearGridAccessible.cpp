#include "YearGridAccessible.h"

#include "YearGridWidget.h"

namespace mood::gui {

namespace {
// One day of the grid; it has no QObject of its own, so it answers through the grid.
class DayCellAccessible final
    : public QAccessibleInterface
    , public QAccessibleActionInterface
{
public:
    DayCellAccessible(YearGridWidget* grid, const QDate& date)
        : m_grid(grid)
        , m_date(date)
    {
    }

    bool isValid() const override { return m_grid && m_date.year() == m_grid->year(); }
    QObject* object() const override { return nullptr; }
    QWindow* window() const override { return m_grid ? m_grid->window()->windowHandle() : nullptr; }
    QAccessibleInterface* parent() const override { return QAccessible::queryAccessibleInterface(m_grid.data()); }
    QAccessibleInterface* child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface*) const override { return -1; }
    QAccessibleInterface* childAt(int, int) const override { return nullptr; }
    QAccessibleInterface* focusChild() const override { return nullptr; }

    QString text(QAccessible::Text t) const override
    {
        if (!isValid())
            return {};
        switch (t) {
        case QAccessible::Name:
            return m_grid->accessibleDayName(m_date);
        case QAccessible::Description:
            return m_grid->dayDescription(m_date);
        default:
            return {};
        }
    }
    void setText(QAccessible::Text, const QString&) override { }

    QRect rect() const override
    {
        if (!isValid())
            return {};
        const QRect local = m_grid->cellRect(m_date);
        return QRect(m_grid->mapToGlobal(local.topLeft()), local.size());
    }
    QAccessible::Role role() const override { return QAccessible::Cell; }
    QAccessible::State state() const override
    {
        QAccessible::State state;
        state.focusable = true;
        state.selectable = true;
        if (isValid()) {
            const bool current = m_grid->focusDate() == m_date;
            state.focused = current && m_grid->hasFocus();
            state.selected = current;
            state.invisible = !m_grid->isVisible();
        }
        return state;
    }

    void* interface_cast(QAccessible::InterfaceType type) override
    {
        return type == QAccessible::ActionInterface ? static_cast<QAccessibleActionInterface*>(this) : nullptr;
    }
    QStringList actionNames() const override { return {pressAction(), setFocusAction()}; }
    void doAction(const QString& action) override
    {
        if (!isValid())
            return;
        if (action == pressAction())
            m_grid->activate(m_date);
        else if (action == setFocusAction())
            m_grid->setFocusDate(m_date);
    }
    QStringList keyBindingsForAction(const QString&) const override { return {}; }

private:
    QPointer<YearGridWidget> m_grid;
    QDate m_date;
};

QAccessibleInterface* factory(const QString&, QObject* object)
{
    if (auto* grid = qobject_cast<YearGridWidget*>(object))
        return new YearGridAccessible(grid);
    return nullptr;
}
} // namespace

YearGridAccessible::YearGridAccessible(YearGridWidget* grid)
    : QAccessibleWidget(grid, QAccessible::Table)
{
    grid->m_accessible = this;
}

YearGridAccessible::~YearGridAccessible()
{
    if (YearGridWidget* g = grid(); g && g->m_accessible == this)
        g->m_accessible = nullptr;
    deleteCells();
}

void YearGridAccessible::installFactory()
{
    static const bool installed = [] {
        QAccessible::installFactory(factory);
        return true;
    }();
    Q_UNUSED(installed);
}

YearGridWidget* YearGridAccessible::grid() const
{
    return qobject_cast<YearGridWidget*>(object());
}

QDate YearGridAccessible::dateOf(int index) const
{
    const YearGridWidget* g = grid();
    if (!g || index < 0)
        return {};
    const QDate date = QDate(g->year(), 1, 1).addDays(index);
    return date.year() == g->year() ? date : QDate();
}

int YearGridAccessible::indexOf(const QDate& date) const
{
    const YearGridWidget* g = grid();
    if (!g || !date.isValid() || date.year() != g->year())
        return -1;
    return date.dayOfYear() - 1;
}

int YearGridAccessible::childCount() const
{
    const YearGridWidget* g = grid();
    return g && g->year() > 0 ? QDate(g->year(), 1, 1).daysInYear() : 0;
}

QAccessibleInterface* YearGridAccessible::child(int index) const
{
    if (index < 0 || index >= childCount())
        return nullptr;
    if (m_cells.size() != childCount())
        m_cells.resize(childCount());
    if (m_cells[index] == 0) {
        auto* cell = new DayCellAccessible(grid(), dateOf(index));
        m_cells[index] = QAccessible::registerAccessibleInterface(cell);
    }
    return QAccessible::accessibleInterface(m_cells[index]);
}

int YearGridAccessible::indexOfChild(const QAccessibleInterface* child) const
{
    if (!child)
        return -1;
    const QAccessible::Id id = QAccessible::uniqueId(const_cast<QAccessibleInterface*>(child));
    return static_cast<int>(m_cells.indexOf(id));
}

QAccessibleInterface* YearGridAccessible::childAt(int x, int y) const
{
    const YearGridWidget* g = grid();
    if (!g)
        return nullptr;
    const QDate date = g->dateAt(g->mapFromGlobal(QPoint(x, y)));
    return date.isValid() ? child(indexOf(date)) : nullptr;
}

QAccessibleInterface* YearGridAccessible::focusChild() const
{
    const YearGridWidget* g = grid();
    if (!g || !g->hasFocus())
        return nullptr;
    return child(indexOf(g->focusDate()));
}

void YearGridAccessible::deleteCells()
{
    for (QAccessible::Id id : std::as_const(m_cells)) {
        if (id != 0)
            QAccessible::deleteAccessibleInterface(id);
    }
    m_cells.clear();
}

void YearGridAccessible::resetCells()
{
    deleteCells();
    QAccessibleTableModelChangeEvent reset(object(), QAccessibleTableModelChangeEvent::ModelReset);
    QAccessible::updateAccessibility(&reset);
}

void YearGridAccessible::cellsChanged(const QList<QDate>& dates)
{
    for (const QDate& date : dates) {
        const int index = indexOf(date);
        if (index < 0)
            continue;
        QAccessibleEvent changed(object(), QAccessible::NameChanged);
        changed.setChild(index);
        QAccessible::updateAccessibility(&changed);
    }
}

void YearGridAccessible::focusMoved(const QDate& date)
{
    const int index = indexOf(date);
    if (index < 0)
        return;
    QAccessibleEvent focus(object(), QAccessible::Focus);
    focus.setChild(index);
    QAccessible::updateAccessibility(&focus);
}

} // namespace mood::gui
