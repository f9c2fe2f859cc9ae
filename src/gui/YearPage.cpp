#include "YearPage.h"

#include "Backend.h"
#include "DayDialog.h"
#include "Deliver.h"
#include "ErrorText.h"
#include "MoodSwatch.h"
#include "MoodText.h"
#include "YearGridWidget.h"
#include "ui_YearPage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace mood::gui {

using namespace Qt::StringLiterals;

namespace {
constexpr int kFirstYear = 1970;
} // namespace

YearPage::YearPage(client::Backend& backend, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::YearPage>())
    , m_backend(backend)
{
    m_ui->setupUi(this);
    // Arrows drawn by the style in the palette's colours, as tall as the year next to them.
    m_ui->previousYearButton->setArrowType(Qt::LeftArrow);
    m_ui->nextYearButton->setArrowType(Qt::RightArrow);
    QFont yearFont = m_ui->yearCombo->font();
    yearFont.setPointSizeF(yearFont.pointSizeF() * 1.25);
    yearFont.setBold(true);
    m_ui->yearCombo->setFont(yearFont);
    const int side = m_ui->yearCombo->sizeHint().height();
    m_ui->previousYearButton->setFixedSize(side, side);
    m_ui->nextYearButton->setFixedSize(side, side);
    m_ui->hintLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->previousYearButton->setEnabled(false);
    m_ui->nextYearButton->setEnabled(false);
    buildLegend();
    setFocusProxy(m_ui->yearGrid); // arrow keys move the day at once

    connect(m_ui->previousYearButton, &QToolButton::clicked, this, [this] { showYear(year() - 1); });
    connect(m_ui->nextYearButton, &QToolButton::clicked, this, [this] { showYear(year() + 1); });
    connect(m_ui->yearCombo, &QComboBox::activated, this,
            [this](int index) { showYear(m_ui->yearCombo->itemData(index).toInt()); });
    connect(m_ui->yearGrid, &YearGridWidget::dayActivated, this, &YearPage::openDay);
    connect(m_ui->yearGrid, &YearGridWidget::yearStepRequested, this, [this](int step) {
        const int target = year() + step;
        if (target >= kFirstYear && (!m_shown.today.isValid() || target <= m_shown.today.year()))
            showYear(target);
    });
}

YearPage::~YearPage() = default;

DayDialog* YearPage::dayDialog() const
{
    return m_dayDialog;
}

YearGridWidget* YearPage::grid() const
{
    return m_ui->yearGrid;
}

void YearPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    reload();
}

void YearPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        buildLegend();
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && isVisible())
        reload();
    QWidget::changeEvent(event);
}

void YearPage::setMoodPalette(const render::MoodPalette& palette)
{
    m_palette = palette;
    m_ui->yearGrid->setMoodPalette(palette);
    buildLegend();
    if (m_dayDialog)
        m_dayDialog->setMoodPalette(palette);
}

void YearPage::reload()
{
    showYear(m_wanted);
}

void YearPage::showYear(int year)
{
    m_wanted = year;
    const quint64 request = ++m_request;
    client::deliver(m_backend.board(year), this, [this, request](const client::Result<client::Board>& result) {
        if (request != m_request)
            return; // the user has moved on to another year
        if (!result) {
            emit statusMessage(ErrorText::describe(result.error(), ErrorText::Action::Load));
            return;
        }
        display(*result);
    });
}

void YearPage::display(const client::Board& board)
{
    m_shown = board;
    m_wanted = board.year;
    m_ui->yearGrid->setBoard(board, m_backend.session().timeZone);
    fillYearCombo();
    m_ui->previousYearButton->setEnabled(board.year > kFirstYear);
    m_ui->nextYearButton->setEnabled(board.today.isValid() && board.year < board.today.year());
    m_ui->yearSummaryLabel->setText(
        tr("%n day(s) with moods in %1", "", static_cast<int>(board.days.size())).arg(board.year));
    m_ui->hintLabel->setText(tr("Click a day, or move to it with the arrow keys and press Enter, to see its moods "
                                "and notes. Missed days can be filled in up to %n day(s) back.",
                                "", board.backfillDays));
    updateDayDialog();
    emit loaded(board.year);
}

void YearPage::fillYearCombo()
{
    QList<int> years = m_shown.yearsWithData;
    if (m_shown.today.isValid() && !years.contains(m_shown.today.year()))
        years.append(m_shown.today.year());
    if (!years.contains(m_shown.year))
        years.append(m_shown.year);
    std::sort(years.begin(), years.end(), std::greater<int>());
    QSignalBlocker block(m_ui->yearCombo);
    m_ui->yearCombo->clear();
    for (int y : std::as_const(years)) {
        m_ui->yearCombo->addItem(QString::number(y), y);
        if (!m_shown.yearsWithData.contains(y))
            m_ui->yearCombo->setItemData(m_ui->yearCombo->count() - 1, tr("No moods in this year"), Qt::ToolTipRole);
    }
    m_ui->yearCombo->setCurrentIndex(m_ui->yearCombo->findData(m_shown.year));
}

void YearPage::buildLegend()
{
    QWidget* legend = m_ui->legend;
    qDeleteAll(legend->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    delete legend->layout();
    auto* layout = new QHBoxLayout(legend);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    const int side = fontMetrics().height();
    const auto addEntry = [&](const QIcon& icon, const QString& text, const QString& tip) {
        auto* swatch = new QLabel(legend);
        swatch->setPixmap(icon.pixmap(QSize(side, side)));
        auto* label = new QLabel(text, legend);
        label->setToolTip(tip);
        swatch->setToolTip(tip);
        layout->addWidget(swatch);
        layout->addWidget(label);
        layout->addSpacing(side / 2);
    };
    for (int level = 5; level >= 1; --level) {
        QList<Mood> moods;
        for (Mood mood : allMoods()) {
            if (moodLevel(mood) == level)
                moods.append(mood);
        }
        addEntry(MoodSwatch::levelIcon(level, m_palette, palette()), MoodText::levelName(level),
                 MoodText::names(moods));
    }
    addEntry(MoodSwatch::levelIcon(0, m_palette, palette()), MoodText::levelName(0), tr("A day without a mood"));
    layout->addStretch();
}

void YearPage::openDay(const QDate& date)
{
    if (m_dayDialog && m_dayDialog->date() != date) {
        m_dayDialog->close(); // deletes itself later
        m_dayDialog = nullptr;
    }
    if (!m_dayDialog) {
        m_dayDialog = new DayDialog(m_backend, date, this);
        m_dayDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_dayDialog->setMoodPalette(m_palette);
        connect(m_dayDialog, &DayDialog::changed, this, [this] {
            reload();
            emit moodsChanged();
        });
    }
    updateDayDialog();
    m_dayDialog->open();
}

void YearPage::updateDayDialog()
{
    if (!m_dayDialog || m_dayDialog->date().year() != m_shown.year)
        return;
    m_dayDialog->setDay(m_ui->yearGrid->day(m_dayDialog->date()), m_shown.today, m_shown.backfillDays,
                        m_backend.session().timeZone);
}

} // namespace mood::gui
