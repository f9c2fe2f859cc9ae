#include "Backend.h"
#include "DayDialog.h"
#include "GuiHarness.h"
#include "PreferencesDialog.h"
#include "SharingDialog.h"
#include "TodayPage.h"
#include "YearGridWidget.h"
#include "YearPage.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QTest>
#include <QToolButton>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QString outputDir()
{
    return QStringLiteral(MOOD_SCREENSHOT_DIR);
}

// "@2x" when the run is scaled (QT_SCALE_FACTOR=2), so both sets sit side by side.
QString suffix()
{
    const QByteArray scale = qgetenv("QT_SCALE_FACTOR");
    return scale.isEmpty() || scale == "1" ? QString() : u"@"_s + QString::fromLatin1(scale) + u"x"_s;
}

bool save(QWidget* widget, const QString& name)
{
    // Pending relayouts first (a height-for-width change travels up one parent per round): the settled window.
    for (int round = 0; round < 6; ++round) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    QDir().mkpath(outputDir());
    const QString path = outputDir() + u'/' + name + suffix() + u".png"_s;
    const QPixmap shot = widget->grab();
    if (shot.isNull() || !shot.save(path)) {
        qWarning("could not write %s", qPrintable(path));
        return false;
    }
    qInfo("wrote %s (%dx%d)", qPrintable(path), shot.width(), shot.height());
    return true;
}
} // namespace

// Screenshots of each screen for the README (English; Today and Year in German too), written into the build
// folder: <build>/screenshots/*.png. They are looked at, not compared: this test checks they were written.
class TestScreenshots final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void english();
    void german();

private:
    void seedAYear(); // alice's 2026 so far, with good and bad weeks
    std::unique_ptr<test::GuiHarness> m_app;
};

void TestScreenshots::init()
{
    m_app = std::make_unique<test::GuiHarness>();
}

void TestScreenshots::cleanup()
{
    m_app.reset();
}

void TestScreenshots::seedAYear()
{
    auto alice = m_app->fixture().connect();
    QVERIFY(test::await(alice->signUp(u"alice"_s, u"password123"_s)).ok());
    const QStringList notes{u"Long walk by the river"_s, u"Dinner with Sam"_s,  u"Deadline stress"_s, u"Slept badly"_s,
                            u"Sunny and warm"_s,         u"Finished the book"_s};
    QRandomGenerator random(20261120); // the same picture on every run
    const QDate last(2026, 11, 19);
    double mood = 3.5; // drifts from day to day, pulled towards the season's usual
    for (QDate day(2026, 1, 1); day <= last; day = day.addDays(1)) {
        const double usual = day.month() >= 5 && day.month() <= 9 ? 3.9 : (day.month() >= 11 ? 2.6 : 3.2);
        mood += (usual - mood) * 0.3 + (random.bounded(100) - 50) / 28.0;
        if (random.bounded(100) < 7)
            continue; // a missed day now and then
        m_app->clock().setNow(QDateTime(day, QTime(21, 0), Qt::UTC));
        const int count = random.bounded(100) < 25 ? 2 : 1;
        for (int i = 0; i < count; ++i) {
            const int level = std::clamp(static_cast<int>(std::lround(mood + (i == 1 ? 0.8 : 0.0))), 1, 5);
            const Mood chosen = panelMoods().at(5 - level);
            const QString note = random.bounded(100) < 20 ? notes.at(random.bounded(notes.size())) : QString();
            const qint64 at = QDateTime(day, QTime(8 + 10 * i, 15), Qt::UTC).toSecsSinceEpoch();
            QVERIFY(test::await(alice->record(chosen, at, note)).ok());
        }
    }
    // Today, 20 November 2026: one mood so far.
    m_app->clock().setNow(QDateTime(QDate(2026, 11, 20), QTime(13, 40), Qt::UTC));
    QVERIFY(test::await(alice->record(Mood::Cheerful,
                                      QDateTime(QDate(2026, 11, 20), QTime(8, 5), Qt::UTC).toSecsSinceEpoch(),
                                      u"Coffee in the sun before work"_s))
                .ok());
}

void TestScreenshots::english()
{
    m_app->window().resize(1120, 760);
    m_app->showWindow();
    m_app->fillSignIn(u"alice"_s, QString());
    QVERIFY(save(&m_app->window(), u"sign-in"_s));

    // A shared Moodboard that does not answer (nothing listens on port 1): the address field and the message.
    m_app->find<QRadioButton>(u"sharedRadio"_s)->click();
    QTest::keyClicks(m_app->find<QLineEdit>(u"serverEdit"_s), u"127.0.0.1:1"_s);
    m_app->fillSignIn(u"alice"_s, u"password123"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QTRY_VERIFY(m_app->find<QPushButton>(u"logInButton"_s)->isEnabled());
    QVERIFY(save(&m_app->window(), u"sign-in-shared"_s));
    m_app->find<QRadioButton>(u"localRadio"_s)->click();

    seedAYear();
    QVERIFY(m_app->logIn(u"alice"_s));
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
    gui::TodayPage* today = m_app->window().todayPage();
    QTRY_VERIFY(today->findChildren<QListWidget*>().value(0)
                && today->findChildren<QListWidget*>().first()->count() == 1);
    QVERIFY(save(&m_app->window(), u"today"_s));

    m_app->window().showPage(gui::MainWindow::Page::Year);
    QTRY_COMPARE(m_app->window().yearPage()->year(), 2026);
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
    m_app->window().yearPage()->grid()->setFocus();
    QVERIFY(save(&m_app->window(), u"year"_s));

    gui::YearPage* year = m_app->window().yearPage();
    year->grid()->setFocusDate(QDate(2026, 11, 17));
    QTest::keyClick(year->grid(), Qt::Key_Return);
    QTRY_VERIFY(year->dayDialog() && year->dayDialog()->isVisible());
    QVERIFY(save(year->dayDialog(), u"day"_s));
    year->dayDialog()->close();

    gui::SharingDialog* sharing = m_app->window().openSharing();
    QVERIFY(sharing);
    QTRY_VERIFY(sharing->isVisible() && !sharing->isBusy());
    QVERIFY(save(sharing, u"sharing"_s));
    sharing->close();
    gui::PreferencesDialog* preferences = m_app->window().openPreferences();
    QTRY_VERIFY(preferences->isVisible() && !preferences->isBusy());
    QVERIFY(save(preferences, u"preferences"_s));
    preferences->close();

    // A dark palette, as a dark desktop theme gives.
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
    dark.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Button, QColor(0x35, 0x38, 0x3c));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa0));
    dark.setColor(QPalette::ToolTipBase, QColor(0x31, 0x36, 0x3b));
    dark.setColor(QPalette::ToolTipText, QColor(0xe8, 0xe8, 0xe8));
    QApplication::setPalette(dark);
    QTRY_COMPARE(m_app->window().yearPage()->grid()->palette().color(QPalette::Window), dark.color(QPalette::Window));
    QVERIFY(save(&m_app->window(), u"year-dark"_s));
    m_app->window().showPage(gui::MainWindow::Page::Today);
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
    QVERIFY(save(&m_app->window(), u"today-dark"_s));
    QApplication::setPalette(light);
}

void TestScreenshots::german()
{
    m_app->translations().apply(QLocale(QLocale::German, QLocale::Germany));
    seedAYear();
    m_app->restartApp(); // the window is built in German
    m_app->window().resize(1120, 760);
    m_app->showWindow();
    m_app->fillSignIn(u"alice"_s, QString());
    QVERIFY(save(&m_app->window(), u"sign-in-de"_s));
    QVERIFY(m_app->logIn(u"alice"_s));
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
    QVERIFY(save(&m_app->window(), u"today-de"_s));
    for (const char* name : {"lowerArea", "entriesBox", "streaksBox", "currentStreakLabel", "streakHintLabel",
                             "moodChoices", "noteEdit"}) {
        auto* w = m_app->window().todayPage()->findChild<QWidget*>(QString::fromLatin1(name));
        qDebug() << name << w->sizeHint() << w->minimumSizeHint() << w->size() << w->heightForWidth(w->width())
                 << w->sizePolicy() << w->maximumSize();
    }
    m_app->window().showPage(gui::MainWindow::Page::Year);
    QTRY_COMPARE(m_app->window().yearPage()->year(), 2026);
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
    QVERIFY(save(&m_app->window(), u"year-de"_s));
    gui::SharingDialog* sharing = m_app->window().openSharing();
    QTRY_VERIFY(sharing->isVisible() && !sharing->isBusy());
    QVERIFY(save(sharing, u"sharing-de"_s));
    sharing->close();
    gui::YearPage* year = m_app->window().yearPage();
    year->grid()->setFocusDate(QDate(2026, 11, 18));
    QTest::keyClick(year->grid(), Qt::Key_Return);
    QTRY_VERIFY(year->dayDialog() && year->dayDialog()->isVisible());
    QVERIFY(save(year->dayDialog(), u"day-de"_s));
    year->dayDialog()->close();
    gui::PreferencesDialog* preferences = m_app->window().openPreferences();
    QTRY_VERIFY(preferences->isVisible() && !preferences->isBusy());
    QVERIFY(save(preferences, u"preferences-de"_s));
    preferences->close();
    m_app->translations().apply(QLocale::system());
}

QTEST_MAIN(TestScreenshots)
#include "TestScreenshots.moc"
