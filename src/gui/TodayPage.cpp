#include "TodayPage.h"

#include "Backend.h"
#include "Deliver.h"
#include "EntryListView.h"
#include "ErrorText.h"
#include "MessageColours.h"
#include "MoodText.h"
#include "ui_TodayPage.h"

#include <QApplication>
#include <QTimeZone>
#include <QToolButton>

namespace mood::gui {

using namespace Qt::StringLiterals;

namespace {
// Today's entries are among the newest few; this many cover them even with a back-filled day in between.
constexpr int kRecentEntries = 8;
} // namespace

TodayPage::TodayPage(client::Backend& backend, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TodayPage>())
    , m_backend(backend)
    , m_entries(new EntryListView(backend, this))
{
    m_ui->setupUi(this);
    m_ui->entriesLayout->insertWidget(0, m_entries);
    m_entries->setAccessibleListName(tr("Today's entries"));
    m_entries->setEmptyText(tr("No moods yet \u2014 pick how you feel above"));
    m_ui->noteEdit->setCounterLabel(m_ui->noteCounter);
    m_ui->moodChoices->enableNumberKeys(this);
    setFocusProxy(m_ui->moodChoices->button(Mood::Cheerful)); // keys 1-5 work as soon as the page shows
    MessageColours::markNegative(m_ui->messageLabel);
    m_ui->dayFullLabel->setVisible(false);
    m_ui->percentileLabel->setVisible(false);
    m_ui->streakHintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->dayFullLabel->setForegroundRole(QPalette::PlaceholderText);
    applyFonts();
    display(client::Summary{});

    connect(m_ui->moodChoices, &MoodChoices::picked, this, &TodayPage::record);
    connect(m_entries, &EntryListView::changed, this, [this] {
        refresh();
        emit moodsChanged();
    });
    connect(m_entries, &EntryListView::failed, this, &TodayPage::showError);
    connect(m_entries, &EntryListView::statusMessage, this, [this](const QString& message) {
        m_ui->messageLabel->clear();
        emit statusMessage(message);
    });
}

TodayPage::~TodayPage() = default;

void TodayPage::applyFonts()
{
    QFont heading = font();
    heading.setPointSizeF(heading.pointSizeF() * 1.6);
    heading.setBold(true);
    m_ui->headingLabel->setFont(heading);
    QFont streak = font();
    streak.setPointSizeF(streak.pointSizeF() * 1.15);
    m_ui->currentStreakLabel->setFont(streak);
    m_ui->longestStreakLabel->setFont(streak);
}

void TodayPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts();
    // Back at the window after a while (maybe the next morning): show today as it is now.
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && isVisible())
        refresh();
    QWidget::changeEvent(event);
}

void TodayPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
}

void TodayPage::setMoodPalette(const render::MoodPalette& palette)
{
    m_ui->moodChoices->setMoodPalette(palette);
    m_entries->setMoodPalette(palette);
}

void TodayPage::refresh()
{
    client::HistoryRequest recent;
    recent.limit = kRecentEntries;
    client::deliver(m_backend.summary(recent), this, [this](const client::Result<client::Summary>& result) {
        if (result)
            display(*result);
        else
            showError(ErrorText::describe(result.error(), ErrorText::Action::Load));
    });
}

void TodayPage::record(Mood mood)
{
    if (m_recording)
        return;
    setRecording(true);
    const QString note = m_ui->noteEdit->note();
    client::deliver(m_backend.record(mood, std::nullopt, note), this,
                    [this, mood](const client::Result<client::Summary>& result) {
                        setRecording(false);
                        if (!result) {
                            showError(ErrorText::describe(result.error(), ErrorText::Action::RecordToday));
                            refresh(); // show what is stored, whatever the refusal
                            return;
                        }
                        m_ui->messageLabel->clear();
                        m_ui->noteEdit->clear();
                        display(*result);
                        emit statusMessage(tr("Recorded %1 for today.").arg(MoodText::name(mood)));
                        emit moodsChanged();
                    });
}

void TodayPage::setRecording(bool recording)
{
    m_recording = recording;
    // Disabled buttons lose the keyboard focus: give it back afterwards, or the next key 1-5 would be typed
    // into the note.
    if (recording && m_ui->moodChoices->isAncestorOf(QApplication::focusWidget()))
        m_focusBeforeRecording = QApplication::focusWidget();
    m_ui->moodChoices->setEnabled(!recording);
    if (!recording && m_focusBeforeRecording) {
        m_focusBeforeRecording->setFocus();
        m_focusBeforeRecording = nullptr;
    }
}

void TodayPage::showError(const QString& message)
{
    m_ui->messageLabel->setText(message);
}

void TodayPage::display(const client::Summary& summary)
{
    if (summary.today.isValid())
        m_ui->dateLabel->setText(QLocale().toString(summary.today, QLocale::LongFormat));
    QList<client::Entry> today;
    for (const client::Entry& entry : summary.entries) {
        if (entry.day == summary.today)
            today.prepend(entry); // newest first in, oldest first shown
    }
    m_entries->setEntries(today, true, m_backend.session().timeZone);
    m_ui->dayFullLabel->setVisible(today.size() >= 2);

    m_ui->currentStreakLabel->setText(tr("Current streak: %n day(s)", "", summary.currentStreak));
    m_ui->longestStreakLabel->setText(tr("Longest streak: %n day(s)", "", summary.longestStreak));
    if (summary.streakPercentile) {
        m_ui->percentileLabel->setText(
            tr("Your longest streak beats %1% of users").arg(QLocale().toString(*summary.streakPercentile, 'g', 4)));
    }
    m_ui->percentileLabel->setVisible(summary.streakPercentile.has_value());
}

} // namespace mood::gui
