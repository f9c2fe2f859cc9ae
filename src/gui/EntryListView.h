#pragma once

#include "ClientTypes.h"
#include "MoodPalette.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace mood::client {
class Backend;
}

namespace mood::gui {

// One day's moods as a list ("Cheerful · 08:15 — slept well"), and, for today's, Change… and Remove, which it
// carries out itself through the backend. Past days' entries are shown read-only.
class EntryListView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryListView)

public:
    explicit EntryListView(client::Backend& backend, QWidget* parent = nullptr);

    // entries: oldest first. zone: the user's time zone, for the times shown.
    void setEntries(const QList<client::Entry>& entries, bool editable, const QByteArray& zone);
    void setEmptyText(const QString& text);
    void setMoodPalette(const render::MoodPalette& palette);
    void setAccessibleListName(const QString& name);
    QListWidget* list() const { return m_list; }

    static QString describe(const client::Entry& entry, const QByteArray& zone); // the item's text
    static QString shortTime(const QTime& time);                                 // "08:15", "8:15 AM"

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void changed();                      // a correction or removal was stored
    void failed(const QString& message); // why one was refused
    void statusMessage(const QString& message);

private:
    void fitHeight();
    void updateButtons();
    void changeCurrent();
    void removeCurrent();
    std::optional<client::Entry> current() const;
    void setBusy(bool busy);

    client::Backend& m_backend;
    QStackedWidget* m_stack;
    QListWidget* m_list;
    QLabel* m_empty;
    QPushButton* m_change;
    QPushButton* m_remove;
    QList<client::Entry> m_entries;
    QByteArray m_zone;
    render::MoodPalette m_palette = render::MoodPalette::standard();
    bool m_editable = false;
    bool m_busy = false;
};

} // namespace mood::gui
