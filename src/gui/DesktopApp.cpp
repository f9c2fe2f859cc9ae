#include "DesktopApp.h"

#include "AppSettings.h"
#include "Connector.h"
#include "MainWindow.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace mood::gui {

using namespace Qt::StringLiterals;

DesktopApp::DesktopApp(DesktopOptions options)
{
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
}

void DesktopApp::installTranslations()
{
    auto* qt = new QTranslator(qApp);
    if (qt->load(QLocale(), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto* app = new QTranslator(qApp);
    if (app->load(QLocale(), u"moodboard"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(app);
}

} // namespace mood::gui
