#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>

namespace mood::gui {

using namespace Qt::StringLiterals;

Translations::~Translations()
{
    remove();
}

void Translations::remove()
{
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    m_qt.reset();
    m_app.reset();
}

void Translations::apply(const QLocale& locale)
{
    remove();
    m_locale = locale;
    QLocale::setDefault(locale);
    m_qt = std::make_unique<QTranslator>();
    if (m_qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(m_qt.get());
    m_app = std::make_unique<QTranslator>();
    if (m_app->load(locale, u"moodboard"_s, u"_"_s, u":/i18n"_s) || m_app->load(u"moodboard_en"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(m_app.get());
}

} // namespace mood::gui
