#include "YearGridWidget.h"

#include "EntryListView.h"
#include "MoodText.h"
#include "YearGridAccessible.h"

#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

namespace mood::gui {

using namespace Qt::StringLiterals;

YearGridWidget::YearGridWidget(QWidget* parent)
    : QWidget(parent)
{
    YearGridAccessible::installFactory();
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    // As wide as the page, as tall as that width needs: the legend sits right below the grid.
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

YearGridWidget::~YearGridWidget() = default;

void YearGridWidget::setBoard(const client::Board& board, const QByteArray& zone)
{
    const bool newYear = board.year != m_content.year;
    QHash<QDate, client::BoardDay> days;
    for (const client::BoardDay& day : board.days)
        days.insert(day.date, day);
    // Same year: screen readers hear about the days whose names change (a mood added, changed, removed).
    QHash<QDate, QString> namesBefore;
    if (!newYear) {
        for (const QDate& date : m_days.keys() + days.keys())
            namesBefore.insert(date, accessibleDayName(date));
    }

    m_days = std::move(days);
    m_zone = zone;
    m_content = render::YearGridContent{};
    m_content.year = board.year;
    m_content.today = board.today;
    for (const client::BoardDay& day : board.days)
        m_content.setLevel(day.date, day.level);
    if (newYear) {
        m_layoutDirty = true;
        const QDate sameDay(board.year, m_focus.isValid() ? m_focus.month() : 1, m_focus.isValid() ? m_focus.day() : 1);
        m_focus =
            board.today.year() == board.year ? board.today : (sameDay.isValid() ? sameDay : QDate(board.year, 1, 1));
        emit focusDateChanged(m_focus);
    }
    m_content.focus = m_focus;
    QList<QDate> changed;
    for (auto it = namesBefore.cbegin(); it != namesBefore.cend(); ++it) {
        if (accessibleDayName(it.key()) != it.value())
            changed.append(it.key());
    }
    if (m_accessible) {
        if (newYear)
            m_accessible->resetCells();
        else
            m_accessible->cellsChanged(changed);
    }
    update();
}

void YearGridWidget::setMoodPalette(const render::MoodPalette& palette)
{
    m_palette = palette;
    update();
}

void YearGridWidget::setFocusDate(const QDate& date)
{
    if (!date.isValid() || date.year() != m_content.year || date == m_focus)
        return;
    const QRect before = cellRect(m_focus);
    m_focus = date;
    m_content.focus = date;
    const int margin = qCeil(layout().cellSize() * 0.3) + 3;
    update(before.adjusted(-margin, -margin, margin, margin));
    update(cellRect(date).adjusted(-margin, -margin, margin, margin));
    if (m_accessible && hasFocus())
        m_accessible->focusMoved(date);
    emit focusDateChanged(date);
}

std::optional<client::BoardDay> YearGridWidget::day(const QDate& date) const
{
    const auto it = m_days.constFind(date);
    if (it == m_days.cend())
        return std::nullopt;
    return *it;
}

QString YearGridWidget::accessibleDayName(const QDate& date) const
{
    if (!date.isValid() || date.year() != m_content.year)
        return {};
    const QString iso = date.toString(Qt::ISODate);
    const auto found = day(date);
    if (!found || found->entries.isEmpty())
        return tr("%1: no mood", "ISO date").arg(iso);
    QList<Mood> moods;
    for (const client::Entry& entry : found->entries)
        moods.append(entry.mood);
    return tr("%1: %2", "ISO date, mood names").arg(iso, MoodText::names(moods));
}

QString YearGridWidget::dayDescription(const QDate& date) const
{
    QStringList lines{QLocale().toString(date, QLocale::LongFormat)};
    const auto found = day(date);
    if (!found || found->entries.isEmpty()) {
        lines.append(date > m_content.today && m_content.today.isValid() ? tr("Still to come") : tr("No mood"));
    } else {
        for (const client::Entry& entry : found->entries)
            lines.append(EntryListView::describe(entry, m_zone));
    }
    return lines.join(u'\n');
}

const render::YearGridLayout& YearGridWidget::layout() const
{
    if (m_layoutDirty) {
        const int m = margin();
        m_layout = render::YearGridLayout(m_content.year, QRectF(rect()).adjusted(m, m, -m, -m), font(), locale(),
                                          Qt::AlignHCenter | Qt::AlignTop);
        m_layoutDirty = false;
    }
    return m_layout;
}

QRect YearGridWidget::cellRect(const QDate& date) const
{
    return layout().cellRect(date).toAlignedRect();
}

QDate YearGridWidget::dateAt(const QPoint& position) const
{
    return layout().dateAt(position);
}

void YearGridWidget::activate(const QDate& date)
{
    if (!date.isValid() || date.year() != m_content.year)
        return;
    setFocusDate(date);
    emit dayActivated(date);
}

QSize YearGridWidget::sizeHint() const
{
    const QSizeF minimum = render::YearGridLayout::minimumSize(font(), locale(), fontMetrics().height() * 1.6);
    return minimum.toSize() + QSize(fontMetrics().height(), fontMetrics().height());
}

int YearGridWidget::heightForWidth(int width) const
{
    return qCeil(render::YearGridLayout::heightForWidth(width - 2 * margin(), font(), locale())) + 2 * margin();
}

QSize YearGridWidget::minimumSizeHint() const
{
    const QSizeF minimum = render::YearGridLayout::minimumSize(font(), locale(), fontMetrics().height() * 0.9);
    return minimum.toSize() + QSize(fontMetrics().height(), fontMetrics().height());
}

void YearGridWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    render::YearGridStyle style = render::YearGridStyle::fromPalette(palette(), m_palette);
    style.background = QColor(); // the page's own background shows through
    render::YearGridContent content = m_content;
    if (!hasFocus())
        content.focus = QDate();
    m_painter.paint(painter, layout(), content, style);
}

void YearGridWidget::resizeEvent(QResizeEvent* event)
{
    m_layoutDirty = true;
    QWidget::resizeEvent(event);
}

void YearGridWidget::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LocaleChange)
        m_layoutDirty = true;
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LocaleChange
        || event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        update();
    QWidget::changeEvent(event);
}

void YearGridWidget::focusInEvent(QFocusEvent* event)
{
    QWidget::focusInEvent(event);
    if (m_accessible)
        m_accessible->focusMoved(m_focus);
    update();
}

void YearGridWidget::focusOutEvent(QFocusEvent* event)
{
    QWidget::focusOutEvent(event);
    update();
}

void YearGridWidget::mousePressEvent(QMouseEvent* event)
{
    m_pressed = event->button() == Qt::LeftButton ? dateAt(event->position().toPoint()) : QDate();
    if (m_pressed.isValid())
        setFocusDate(m_pressed);
    QWidget::mousePressEvent(event);
}

void YearGridWidget::mouseReleaseEvent(QMouseEvent* event)
{
    const QDate released = event->button() == Qt::LeftButton ? dateAt(event->position().toPoint()) : QDate();
    if (released.isValid() && released == m_pressed)
        activate(released);
    m_pressed = QDate();
    QWidget::mouseReleaseEvent(event);
}

QDate YearGridWidget::moved(const QDate& from, int key, Qt::KeyboardModifiers modifiers) const
{
    const int year = m_content.year;
    const auto clampedDay = [year](int month, int day) {
        return QDate(year, month, std::min(day, QDate(year, month, 1).daysInMonth()));
    };
    switch (key) {
    case Qt::Key_Left:
        return from.addDays(-1);
    case Qt::Key_Right:
        return from.addDays(1);
    case Qt::Key_Up:
        return from.month() > 1 ? clampedDay(from.month() - 1, from.day()) : from;
    case Qt::Key_Down:
        return from.month() < 12 ? clampedDay(from.month() + 1, from.day()) : from;
    case Qt::Key_Home:
        return modifiers & Qt::ControlModifier ? QDate(year, 1, 1) : QDate(year, from.month(), 1);
    case Qt::Key_End:
        return modifiers & Qt::ControlModifier ? QDate(year, 12, 31) : clampedDay(from.month(), 31);
    default:
        return from;
    }
}

void YearGridWidget::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_Home:
    case Qt::Key_End: {
        const QDate target = moved(m_focus, event->key(), event->modifiers());
        if (target.year() == m_content.year)
            setFocusDate(target);
        event->accept();
        return;
    }
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        activate(m_focus);
        event->accept();
        return;
    case Qt::Key_PageUp:
        emit yearStepRequested(-1);
        event->accept();
        return;
    case Qt::Key_PageDown:
        emit yearStepRequested(1);
        event->accept();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

bool YearGridWidget::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QDate date = dateAt(help->pos());
        if (date.isValid())
            QToolTip::showText(help->globalPos(), dayDescription(date), this, cellRect(date));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace mood::gui
