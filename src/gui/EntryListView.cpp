#include "EntryListView.h"

#include "Backend.h"
#include "Deliver.h"
#include "EntryEditDialog.h"
#include "ErrorText.h"
#include "MoodSwatch.h"
#include "MoodText.h"

#include <QBoxLayout>
#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimeZone>

namespace mood::gui {

using namespace Qt::StringLiterals;

EntryListView::EntryListView(client::Backend& backend, QWidget* parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_stack(new QStackedWidget(this))
    , m_list(new QListWidget(this))
    , m_empty(new QLabel(this))
    , m_change(new QPushButton(tr("Change\u2026"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    m_list->setObjectName(u"entriesList"_s);
    m_list->setIconSize(QSize(fontMetrics().height() * 3 / 2, fontMetrics().height() * 3 / 2));
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(false);
    m_list->setSpacing(2);
    m_empty->setObjectName(u"entriesEmpty"_s);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_change->setObjectName(u"changeButton"_s);
    m_remove->setObjectName(u"removeButton"_s);
    m_stack->addWidget(m_list);
    m_stack->addWidget(m_empty);

    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_change);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack, 1, Qt::AlignTop);
    layout->addLayout(buttons);

    m_list->viewport()->installEventFilter(this);
    connect(m_list, &QListWidget::currentRowChanged, this, &EntryListView::updateButtons);
    connect(m_list, &QListWidget::itemActivated, this, [this] {
        if (m_editable)
            changeCurrent();
    });
    connect(m_change, &QPushButton::clicked, this, &EntryListView::changeCurrent);
    connect(m_remove, &QPushButton::clicked, this, &EntryListView::removeCurrent);
    setEntries({}, false, {});
}

QString EntryListView::shortTime(const QTime& time)
{
    // The locale's short format, without seconds (the C locale's has them).
    QString format = QLocale().timeFormat(QLocale::ShortFormat);
    format.remove(u":ss"_s).remove(u".ss"_s);
    return QLocale().toString(time, format);
}

QString EntryListView::describe(const client::Entry& entry, const QByteArray& zone)
{
    const QDateTime at = QDateTime::fromSecsSinceEpoch(entry.at, QTimeZone(zone.isEmpty() ? "UTC" : zone));
    const QString time = shortTime(at.time());
    const QString head = tr("%1 \u00b7 %2", "mood name, time").arg(MoodText::name(entry.mood), time);
    return entry.note.isEmpty() ? head : tr("%1 \u2014 %2", "entry, its note").arg(head, entry.note);
}

void EntryListView::setEntries(const QList<client::Entry>& entries, bool editable, const QByteArray& zone)
{
    const qint64 selected = current() ? current()->id : 0;
    m_entries = entries;
    m_editable = editable;
    m_zone = zone;
    // Items are updated in place rather than cleared and re-added: screen readers (and Qt 6.4's accessible
    // list, which caches its children) keep pointing at the right rows.
    while (m_list->count() > entries.size())
        delete m_list->takeItem(m_list->count() - 1);
    int row = static_cast<int>(entries.size()) - 1; // the latest, unless the selected one is still there
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QListWidgetItem* item = i < m_list->count() ? m_list->item(static_cast<int>(i)) : new QListWidgetItem(m_list);
        item->setIcon(MoodSwatch::icon(entries[i].mood, m_palette));
        item->setText(describe(entries[i], zone));
        item->setToolTip(item->text());
        if (entries[i].id == selected)
            row = static_cast<int>(i);
    }
    m_list->setCurrentRow(row);
    m_stack->setCurrentWidget(entries.isEmpty() ? static_cast<QWidget*>(m_empty) : m_list);
    fitHeight();
    m_change->setVisible(editable);
    m_remove->setVisible(editable);
    updateButtons();
}

void EntryListView::fitHeight()
{
    // Room for the day's entries (at least two rows, as a day holds two), not a screenful of white.
    const int row = std::max(m_list->iconSize().height(), fontMetrics().lineSpacing()) + 2 * m_list->spacing() + 8;
    int content = 0;
    for (int i = 0; i < m_list->count(); ++i)
        content += std::max(row, m_list->sizeHintForRow(i) + 2 * m_list->spacing());
    const int height = std::clamp(content, 2 * row, 6 * row) + 2 * m_list->frameWidth();
    m_stack->setFixedHeight(height);
}

bool EntryListView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Resize)
        fitHeight(); // long notes wrap differently at another width
    return QWidget::eventFilter(watched, event);
}

void EntryListView::setEmptyText(const QString& text)
{
    m_empty->setText(text);
}

void EntryListView::setMoodPalette(const render::MoodPalette& palette)
{
    m_palette = palette;
    setEntries(m_entries, m_editable, m_zone);
}

void EntryListView::setAccessibleListName(const QString& name)
{
    m_list->setAccessibleName(name);
}

std::optional<client::Entry> EntryListView::current() const
{
    const int row = m_list ? m_list->currentRow() : -1;
    if (row < 0 || row >= m_entries.size())
        return std::nullopt;
    return m_entries.at(row);
}

void EntryListView::updateButtons()
{
    const bool usable = m_editable && !m_busy && current().has_value();
    m_change->setEnabled(usable);
    m_remove->setEnabled(usable);
}

void EntryListView::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void EntryListView::changeCurrent()
{
    const auto entry = current();
    if (!entry || !m_editable || m_busy)
        return;
    auto* dialog = new EntryEditDialog(*entry, m_palette, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id = entry->id] {
        setBusy(true);
        client::deliver(m_backend.correct(id, dialog->mood(), dialog->note()), this,
                        [this](const client::Result<client::Entry>& result) {
                            setBusy(false);
                            if (!result) {
                                emit failed(ErrorText::describe(result.error(), ErrorText::Action::Correct));
                                emit changed(); // show what is stored now
                                return;
                            }
                            emit statusMessage(tr("Changed to %1.").arg(MoodText::name(result->mood)));
                            emit changed();
                        });
    });
    dialog->open();
}

void EntryListView::removeCurrent()
{
    const auto entry = current();
    if (!entry || !m_editable || m_busy)
        return;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Remove this mood?"),
                                tr("Remove \u201c%1\u201d from today?").arg(describe(*entry, m_zone)),
                                QMessageBox::NoButton, this);
    box->setObjectName(u"confirmRemove"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* removeButton = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, removeButton, entry](QAbstractButton* clicked) {
        if (clicked != removeButton)
            return;
        setBusy(true);
        client::deliver(m_backend.remove(entry->id), this, [this, entry](const client::Result<client::Done>& result) {
            setBusy(false);
            if (!result)
                emit failed(ErrorText::describe(result.error(), ErrorText::Action::Remove));
            else
                emit statusMessage(tr("Removed %1.").arg(MoodText::name(entry->mood)));
            emit changed();
        });
    });
    box->open();
}

} // namespace mood::gui
