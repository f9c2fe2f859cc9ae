#include "Backend.h"
#include "GuiHarness.h"
#include "PreferencesDialog.h"
#include "SharingDialog.h"
#include "TodayPage.h"
#include "YearGridWidget.h"
#include "YearPage.h"

#include <QAccessible>
#include <QPushButton>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
struct Node {
    QAccessible::Role role;
    QString name;
    QString description;
};

// What a screen reader can reach from root: every interface below it, as (role, name, description).
void walk(QAccessibleInterface* iface, QList<Node>* out, int depth = 0)
{
    if (!iface || !iface->isValid() || depth > 30)
        return;
    if (iface->state().invisible)
        return;
    out->append({iface->role(), iface->text(QAccessible::Name), iface->text(QAccessible::Description)});
    // The grid's 365 cells are checked on their own; here its first cell stands for them.
    const int count = iface->role() == QAccessible::Table ? std::min(iface->childCount(), 1) : iface->childCount();
    for (int i = 0; i < count; ++i)
        walk(iface->child(i), out, depth + 1);
}

QList<Node> tree(QWidget* root)
{
    QList<Node> nodes;
    walk(QAccessible::queryAccessibleInterface(root), &nodes);
    return nodes;
}

bool hasName(const QList<Node>& nodes, const QString& name, std::optional<QAccessible::Role> role = {})
{
    return std::any_of(nodes.cbegin(), nodes.cend(),
                       [&](const Node& n) { return n.name == name && (!role || n.role == *role); });
}

bool hasDescription(const QList<Node>& nodes, const QString& description)
{
    return std::any_of(nodes.cbegin(), nodes.cend(), [&](const Node& n) { return n.description == description; });
}

QString dump(const QList<Node>& nodes)
{
    QStringList lines;
    for (const Node& n : nodes)
        lines.append(u"%1 '%2' [%3]"_s.arg(int(n.role)).arg(n.name, n.description));
    return lines.join(u'\n');
}
} // namespace

// The names of DESKTOP.md section 3 for these screens, as a screen reader finds them.
class TestAccessibility final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void signInPage();
    void mainWindowTodayAndYear();
    void sharingAndPreferencesDialogs();

private:
    std::unique_ptr<test::GuiHarness> m_app;
};

void TestAccessibility::init()
{
    m_app = std::make_unique<test::GuiHarness>();
    m_app->showWindow();
}

void TestAccessibility::cleanup()
{
    m_app.reset();
}

void TestAccessibility::signInPage()
{
    const QList<Node> nodes = tree(&m_app->window());
    QVERIFY2(hasName(nodes, u"This computer"_s, QAccessible::RadioButton), qPrintable(dump(nodes)));
    QVERIFY(hasName(nodes, u"A shared Moodboard"_s, QAccessible::RadioButton));
    QVERIFY(hasName(nodes, u"Server address"_s, QAccessible::EditableText));
    QVERIFY(hasName(nodes, u"Username"_s, QAccessible::EditableText));
    QVERIFY(hasName(nodes, u"Password"_s, QAccessible::EditableText));
    QVERIFY(hasName(nodes, u"Log in"_s, QAccessible::Button));
    QVERIFY(hasName(nodes, u"Create account"_s, QAccessible::Button));
    QVERIFY(hasName(nodes, u"Moodboard"_s, QAccessible::Window) || hasName(nodes, u"Moodboard"_s));

    // The message line: found by its description, named by its text once there is one.
    m_app->fillSignIn(u"nobody"_s, u"password123"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    const auto messageName = [this] {
        const QList<Node> after = tree(&m_app->window());
        const auto message = std::find_if(after.cbegin(), after.cend(),
                                          [](const Node& n) { return n.description == u"Sign-in message"_s; });
        return message == after.cend() ? QString() : message->name;
    };
    QTRY_COMPARE(messageName(), u"Wrong username or password. Check both and try again."_s);
}

void TestAccessibility::mainWindowTodayAndYear()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    QVERIFY(test::await(m_app->window().backend()->record(Mood::Cheerful, std::nullopt, u"sun"_s)).ok());
    m_app->window().todayPage()->refresh();
    QTRY_VERIFY(hasName(tree(&m_app->window()), u"Current streak: 1 day"_s));

    QList<Node> nodes = tree(&m_app->window());
    QVERIFY2(hasName(nodes, u"Pages"_s, QAccessible::List), qPrintable(dump(nodes)));
    QVERIFY(hasName(nodes, u"Today"_s, QAccessible::ListItem));
    QVERIFY(hasName(nodes, u"Year"_s, QAccessible::ListItem));
    for (const QString& mood : {u"Cheerful"_s, u"Whimsical"_s, u"Reflective"_s, u"Melancholy"_s, u"Gloomy"_s})
        QVERIFY2(hasName(nodes, mood, QAccessible::Button), qPrintable(mood));
    QVERIFY(hasName(nodes, u"Note"_s, QAccessible::EditableText));
    QVERIFY(hasName(nodes, u"Current streak: 1 day"_s, QAccessible::StaticText));
    QVERIFY(hasName(nodes, u"Longest streak: 1 day"_s, QAccessible::StaticText));
    QVERIFY(hasDescription(nodes, u"Today message"_s));
    QVERIFY(hasName(nodes, u"Today's entries"_s, QAccessible::List));
    const auto entry = std::find_if(nodes.cbegin(), nodes.cend(), [](const Node& n) {
        return n.role == QAccessible::ListItem && n.name.startsWith(u"Cheerful"_s);
    });
    QVERIFY2(entry != nodes.cend(), qPrintable(dump(nodes)));

    m_app->window().showPage(gui::MainWindow::Page::Year);
    QTRY_COMPARE(m_app->window().yearPage()->year(), 2026);
    nodes = tree(&m_app->window());
    QVERIFY2(hasName(nodes, u"Year grid"_s, QAccessible::Table), qPrintable(dump(nodes)));
    QVERIFY(hasName(nodes, u"Year"_s, QAccessible::ComboBox));
    QVERIFY(hasName(nodes, u"2026-01-01: no mood"_s, QAccessible::Cell));
    QAccessibleInterface* grid = QAccessible::queryAccessibleInterface(m_app->window().yearPage()->grid());
    QCOMPARE(grid->childCount(), 365);
    QStringList names;
    for (int i = 0; i < grid->childCount(); ++i)
        names.append(grid->child(i)->text(QAccessible::Name));
    QCOMPARE(names.filter(u": no mood"_s).size(), 364);
    QCOMPARE(names.value(QDate(2026, 3, 15).dayOfYear() - 1), u"2026-03-15: Cheerful"_s);
    QCOMPARE(grid->indexOfChild(grid->child(100)), 100);
    QCOMPARE(grid->child(100)->parent(), grid);
}

void TestAccessibility::sharingAndPreferencesDialogs()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    gui::SharingDialog* sharing = m_app->window().openSharing();
    QVERIFY(sharing);
    QTRY_VERIFY(sharing->isVisible() && !sharing->isBusy());
    QList<Node> nodes = tree(sharing);
    QVERIFY2(hasName(nodes, u"Share on the network"_s, QAccessible::CheckBox), qPrintable(dump(nodes)));
    QVERIFY(hasName(nodes, u"Listen address"_s, QAccessible::ComboBox));
    QVERIFY(hasName(nodes, u"Port"_s, QAccessible::SpinBox));
    QVERIFY(hasName(nodes, u"Allow new accounts"_s, QAccessible::CheckBox));
    QVERIFY(hasName(nodes, u"Back-fill days"_s, QAccessible::SpinBox));
    QVERIFY(hasDescription(nodes, u"Share address"_s));
    for (const QString& button : {u"OK"_s, u"Cancel"_s, u"Apply"_s})
        QVERIFY2(hasName(nodes, button, QAccessible::Button), qPrintable(button));
    sharing->close();

    gui::PreferencesDialog* preferences = m_app->window().openPreferences();
    QVERIFY(preferences);
    QTRY_VERIFY(preferences->isVisible() && !preferences->isBusy());
    nodes = tree(preferences);
    QVERIFY2(hasName(nodes, u"Time zone"_s, QAccessible::ComboBox), qPrintable(dump(nodes)));
    QVERIFY(hasName(nodes, u"Email"_s, QAccessible::EditableText));
    // This computer: the year-end mail settings.
    QVERIFY(hasName(nodes, u"SMTP server"_s, QAccessible::EditableText));
    QVERIFY(hasName(nodes, u"Sender address"_s, QAccessible::EditableText));
    QVERIFY(hasName(nodes, u"SMTP password"_s, QAccessible::EditableText));
    QVERIFY(hasName(nodes, u"Send me my board now"_s, QAccessible::Button));
    QVERIFY(hasDescription(nodes, u"Mail message"_s));
    for (const QString& button : {u"OK"_s, u"Cancel"_s, u"Apply"_s})
        QVERIFY2(hasName(nodes, button, QAccessible::Button), qPrintable(button));
    // The combo's value is the zone, its name stays "Time zone".
    QAccessibleInterface* zone = nullptr;
    for (QWidget* widget : preferences->findChildren<QWidget*>()) {
        QAccessibleInterface* a = QAccessible::queryAccessibleInterface(widget);
        if (a->text(QAccessible::Name) == u"Time zone"_s && a->role() == QAccessible::ComboBox)
            zone = a;
    }
    QVERIFY(zone);
    QCOMPARE(zone->text(QAccessible::Value), u"UTC"_s);
}

QTEST_MAIN(TestAccessibility)
#include "TestAccessibility.moc"
