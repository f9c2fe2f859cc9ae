#include "DayDialog.h"

#include "Backend.h"
#include "Deliver.h"
#include "EntryListView.h"
#include "ErrorText.h"
#include "MessageColours.h"
#include "MoodText.h"
#include "ui_DayDialog.h"

#include <QPushButton>
#include <QTimeZone>

namespace mood::gui {

using namespace Qt::StringLiterals;

DayDialog::DayDialog(client::Backend& backend, const QDate& date, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::DayDialog>())
    , m_backend(backend)
    , m_entries(new EntryListView(backend, this))
    , m_date(date)
{
    m_ui->setupUi(this);
    setWindowTitle(QLocale().toString(date, QLocale::LongFormat));
    m_ui->entriesLayout->addWidget(m_entries);
    m_entries->setAccessibleListName(tr("Moods of this day"));
    m_entries->setEmptyText(tr("No mood on this day."));
    m_ui->moodChoices->setButtonSize(MoodChoices::Size::Compact);
    m_ui->moodChoices->enableNumberKeys(this);
    m_ui->noteEdit->setCounterLabel(m_ui->noteCounter);
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 1.3);
    title.setBold(true);
    m_ui->titleLabel->setFont(title);
    m_ui->titleLabel->setText(QLocale().toString(date, QLocale::LongFormat));
    m_ui->ruleLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->messageLabel->setVisible(false);
    MessageColours::markNegative(m_ui->messageLabel);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->moodChoices, &MoodChoices::picked, this, &DayDialog::add);
    connect(m_entries, &EntryListView::changed, this, &DayDialog::changed);
    connect(m_entries, &EntryListView::failed, this, [this](const QString& message) {
        m_ui->messageLabel->setText(message);
        m_ui->messageLabel->setVisible(true);
    });
    setDay(std::nullopt, QDate(), 0, {});
}

DayDialog::~DayDialog() = default;

void DayDialog::setMoodPalette(const render::MoodPalette& palette)
{
    m_ui->moodChoices->setMoodPalette(palette);
    m_entries->setMoodPalette(palette);
}

void DayDialog::setDay(const std::optional<client::BoardDay>& day, const QDate& today, int backfillDays,
                       const QByteArray& zone)
{
    m_today = today;
    m_zone = zone;
    const QList<client::Entry> entries = day ? day->entries : QList<client::Entry>();
    const bool isToday = today.isValid() && m_date == today;
    const bool future = today.isValid() && m_date > today;
    const bool inWindow = today.isValid() && !future && m_date.daysTo(today) <= backfillDays;
    const bool full = entries.size() >= 2;
    m_canAdd = inWindow && !full;
    m_entries->setEntries(entries, isToday, zone);

    QString rule;
    if (!today.isValid())
        rule = tr("Loading\u2026");
    else if (future)
        rule = tr("This day is still to come.");
    else if (isToday)
        rule = full ? tr("Today has its two moods: change or remove one to record another.") : QString();
    else if (full)
        rule = tr("Past days are read-only. This day has its two moods.");
    else if (inWindow)
        rule = tr("Past days are read-only, but a missed day can still be filled in up to %n day(s) back.", "",
                  backfillDays);
    else
        rule = tr("Past days are read-only. Missed days can be filled in only up to %n day(s) back.", "", backfillDays);
    m_ui->ruleLabel->setText(rule);
    m_ui->ruleLabel->setVisible(!rule.isEmpty());
    m_ui->addBox->setVisible(m_canAdd);
    m_ui->moodChoices->setEnabled(m_canAdd && !m_adding);
    adjustSize();
}

void DayDialog::add(Mood mood)
{
    if (!m_canAdd || m_adding)
        return;
    m_adding = true;
    m_ui->moodChoices->setEnabled(false);
    // Today: now. A missed day: its noon, in the user's time zone, so the core files it under that day.
    std::optional<qint64> at;
    if (m_date != m_today)
        at = QDateTime(m_date, QTime(12, 0), QTimeZone(m_zone.isEmpty() ? "UTC" : m_zone)).toSecsSinceEpoch();
    client::deliver(m_backend.record(mood, at, m_ui->noteEdit->note()), this,
                    [this](const client::Result<client::Summary>& result) {
                        m_adding = false;
                        m_ui->moodChoices->setEnabled(m_canAdd);
                        if (!result) {
                            m_ui->messageLabel->setText(
                                ErrorText::describe(result.error(), ErrorText::Action::RecordDay));
                            m_ui->messageLabel->setVisible(true);
                        } else {
                            m_ui->messageLabel->setVisible(false);
                            m_ui->noteEdit->clear();
                        }
                        emit changed();
                    });
}

} // namespace mood::gui
