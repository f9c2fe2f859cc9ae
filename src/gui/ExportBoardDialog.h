#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;

namespace mood::gui {

// File → Export board…: which year, PNG or PDF, and where (typed, or chosen with a QFileDialog).
class ExportBoardDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportBoardDialog)

public:
    enum class Format { Png, Pdf };

    ExportBoardDialog(const QList<int>& years, int year, const QString& folder, const QString& username,
                      QWidget* parent = nullptr);

    int year() const;
    Format format() const;
    QString path() const;
    void setPath(const QString& path);
    void setFormat(Format format);
    void setYear(int year);

private:
    void choose();
    void suggestName();
    void updateOk();

    QComboBox* m_year;
    QComboBox* m_format;
    QLineEdit* m_path;
    QDialogButtonBox* m_buttons;
    QString m_folder;
    QString m_username;
};

} // namespace mood::gui
