#pragma once

#include <QLocale>
#include <QTranslator>

#include <memory>

namespace mood::gui {

// The app's and Qt's own translations for one language, swappable while the app runs (widgets get a
// LanguageChange event). A language without a Moodboard translation falls back to English, whose file also
// holds the plural forms ("1 day", "2 days").
class Translations final
{
public:
    Translations() = default;
    ~Translations();
    Translations(const Translations&) = delete;
    Translations& operator=(const Translations&) = delete;

    void apply(const QLocale& locale); // also makes it the default QLocale
    QLocale locale() const { return m_locale; }

private:
    void remove();

    QLocale m_locale;
    std::unique_ptr<QTranslator> m_qt;
    std::unique_ptr<QTranslator> m_app;
};

} // namespace mood::gui
