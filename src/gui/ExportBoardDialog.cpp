#include "ExportBoardDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace mood::gui {

using namespace Qt::StringLiterals;

ExportBoardDialog::ExportBoardDialog(const QList<int>& years, int year, const QString& folder, const QString& username,
                                     QWidget* parent)
    : QDialog(parent)
    , m_year(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_folder(folder)
    , m_username(username)
{
    setWindowTitle(tr("Export Board"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    m_year->setObjectName(u"yearCombo"_s);
    m_year->setAccessibleName(tr("Year"));
    for (int y : years)
        m_year->addItem(QString::number(y), y);
    m_year->setCurrentIndex(std::max(0, m_year->findData(year)));
    m_format->setObjectName(u"formatCombo"_s);
    m_format->setAccessibleName(tr("Format"));
    m_format->addItem(tr("PNG image"), u"png"_s);
    m_format->addItem(tr("PDF document (one A4 page)"), u"pdf"_s);
    m_path->setObjectName(u"pathEdit"_s);
    m_path->setAccessibleName(tr("File"));
    auto* chooseButton = new QPushButton(tr("&Choose\u2026"), this);
    chooseButton->setAccessibleName(tr("Choose file"));

    auto* intro = new QLabel(tr("Your year as a picture: the grid, the legend, your streaks and how many moods of "
                                "each kind you recorded."),
                             this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Year:"), m_year);
    form->addRow(tr("&Format:"), m_format);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(chooseButton);
    form->addRow(tr("F&ile:"), pathRow);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));

    connect(chooseButton, &QPushButton::clicked, this, &ExportBoardDialog::choose);
    connect(m_year, &QComboBox::currentIndexChanged, this, &ExportBoardDialog::suggestName);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportBoardDialog::suggestName);
    connect(m_path, &QLineEdit::textChanged, this, &ExportBoardDialog::updateOk);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    suggestName();
}

int ExportBoardDialog::year() const
{
    return m_year->currentData().toInt();
}

ExportBoardDialog::Format ExportBoardDialog::format() const
{
    return m_format->currentData().toString() == u"pdf"_s ? Format::Pdf : Format::Png;
}

QString ExportBoardDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportBoardDialog::setPath(const QString& path)
{
    m_path->setText(path);
}

void ExportBoardDialog::setFormat(Format format)
{
    m_format->setCurrentIndex(format == Format::Pdf ? 1 : 0);
}

void ExportBoardDialog::setYear(int year)
{
    m_year->setCurrentIndex(std::max(0, m_year->findData(year)));
}

void ExportBoardDialog::suggestName()
{
    // Follows year and format until the person picks a file of their own.
    const QString suffix = format() == Format::Pdf ? u"pdf"_s : u"png"_s;
    const QString name = u"moodboard-%1-%2.%3"_s.arg(m_username).arg(year()).arg(suffix);
    const QFileInfo current(path());
    const QString folder = path().isEmpty() ? m_folder : current.absolutePath();
    if (path().isEmpty() || current.fileName().startsWith(u"moodboard-"_s))
        m_path->setText(QDir(folder).filePath(name));
    updateOk();
}

void ExportBoardDialog::choose()
{
    const bool pdf = format() == Format::Pdf;
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Board"), path(),
                                                        pdf ? tr("PDF documents (*.pdf)") : tr("PNG images (*.png)"));
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

void ExportBoardDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!path().isEmpty() && m_year->count() > 0);
}

} // namespace mood::gui
