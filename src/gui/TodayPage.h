#pragma once

#include "ClientError.h"
#include "ClientTypes.h"
#include "MoodPalette.h"

#include <QPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class TodayPage;
}

namespace mood::client {
class Backend;
}

namespace mood::gui {

class EntryListView;

// Today: five mood choices that record at once (keys 1..5), an optional note, today's one or two entries
// (changeable and removable today), and the streaks.
class TodayPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TodayPage)

public:
    explicit TodayPage(client::Backend& backend, QWidget* parent = nullptr);
    ~TodayPage() override;

    void refresh();
    void setMoodPalette(const render::MoodPalette& palette);
    void record(Mood mood);

signals:
    void statusMessage(const QString& message);
    void moodsChanged(); // something was recorded, changed or removed

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void display(const client::Summary& summary);
    void showError(const QString& message);
    void setRecording(bool recording);
    void applyFonts();

    std::unique_ptr<Ui::TodayPage> m_ui;
    client::Backend& m_backend;
    EntryListView* m_entries;
    bool m_recording = false;
    QPointer<QWidget> m_focusBeforeRecording;
};

} // namespace mood::gui
