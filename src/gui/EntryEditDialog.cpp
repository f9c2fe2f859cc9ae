#include "EntryEditDialog.h"

#include "MoodSwatch.h"
#include "MoodText.h"
#include "ui_EntryEditDialog.h"

#include <algorithm>

namespace mood::gui {

EntryEditDialog::EntryEditDialog(const client::Entry& entry, const render::MoodPalette& palette, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::EntryEditDialog>())
{
    m_ui->setupUi(this);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // All eight moods, from the best level down, so that a correction can be finer than the panel's five.
    QList<Mood> moods = allMoods();
    std::stable_sort(moods.begin(), moods.end(), [](Mood a, Mood b) { return moodLevel(a) > moodLevel(b); });
    for (Mood mood : std::as_const(moods))
        m_ui->moodCombo->addItem(MoodSwatch::icon(mood, palette), MoodText::name(mood), static_cast<int>(mood));
    m_ui->moodCombo->setCurrentIndex(m_ui->moodCombo->findData(static_cast<int>(entry.mood)));
    m_ui->noteEdit->setCounterLabel(m_ui->noteCounter);
    m_ui->noteEdit->setPlainText(entry.note);
    m_ui->moodCombo->setFocus();
}

EntryEditDialog::~EntryEditDialog() = default;

Mood EntryEditDialog::mood() const
{
    return static_cast<Mood>(m_ui->moodCombo->currentData().toInt());
}

QString EntryEditDialog::note() const
{
    return m_ui->noteEdit->note();
}

} // namespace mood::gui
