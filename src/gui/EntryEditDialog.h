#pragma once

#include "ClientTypes.h"
#include "MoodPalette.h"

#include <QDialog>

#include <memory>

namespace Ui {
class EntryEditDialog;
}

namespace mood::gui {

// Changes one of today's moods: another mood (any of the eight) and the note. Asks nothing of the backend
// itself: the caller stores the answer when the dialog is accepted.
class EntryEditDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryEditDialog)

public:
    EntryEditDialog(const client::Entry& entry, const render::MoodPalette& palette, QWidget* parent = nullptr);
    ~EntryEditDialog() override;

    Mood mood() const;
    QString note() const;

private:
    std::unique_ptr<Ui::EntryEditDialog> m_ui;
};

} // namespace mood::gui
