#include "Backend.h"
#include "EntryEditDialog.h"
#include "GuiHarness.h"
#include "NoteEdit.h"
#include "TodayPage.h"

#include <QAccessible>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QToolButton>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kNow = 1773576000; // 2026-03-15T12:00:00Z
constexpr qint64 kDay = 86400;
} // namespace

// Today: recording with buttons and keys 1-5, the two-a-day limit, correcting and removing, streaks.
class TestTodayPage final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void recordTwoWithButtonAndKeyThenTheThirdIsRefused();
    void noteIsSavedWithTheMoodAndLimited();
    void correctTodaysEntry();
    void removeTodaysEntry();
    void streakLabelsFollowTheData();
    void percentileLineOnlyFromFifty();
    void emptyStateSaysWhatToDo();
    void answerAfterSignOutIsDropped();

private:
    gui::TodayPage* page() const { return m_app->window().todayPage(); }
    QListWidget* entries() const;
    QLabel* todayMessage() const;
    QLabel* labelStartingWith(const QString& prefix) const;
    QStringList entryNames() const;
    QList<Mood> storedMoods(const QString& user = u"alice"_s);

    std::unique_ptr<test::GuiHarness> m_app;
};

void TestTodayPage::init()
{
    m_app = std::make_unique<test::GuiHarness>();
    m_app->showWindow();
    QVERIFY(m_app->createAccount(u"alice"_s));
    QVERIFY(page());
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
}

void TestTodayPage::cleanup()
{
    m_app.reset();
}

QListWidget* TestTodayPage::entries() const
{
    return qobject_cast<QListWidget*>(test::widgetByAccessibleName(page(), u"Today's entries"_s));
}

QLabel* TestTodayPage::todayMessage() const
{
    return test::labelByAccessibleDescription(page(), u"Today message"_s);
}

QLabel* TestTodayPage::labelStartingWith(const QString& prefix) const
{
    for (QLabel* label : page()->findChildren<QLabel*>()) {
        if (label->text().startsWith(prefix))
            return label;
    }
    return nullptr;
}

QStringList TestTodayPage::entryNames() const
{
    QStringList names;
    QAccessibleInterface* list = QAccessible::queryAccessibleInterface(entries());
    for (int i = 0; list && i < list->childCount(); ++i) {
        const QString name = list->child(i)->text(QAccessible::Name);
        if (!name.isEmpty())
            names.append(name);
    }
    return names;
}

QList<Mood> TestTodayPage::storedMoods(const QString& user)
{
    const auto summary = test::await(m_app->session(user)->summary({}));
    QList<Mood> moods;
    for (const client::Entry& entry : summary->entries)
        moods.prepend(entry.mood); // oldest first
    return moods;
}

void TestTodayPage::recordTwoWithButtonAndKeyThenTheThirdIsRefused()
{
    QVERIFY(entries());
    QVERIFY(!entries()->isVisible()); // the empty state instead
    auto* cheerful = qobject_cast<QToolButton*>(test::widgetByAccessibleName(page(), u"Cheerful"_s));
    QVERIFY(cheerful);
    QTest::mouseClick(cheerful, Qt::LeftButton);
    QTRY_COMPARE(entries()->count(), 1);
    QVERIFY(entries()->isVisible());
    QVERIFY2(entryNames().value(0).startsWith(u"Cheerful"_s), qPrintable(entryNames().join(u'|')));
    QCOMPARE(labelStartingWith(u"Current streak"_s)->text(), u"Current streak: 1 day"_s);
    QCOMPARE(labelStartingWith(u"Longest streak"_s)->text(), u"Longest streak: 1 day"_s);

    // Key 2 is Whimsical, wherever the focus is on the page (outside the note).
    m_app->clock().advance(600);
    page()->findChild<QToolButton*>(u"mood_cheerful"_s)->setFocus();
    QTest::keyClick(page()->findChild<QToolButton*>(u"mood_cheerful"_s), Qt::Key_2);
    QTRY_COMPARE(entries()->count(), 2);
    QVERIFY2(entryNames().value(1).startsWith(u"Whimsical"_s), qPrintable(entryNames().join(u'|')));
    QVERIFY(todayMessage()->text().isEmpty());

    m_app->clock().advance(600);
    QVERIFY(page()->findChild<QToolButton*>(u"mood_cheerful"_s)->hasFocus()); // kept while recording
    entries()->setFocus();                                                    // keys pick moods from the list too
    QTest::keyClick(entries(), Qt::Key_3);
    QTRY_VERIFY(!todayMessage()->text().isEmpty());
    QVERIFY2(todayMessage()->text().contains(u"two moods"_s), qPrintable(todayMessage()->text()));
    QCOMPARE(entries()->count(), 2);
    QCOMPARE(storedMoods(), (QList<Mood>{Mood::Cheerful, Mood::Whimsical}));
}

void TestTodayPage::noteIsSavedWithTheMoodAndLimited()
{
    auto* note = qobject_cast<gui::NoteEdit*>(test::widgetByAccessibleName(page(), u"Note"_s));
    QVERIFY(note);
    auto* counter = page()->findChild<QLabel*>(u"noteCounter"_s);
    QCOMPARE(counter->text(), u"0/280"_s);
    QTest::keyClicks(note, u"slept well 123"_s); // digits in the note are text, not mood keys
    QCOMPARE(counter->text(), u"14/280"_s);
    QCOMPARE(entries()->count(), 0);
    note->setPlainText(QString(300, u'x'));
    QCOMPARE(note->toPlainText().size(), 280);
    QCOMPARE(counter->text(), u"280/280"_s);
    note->setPlainText(u"slept well"_s);
    QTest::mouseClick(page()->findChild<QToolButton*>(u"mood_reflective"_s), Qt::LeftButton);
    QTRY_COMPARE(entries()->count(), 1);
    QVERIFY2(entryNames().value(0).contains(u"slept well"_s), qPrintable(entryNames().value(0)));
    QVERIFY(note->toPlainText().isEmpty()); // saved: the field is free for the next one
    const auto summary = test::await(m_app->session(u"alice"_s)->summary({}));
    QCOMPARE(summary->entries.value(0).note, u"slept well"_s);
}

void TestTodayPage::correctTodaysEntry()
{
    QTest::mouseClick(page()->findChild<QToolButton*>(u"mood_gloomy"_s), Qt::LeftButton);
    QTRY_COMPARE(entries()->count(), 1);
    auto* change = page()->findChild<QPushButton*>(u"changeButton"_s);
    QVERIFY(change->isVisible());
    QTRY_VERIFY(change->isEnabled());
    QTest::mouseClick(change, Qt::LeftButton);
    auto* dialog = m_app->window().findChild<gui::EntryEditDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto* mood = dialog->findChild<QComboBox*>(u"moodCombo"_s);
    QCOMPARE(mood->currentText(), u"Gloomy"_s);
    mood->setCurrentIndex(mood->findText(u"Idyllic"_s));
    QTest::keyClicks(dialog->findChild<gui::NoteEdit*>(u"noteEdit"_s), u"sunny after all"_s);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY2(entryNames().value(0).startsWith(u"Idyllic"_s),
                 qPrintable(entryNames().join(u'|') + u" / "_s + QString::number(entries()->count())));
    QVERIFY(entryNames().value(0).contains(u"sunny after all"_s));
    QCOMPARE(storedMoods(), QList<Mood>{Mood::Idyllic});
}

void TestTodayPage::removeTodaysEntry()
{
    QTest::mouseClick(page()->findChild<QToolButton*>(u"mood_melancholy"_s), Qt::LeftButton);
    QTRY_COMPARE(entries()->count(), 1);
    auto* remove = page()->findChild<QPushButton*>(u"removeButton"_s);
    QTRY_VERIFY(remove->isEnabled());
    // Cancel first: nothing happens.
    QTest::mouseClick(remove, Qt::LeftButton);
    auto* box = m_app->window().findChild<QMessageBox*>(u"confirmRemove"_s);
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!m_app->window().findChild<QMessageBox*>(u"confirmRemove"_s));
    QCOMPARE(storedMoods(), QList<Mood>{Mood::Melancholy});

    QTest::mouseClick(remove, Qt::LeftButton);
    box = m_app->window().findChild<QMessageBox*>(u"confirmRemove"_s);
    QVERIFY(box);
    QAbstractButton* confirm = nullptr;
    for (QAbstractButton* button : box->buttons()) {
        if (box->buttonRole(button) == QMessageBox::DestructiveRole)
            confirm = button;
    }
    QVERIFY(confirm);
    QCOMPARE(confirm->text(), u"Remove"_s);
    confirm->click();
    QTRY_COMPARE(entries()->count(), 0);
    QVERIFY(storedMoods().isEmpty());
    QCOMPARE(labelStartingWith(u"Current streak"_s)->text(), u"Current streak: 0 days"_s);
}

void TestTodayPage::streakLabelsFollowTheData()
{
    auto alice = m_app->session(u"alice"_s);
    QVERIFY(test::await(alice->record(Mood::Cheerful, kNow - 2 * kDay, {})).ok());
    QVERIFY(test::await(alice->record(Mood::Cheerful, kNow - kDay, {})).ok());
    page()->refresh();
    QTRY_COMPARE(labelStartingWith(u"Current streak"_s)->text(), u"Current streak: 2 days"_s);
    QTest::mouseClick(page()->findChild<QToolButton*>(u"mood_cheerful"_s), Qt::LeftButton);
    QTRY_COMPARE(labelStartingWith(u"Current streak"_s)->text(), u"Current streak: 3 days"_s);
    QCOMPARE(labelStartingWith(u"Longest streak"_s)->text(), u"Longest streak: 3 days"_s);
}

void TestTodayPage::percentileLineOnlyFromFifty()
{
    QVERIFY(!labelStartingWith(u"Your longest streak"_s) || !labelStartingWith(u"Your longest streak"_s)->isVisible());
    auto bob = m_app->fixture().connect();
    QVERIFY(test::await(bob->signUp(u"bob"_s, u"password123"_s)).ok());
    // alice: 1 day; bob: none. alice beats 50% of the two users.
    QTest::mouseClick(page()->findChild<QToolButton*>(u"mood_cheerful"_s), Qt::LeftButton);
    QTRY_VERIFY(labelStartingWith(u"Your longest streak"_s));
    QTRY_VERIFY(labelStartingWith(u"Your longest streak"_s)->isVisible());
    QCOMPARE(labelStartingWith(u"Your longest streak"_s)->text(), u"Your longest streak beats 50% of users"_s);
}

void TestTodayPage::emptyStateSaysWhatToDo()
{
    QLabel* empty = labelStartingWith(u"No moods yet"_s);
    QVERIFY(empty);
    QTRY_VERIFY(empty->isVisible());
    QCOMPARE(empty->text(), u"No moods yet \u2014 pick how you feel above"_s);
}

void TestTodayPage::answerAfterSignOutIsDropped()
{
    // The page (and its backend) go while the call is in flight: nothing crashes, nothing is shown.
    QTest::mouseClick(page()->findChild<QToolButton*>(u"mood_gloomy"_s), Qt::LeftButton);
    m_app->window().signOut();
    QVERIFY(m_app->window().todayPage() == nullptr);
    QTest::qWait(0);
    QTRY_COMPARE(storedMoods().size(), 1); // the core finished the write it had started
    QVERIFY(m_app->logIn(u"alice"_s));
    QTRY_COMPARE(entries()->count(), 1);
}

QTEST_MAIN(TestTodayPage)
#include "TestTodayPage.moc"
