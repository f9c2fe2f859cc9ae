#pragma once

#include "BoardSheet.h"
#include "ClientError.h"
#include "ClientTypes.h"

#include <QObject>
#include <QPointer>

class QFileDialog;
class QMessageBox;
class QWidget;

namespace mood::client {
class Backend;
}

namespace mood::gui {

class AppSettings;
class ExportBoardDialog;

// File → Export board…, Export data…, Import data…: through the Backend only (board + summary, export, import),
// so they work for this computer and for a shared Moodboard alike. Rendering, reading and writing files run off
// the GUI thread; isBusy() is true meanwhile. The dialogs are opened (never exec'd) and returned, so tests can
// drive them; the outcome is shown in a message box (lastMessage()) and on the status bar.
class FileActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileActions)

public:
    FileActions(client::Backend& backend, AppSettings& settings, QWidget* window);
    ~FileActions() override;

    void exportBoard(); // asks the backend for the years first, then opens boardDialog()
    ExportBoardDialog* boardDialog() const;
    QFileDialog* exportData();
    QFileDialog* importData();
    QMessageBox* lastMessage() const;
    bool isBusy() const { return m_busy > 0; }

    // What the board of a year shows, from the backend's answers: the year's grid, the current streak (this
    // year) or the run that ended on 31 December (a past year), the year's longest run, moods per level.
    static render::BoardSheet sheetFrom(const client::Board& board, const client::Summary& summary, const QString& name,
                                        const render::MoodPalette& palette);

signals:
    void busyChanged(bool busy);
    void statusMessage(const QString& text);
    void dataImported(); // pages refresh

private:
    void writeBoard(int year, bool pdf, const QString& path);
    void writeData(const QString& path, client::DataFormat format);
    void readAndImport(const QString& path);
    void showImport(const client::ImportResult& result, const QString& path);
    void showMessage(bool ok, const QString& text, const QString& details = {});
    QString describe(const client::Error& error) const;
    void setBusy(bool busy);

    client::Backend& m_backend;
    AppSettings& m_settings;
    QWidget* m_window;
    QPointer<ExportBoardDialog> m_boardDialog;
    QPointer<QFileDialog> m_fileDialog;
    QPointer<QMessageBox> m_message;
    int m_busy = 0;
};

} // namespace mood::gui
