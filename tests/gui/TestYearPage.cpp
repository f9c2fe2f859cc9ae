#include "Backend.h"
#include "DayDialog.h"
#include "GuiHarness.h"
#include "MoodPalette.h"
#include "TodayPage.h"
#include "YearGridWidget.h"
#include "YearPage.h"

#include <QAccessible>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTest>
#include <QToolButton>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kNow = 1773576000; // 2026-03-15T12:00:00Z
constexpr qint64 kDay = 86400;

QColor centreColour(QWidget* grid, const QRect& cell)
{
    const QImage image = grid->grab().toImage();
    const qreal ratio = image.devicePixelRatio();
    return image.pixelColor((QPointF(cell.center()) * ratio).toPoint());
}
} // namespace

// Year: the grid's colours and names, the year picker, the day dialog, back-filling, keyboard.
class TestYearPage final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void todayHasTheLaterMoodsColourAndName();
    void switchYears();
    void backfillAMissedDayFromTheGrid();
    void outsideTheWindowNothingIsOffered();
    void pastDaysOfferNoChangeTodayDoes();
    void arrowKeysMoveTheDayFocus();
    void tooltipHasMoodsAndNotes();
    void followsTheWidgetPalette();

private:
    gui::YearPage* page() const { return m_app->window().yearPage(); }
    gui::YearGridWidget* grid() const { return page()->grid(); }
    QString cellName(const QDate& date) const;
    gui::DayDialog* openDay(const QDate& date);
    std::unique_ptr<client::Backend> alice() { return m_app->session(u"alice"_s); }
    void showYearPage();

    std::unique_ptr<test::GuiHarness> m_app;
};

void TestYearPage::init()
{
    m_app = std::make_unique<test::GuiHarness>();
    m_app->window().resize(1200, 800);
    m_app->showWindow();
    QVERIFY(m_app->createAccount(u"alice"_s));
}

void TestYearPage::cleanup()
{
    m_app.reset();
}

void TestYearPage::showYearPage()
{
    QTest::keySequence(&m_app->window(), QKeySequence(u"Ctrl+2"_s));
    QTRY_VERIFY(page() && page()->isVisible());
    QTRY_COMPARE(page()->year(), 2026);
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
}

QString TestYearPage::cellName(const QDate& date) const
{
    QAccessibleInterface* table = QAccessible::queryAccessibleInterface(grid());
    if (!table)
        return {};
    QAccessibleInterface* cell = table->child(date.dayOfYear() - 1);
    return cell ? cell->text(QAccessible::Name) : QString();
}

gui::DayDialog* TestYearPage::openDay(const QDate& date)
{
    grid()->setFocus();
    grid()->setFocusDate(date);
    QTest::keyClick(grid(), Qt::Key_Return);
    auto* dialog = page()->dayDialog();
    if (dialog && !QTest::qWaitFor([dialog] { return dialog->isVisible(); }, 5000))
        return nullptr;
    return dialog;
}

void TestYearPage::todayHasTheLaterMoodsColourAndName()
{
    gui::TodayPage* today = m_app->window().todayPage();
    QTest::mouseClick(today->findChild<QToolButton*>(u"mood_cheerful"_s), Qt::LeftButton);
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
    m_app->clock().advance(1800);
    QTest::mouseClick(today->findChild<QToolButton*>(u"mood_gloomy"_s), Qt::LeftButton);
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
    showYearPage();

    QAccessibleInterface* table = QAccessible::queryAccessibleInterface(grid());
    QVERIFY(table);
    QCOMPARE(table->role(), QAccessible::Table);
    QCOMPARE(table->text(QAccessible::Name), u"Year grid"_s);
    QCOMPARE(table->childCount(), 365);
    const QDate todayDate(2026, 3, 15);
    QTRY_COMPARE(cellName(todayDate), u"2026-03-15: Cheerful, Gloomy"_s);
    QCOMPARE(cellName(QDate(2026, 3, 14)), u"2026-03-14: no mood"_s);
    QCOMPARE(table->child(0)->role(), QAccessible::Cell);
    QVERIFY(!table->child(0)->rect().isEmpty());

    const QRect cell = grid()->cellRect(todayDate);
    QVERIFY(cell.width() >= 12);
    QCOMPARE(centreColour(grid(), cell), render::MoodPalette::standard().level(1)); // Gloomy, the later one
    const QColor empty = centreColour(grid(), grid()->cellRect(QDate(2026, 3, 14)));
    for (int level = 1; level <= 5; ++level)
        QVERIFY(empty != render::MoodPalette::standard().level(level));
}

void TestYearPage::switchYears()
{
    auto session = alice();
    m_app->clock().setNow(QDateTime(QDate(2024, 6, 1), QTime(12, 0), Qt::UTC));
    QVERIFY(test::await(session->record(Mood::Whimsical, std::nullopt, {})).ok());
    m_app->clock().setNow(QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC));
    QVERIFY(test::await(session->record(Mood::Cheerful, std::nullopt, {})).ok());
    showYearPage();

    auto* years = qobject_cast<QComboBox*>(test::widgetByAccessibleName(page(), u"Year"_s));
    QVERIFY(years);
    QCOMPARE(years->currentText(), u"2026"_s);
    QCOMPARE(QAccessible::queryAccessibleInterface(years)->text(QAccessible::Value), u"2026"_s);
    QStringList listed;
    for (int i = 0; i < years->count(); ++i)
        listed.append(years->itemText(i));
    QCOMPARE(listed, (QStringList{u"2026"_s, u"2024"_s})); // the years with moods (and this one)

    auto* next = qobject_cast<QToolButton*>(test::widgetByAccessibleName(page(), u"Next year"_s));
    auto* previous = qobject_cast<QToolButton*>(test::widgetByAccessibleName(page(), u"Previous year"_s));
    QVERIFY(!next->isEnabled()); // nothing to see in the future
    QTest::mouseClick(previous, Qt::LeftButton);
    QTRY_COMPARE(page()->year(), 2025);
    QCOMPARE(years->currentText(), u"2025"_s);
    QCOMPARE(cellName(QDate(2025, 6, 1)), u"2025-06-01: no mood"_s);
    QVERIFY(next->isEnabled());

    years->setCurrentIndex(years->findText(u"2024"_s));
    emit years->activated(years->currentIndex());
    QTRY_COMPARE(page()->year(), 2024);
    QTRY_COMPARE(cellName(QDate(2024, 6, 1)), u"2024-06-01: Whimsical"_s);
    QCOMPARE(QAccessible::queryAccessibleInterface(grid())->childCount(), 366); // a leap year
    QCOMPARE(centreColour(grid(), grid()->cellRect(QDate(2024, 6, 1))), render::MoodPalette::standard().level(4));

    grid()->setFocus();
    QTest::keyClick(grid(), Qt::Key_PageDown);
    QTRY_COMPARE(page()->year(), 2025);
}

void TestYearPage::backfillAMissedDayFromTheGrid()
{
    showYearPage();
    const QDate missed(2026, 3, 12); // three days ago, inside the 7-day window
    gui::DayDialog* dialog = openDay(missed);
    QVERIFY(dialog);
    QCOMPARE(dialog->date(), missed);
    auto* add = dialog->findChild<QGroupBox*>(u"addBox"_s);
    QTRY_VERIFY(add->isVisible());
    QCOMPARE(add->title(), u"Add a mood for this day"_s);
    QTest::mouseClick(add->findChild<QToolButton*>(u"mood_whimsical"_s), Qt::LeftButton);
    QTRY_COMPARE(cellName(missed), u"2026-03-12: Whimsical"_s);
    QCOMPARE(centreColour(grid(), grid()->cellRect(missed)), render::MoodPalette::standard().level(4));
    // The dialog shows the day as stored now, and there is room for one more.
    QTRY_COMPARE(dialog->findChild<QListWidget*>(u"entriesList"_s)->count(), 1);
    QVERIFY(add->isVisible());

    const auto summary = test::await(alice()->summary({}));
    QCOMPARE(summary->entries.size(), 1);
    QCOMPARE(summary->entries[0].day, missed);
    QCOMPARE(summary->entries[0].mood, Mood::Whimsical);

    QTest::mouseClick(add->findChild<QToolButton*>(u"mood_gloomy"_s), Qt::LeftButton);
    QTRY_COMPARE(cellName(missed), u"2026-03-12: Whimsical, Gloomy"_s);
    QTRY_VERIFY(!add->isVisible()); // full now
    QVERIFY(dialog->findChild<QLabel*>(u"ruleLabel"_s)->text().contains(u"two moods"_s));
}

void TestYearPage::outsideTheWindowNothingIsOffered()
{
    showYearPage();
    const QDate old(2026, 3, 1); // 14 days ago
    gui::DayDialog* dialog = openDay(old);
    QVERIFY(dialog);
    QVERIFY(!dialog->canAdd());
    QVERIFY(!dialog->findChild<QGroupBox*>(u"addBox"_s)->isVisible());
    QCOMPARE(dialog->findChild<QLabel*>(u"ruleLabel"_s)->text(),
             u"Past days are read-only. Missed days can be filled in only up to 7 days back."_s);
    dialog->close();
    QTRY_VERIFY(!page()->dayDialog());

    gui::DayDialog* future = openDay(QDate(2026, 3, 16));
    QVERIFY(future);
    QVERIFY(!future->findChild<QGroupBox*>(u"addBox"_s)->isVisible());
    QCOMPARE(future->findChild<QLabel*>(u"ruleLabel"_s)->text(), u"This day is still to come."_s);

    // The core refuses it too, whatever a client offers.
    QCOMPARE(test::await(alice()->record(Mood::Cheerful, kNow - 14 * kDay, {})).error().kind,
             client::ErrorKind::RefusedByRule);
}

void TestYearPage::pastDaysOfferNoChangeTodayDoes()
{
    auto session = alice();
    QVERIFY(test::await(session->record(Mood::Reflective, kNow - kDay, u"quiet"_s)).ok());
    QVERIFY(test::await(session->record(Mood::Cheerful, std::nullopt, {})).ok());
    showYearPage();

    gui::DayDialog* past = openDay(QDate(2026, 3, 14));
    QVERIFY(past);
    QTRY_COMPARE(past->findChild<QListWidget*>(u"entriesList"_s)->count(), 1);
    QVERIFY(!past->findChild<QPushButton*>(u"changeButton"_s)->isVisible());
    QVERIFY(!past->findChild<QPushButton*>(u"removeButton"_s)->isVisible());
    QVERIFY(past->findChild<QLabel*>(u"ruleLabel"_s)->text().startsWith(u"Past days are read-only"_s));
    past->close();
    QTRY_VERIFY(!page()->dayDialog());

    gui::DayDialog* today = openDay(QDate(2026, 3, 15));
    QVERIFY(today);
    QTRY_COMPARE(today->findChild<QListWidget*>(u"entriesList"_s)->count(), 1);
    QVERIFY(today->findChild<QPushButton*>(u"changeButton"_s)->isVisible());
    QVERIFY(today->findChild<QPushButton*>(u"removeButton"_s)->isVisible());
}

void TestYearPage::arrowKeysMoveTheDayFocus()
{
    showYearPage();
    grid()->setFocus();
    QCOMPARE(grid()->focusDate(), QDate(2026, 3, 15)); // starts on today
    QTest::keyClick(grid(), Qt::Key_Left);
    QCOMPARE(grid()->focusDate(), QDate(2026, 3, 14));
    QTest::keyClick(grid(), Qt::Key_Right);
    QTest::keyClick(grid(), Qt::Key_Right);
    QCOMPARE(grid()->focusDate(), QDate(2026, 3, 16));
    QTest::keyClick(grid(), Qt::Key_Up);
    QCOMPARE(grid()->focusDate(), QDate(2026, 2, 16));
    QTest::keyClick(grid(), Qt::Key_End);
    QCOMPARE(grid()->focusDate(), QDate(2026, 2, 28));
    QTest::keyClick(grid(), Qt::Key_Right); // into the next month, not onto February 29th
    QCOMPARE(grid()->focusDate(), QDate(2026, 3, 1));
    QTest::keyClick(grid(), Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(grid()->focusDate(), QDate(2026, 1, 1));
    QTest::keyClick(grid(), Qt::Key_Left); // the year's edge
    QCOMPARE(grid()->focusDate(), QDate(2026, 1, 1));
    QTest::keyClick(grid(), Qt::Key_Down);
    QCOMPARE(grid()->focusDate(), QDate(2026, 2, 1));
    QAccessibleInterface* focused = QAccessible::queryAccessibleInterface(grid())->focusChild();
    QVERIFY(focused);
    QCOMPARE(focused->text(QAccessible::Name), u"2026-02-01: no mood"_s);
    QVERIFY(focused->state().focused);

    // A click moves the focus there and opens the day.
    const QRect cell = grid()->cellRect(QDate(2026, 3, 10));
    QTest::mouseClick(grid(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(grid()->focusDate(), QDate(2026, 3, 10));
    QTRY_VERIFY(page()->dayDialog() && page()->dayDialog()->isVisible());
    QCOMPARE(page()->dayDialog()->date(), QDate(2026, 3, 10));
}

void TestYearPage::tooltipHasMoodsAndNotes()
{
    auto session = alice();
    QVERIFY(test::await(session->record(Mood::Cheerful, kNow - 3600, u"coffee with Sam"_s)).ok());
    QVERIFY(test::await(session->record(Mood::Melancholy, kNow, {})).ok());
    showYearPage();
    QTRY_COMPARE(cellName(QDate(2026, 3, 15)), u"2026-03-15: Cheerful, Melancholy"_s);
    const QString tip = grid()->dayDescription(QDate(2026, 3, 15));
    QVERIFY2(tip.contains(u"Cheerful \u00b7 11:00 \u2014 coffee with Sam"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"Melancholy \u00b7 12:00"_s), qPrintable(tip));
    QVERIFY2(tip.startsWith(QLocale().toString(QDate(2026, 3, 15), QLocale::LongFormat)), qPrintable(tip));
    QCOMPARE(QAccessible::queryAccessibleInterface(grid())
                 ->child(QDate(2026, 3, 15).dayOfYear() - 1)
                 ->text(QAccessible::Description),
             tip);
}

void TestYearPage::followsTheWidgetPalette()
{
    showYearPage();
    const QRect cell = grid()->cellRect(QDate(2026, 6, 1));
    const QColor lightEmpty = centreColour(grid(), cell);
    QPalette dark = grid()->palette();
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    grid()->setPalette(dark);
    const QColor darkEmpty = centreColour(grid(), cell);
    QVERIFY2(darkEmpty.lightness() < 80, qPrintable(darkEmpty.name()));
    QVERIFY2(lightEmpty.lightness() > 150, qPrintable(lightEmpty.name()));

    grid()->setMoodPalette(render::MoodPalette::colourBlindSafe());
    QVERIFY(test::await(alice()->record(Mood::Cheerful, std::nullopt, {})).ok());
    page()->reload();
    QTRY_COMPARE(cellName(QDate(2026, 3, 15)), u"2026-03-15: Cheerful"_s);
    QCOMPARE(centreColour(grid(), grid()->cellRect(QDate(2026, 3, 15))),
             render::MoodPalette::colourBlindSafe().level(5));
}

QTEST_MAIN(TestYearPage)
#include "TestYearPage.moc"
