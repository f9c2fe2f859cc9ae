#include "FileActions.h"

#include "AppSettings.h"
#include "Backend.h"
#include "BoardRenderer.h"
#include "Deliver.h"
#include "ErrorText.h"
#include "ExportBoardDialog.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace mood::gui {

using namespace Qt::StringLiterals;

namespace {
QString documents()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return folder.isEmpty() ? QDir::homePath() : folder;
}

// Written whole or not at all (QSaveFile); the error in words, empty on success.
QString writeFile(const QString& path, const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return FileActions::tr("Nothing could be drawn.");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return file.errorString();
    return {};
}
} // namespace

FileActions::FileActions(client::Backend& backend, AppSettings& settings, QWidget* window)
    : QObject(window)
    , m_backend(backend)
    , m_settings(settings)
    , m_window(window)
{
}

FileActions::~FileActions()
{
    delete m_boardDialog;
    delete m_fileDialog;
    delete m_message;
}

ExportBoardDialog* FileActions::boardDialog() const
{
    return m_boardDialog;
}

QMessageBox* FileActions::lastMessage() const
{
    return m_message;
}

void FileActions::setBusy(bool busy)
{
    const bool before = isBusy();
    m_busy += busy ? 1 : -1;
    if (before != isBusy())
        emit busyChanged(isBusy());
}

QString FileActions::describe(const client::Error& error) const
{
    if (error.kind == client::ErrorKind::Unavailable)
        return tr("This Moodboard does not offer export and import yet.");
    if (error.kind == client::ErrorKind::InvalidInput)
        return tr("The file cannot be imported: %1. Nothing was changed.").arg(error.detail);
    return ErrorText::describe(error, ErrorText::Action::Load);
}

void FileActions::showMessage(bool ok, const QString& text, const QString& details)
{
    delete m_message;
    m_message = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning,
                                ok ? tr("Moodboard") : tr("Moodboard: a problem"), text, QMessageBox::Ok, m_window);
    m_message->setObjectName(u"fileMessage"_s);
    m_message->setAttribute(Qt::WA_DeleteOnClose);
    if (!details.isEmpty())
        m_message->setDetailedText(details);
    m_message->open();
    emit statusMessage(text);
}

render::BoardSheet FileActions::sheetFrom(const client::Board& board, const client::Summary& summary,
                                          const QString& name, const render::MoodPalette& palette)
{
    render::BoardSheet sheet;
    sheet.name = name;
    sheet.palette = palette;
    sheet.grid.year = board.year;
    for (const client::BoardDay& day : board.days) {
        sheet.grid.setLevel(day.date, day.level);
        for (const client::Entry& entry : day.entries)
            ++sheet.perLevel[size_t(std::clamp(moodLevel(entry.mood), 1, 5) - 1)];
    }
    if (board.today.year() == board.year) {
        sheet.streak = summary.currentStreak;
        sheet.streakKind = render::BoardSheet::Streak::Current;
    } else {
        // Days of the year before only count in the year-end mail (which sees the whole history).
        sheet.streak = render::BoardSheet::runEndingOn(sheet.grid, QDate(board.year, 12, 31));
        sheet.streakKind = render::BoardSheet::Streak::AtYearEnd;
    }
    sheet.longestStreak = render::BoardSheet::longestRun(sheet.grid);
    return sheet;
}

void FileActions::exportBoard()
{
    if (m_boardDialog) {
        m_boardDialog->raise();
        return;
    }
    setBusy(true);
    client::deliver(m_backend.board(0), this, [this](const client::Result<client::Board>& board) {
        setBusy(false);
        if (!board) {
            showMessage(false, describe(board.error()));
            return;
        }
        QList<int> years = board->yearsWithData;
        if (!years.contains(board->year))
            years.append(board->year);
        std::sort(years.begin(), years.end(), std::greater<>());
        m_boardDialog = new ExportBoardDialog(years, board->year, documents(), m_backend.session().username, m_window);
        m_boardDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_boardDialog, &QDialog::accepted, this, [this, dialog = m_boardDialog] {
            writeBoard(dialog->year(), dialog->format() == ExportBoardDialog::Format::Pdf, dialog->path());
        });
        m_boardDialog->open();
    });
}

void FileActions::writeBoard(int year, bool pdf, const QString& path)
{
    setBusy(true);
    emit statusMessage(tr("Exporting the board of %1\u2026").arg(year));
    const QString name = m_backend.session().username;
    const render::MoodPalette palette = render::MoodPalette::of(m_settings.paletteKind());
    client::deliver(m_backend.board(year), this, [=](const client::Result<client::Board>& board) {
        if (!board) {
            setBusy(false);
            showMessage(false, describe(board.error()));
            return;
        }
        client::HistoryRequest request;
        request.year = year;
        request.limit = 1;
        client::deliver(m_backend.summary(request), this, [=](const client::Result<client::Summary>& summary) {
            if (!summary) {
                setBusy(false);
                showMessage(false, describe(summary.error()));
                return;
            }
            const render::BoardSheet sheet = sheetFrom(*board, *summary, name, palette);
            const QFuture<QString> written = QtConcurrent::run([sheet, pdf, path] {
                render::BoardRenderer renderer(sheet);
                return writeFile(path, pdf ? renderer.pdf() : renderer.png());
            });
            client::deliver(written, this, [=](const QString& error) {
                setBusy(false);
                if (error.isEmpty())
                    showMessage(true,
                                tr("The board of %1 is saved as %2.").arg(year).arg(QDir::toNativeSeparators(path)));
                else
                    showMessage(
                        false, tr("The board could not be saved as %1: %2").arg(QDir::toNativeSeparators(path), error));
            });
        });
    });
}

QFileDialog* FileActions::exportData()
{
    delete m_fileDialog;
    const QString json = tr("Moodboard JSON, everything (*.json)");
    const QString csv = tr("CSV, the moods only (*.csv)");
    m_fileDialog = new QFileDialog(m_window, tr("Export Data"), documents());
    m_fileDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_fileDialog->setAcceptMode(QFileDialog::AcceptSave);
    m_fileDialog->setNameFilters({json, csv});
    m_fileDialog->setDefaultSuffix(u"json"_s);
    m_fileDialog->selectFile(u"moodboard-%1.json"_s.arg(m_backend.session().username));
    connect(m_fileDialog, &QFileDialog::filterSelected, m_fileDialog,
            [dialog = m_fileDialog.data(), csv](const QString& f) {
                dialog->setDefaultSuffix(f == csv ? u"csv"_s : u"json"_s);
            });
    connect(m_fileDialog, &QFileDialog::fileSelected, this, [this, csv](const QString& path) {
        const bool asCsv = path.endsWith(u".csv"_s, Qt::CaseInsensitive)
            || (!path.endsWith(u".json"_s, Qt::CaseInsensitive) && m_fileDialog
                && m_fileDialog->selectedNameFilter() == csv);
        writeData(path, asCsv ? client::DataFormat::Csv : client::DataFormat::Json);
    });
    m_fileDialog->open();
    return m_fileDialog;
}

void FileActions::writeData(const QString& path, client::DataFormat format)
{
    setBusy(true);
    client::deliver(m_backend.exportData(format), this, [=](const client::Result<QByteArray>& data) {
        if (!data) {
            setBusy(false);
            showMessage(false, describe(data.error()));
            return;
        }
        const QFuture<QString> written = QtConcurrent::run([path, bytes = *data] { return writeFile(path, bytes); });
        client::deliver(written, this, [=](const QString& error) {
            setBusy(false);
            if (error.isEmpty())
                showMessage(true, tr("Your data is saved as %1.").arg(QDir::toNativeSeparators(path)));
            else
                showMessage(false,
                            tr("Your data could not be saved as %1: %2").arg(QDir::toNativeSeparators(path), error));
        });
    });
}

QFileDialog* FileActions::importData()
{
    delete m_fileDialog;
    m_fileDialog = new QFileDialog(m_window, tr("Import Data"), documents());
    m_fileDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_fileDialog->setAcceptMode(QFileDialog::AcceptOpen);
    m_fileDialog->setFileMode(QFileDialog::ExistingFile);
    m_fileDialog->setNameFilters({tr("Moodboard or Daylio export (*.json *.csv)"), tr("All files (*)")});
    connect(m_fileDialog, &QFileDialog::fileSelected, this, &FileActions::readAndImport);
    m_fileDialog->open();
    return m_fileDialog;
}

void FileActions::readAndImport(const QString& path)
{
    setBusy(true);
    struct Read {
        QByteArray bytes;
        QString error;
    };
    const QFuture<Read> read = QtConcurrent::run([path] {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Read{{}, file.errorString()};
        return Read{file.readAll(), {}};
    });
    client::deliver(read, this, [=](const Read& file) {
        if (!file.error.isEmpty()) {
            setBusy(false);
            showMessage(false, tr("%1 could not be read: %2").arg(QDir::toNativeSeparators(path), file.error));
            return;
        }
        // JSON is our own export; anything else is read as CSV (ours or Daylio's, told apart by the header).
        const bool json = file.bytes.trimmed().startsWith('{');
        client::deliver(m_backend.importData(file.bytes, json ? client::DataFormat::Json : client::DataFormat::Csv),
                        this, [=](const client::Result<client::ImportResult>& result) {
                            setBusy(false);
                            if (!result) {
                                showMessage(false, describe(result.error()));
                                return;
                            }
                            showImport(*result, path);
                            if (result->imported > 0 || !result->followsAdded.isEmpty())
                                emit dataImported();
                        });
    });
}

void FileActions::showImport(const client::ImportResult& result, const QString& path)
{
    QStringList lines;
    for (const client::ImportRow& row : result.rows) {
        const QString what = row.day.isEmpty() ? row.mood : u"%1 %2"_s.arg(row.day, row.mood);
        if (!row.imported)
            lines.append(tr("Row %1 (%2): skipped, %3").arg(row.row).arg(what, row.reason));
        else if (!row.warning.isEmpty())
            lines.append(tr("Row %1 (%2): imported, %3").arg(row.row).arg(what, row.warning));
    }
    for (const QString& skipped : result.followsSkipped)
        lines.append(tr("Not followed: %1").arg(skipped));
    QString text = tr("Imported %1 of %2 moods from %3.")
                       .arg(result.imported)
                       .arg(result.imported + result.skipped)
                       .arg(QFileInfo(path).fileName());
    if (result.skipped > 0)
        text += u' ' + tr("%1 were skipped; the details say why.").arg(result.skipped);
    if (!result.followsAdded.isEmpty())
        text += u' ' + tr("You now follow %1 again.").arg(result.followsAdded.join(u", "_s));
    showMessage(true, text, lines.join(u'\n'));
}

} // namespace mood::gui
