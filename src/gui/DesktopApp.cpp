#include "DesktopApp.h"

#include "AppSettings.h"
#include "Connector.h"
#include "MainWindow.h"
#include "Translations.h"

#include <QSettings>

namespace mood::gui {

using namespace Qt::StringLiterals;

DesktopApp::DesktopApp(DesktopOptions options)
    : m_translations(std::make_unique<Translations>())
{
    m_translations->apply(QLocale::system());
    auto backend = options.settingsFile.isEmpty()
        ? std::make_unique<QSettings>()
        : std::make_unique<QSettings>(options.settingsFile, QSettings::IniFormat);
    m_settings = std::make_unique<AppSettings>(std::move(backend));
    options.local.backfillDays = m_settings->value(AppSettings::Key::BackfillDays).toInt();
    m_local = std::make_unique<client::LocalInstance>(options.local);
    m_local->warmUp();
    m_connector = std::make_unique<client::Connector>(*m_local);
    m_window = std::make_unique<MainWindow>(*m_settings, *m_connector);
}

DesktopApp::~DesktopApp()
{
    m_window.reset();
    m_connector.reset();
    m_local.reset();
    m_settings.reset();
    m_translations.reset();
}

} // namespace mood::gui
