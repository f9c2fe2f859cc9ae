#pragma once

#include "LocalInstance.h"

#include <QString>

#include <memory>

namespace mood::client {
class Connector;
}

namespace mood::gui {

class AppSettings;
class MainWindow;
class Translations;

struct DesktopOptions {
    QString settingsFile; // empty: the platform's usual place (QSettings defaults)
    client::LocalOptions local;
};

// Everything the desktop app is made of, in the order it must be built and torn down: settings, this
// computer's Moodboard (database, services, sharing), the connector, the window. Needs a QApplication.
class DesktopApp final
{
public:
    explicit DesktopApp(DesktopOptions options = {});
    ~DesktopApp();
    DesktopApp(const DesktopApp&) = delete;
    DesktopApp& operator=(const DesktopApp&) = delete;

    AppSettings& settings() { return *m_settings; }
    client::LocalInstance& local() { return *m_local; }
    MainWindow& window() { return *m_window; }
    Translations& translations() { return *m_translations; }

private:
    std::unique_ptr<Translations> m_translations;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<client::LocalInstance> m_local;
    std::unique_ptr<client::Connector> m_connector;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace mood::gui
