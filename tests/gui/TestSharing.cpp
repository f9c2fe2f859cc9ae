#include "Backend.h"
#include "GuiHarness.h"
#include "HttpClient.h"
#include "LocalInstance.h"
#include "ShareHost.h"
#include "SharingDialog.h"

#include <QAccessible>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
bool portIsOpen(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(3000);
}

// Measures the largest pause between ticks of a 10 ms timer on the GUI thread while it runs.
class TickWatch final
{
public:
    TickWatch()
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_largestGap = std::max(m_largestGap, m_sinceTick.restart());
            ++m_ticks;
        });
        m_sinceTick.start();
        m_timer.start();
    }
    qint64 largestGapMs() const { return m_largestGap; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_largestGap = 0;
    int m_ticks = 0;
};
} // namespace

// Sharing…: the embedded server on the app's own database, on and off, and again after a restart.
class TestSharing final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void shareServesTheAppsOwnDatabaseWhileTheWindowStaysResponsive();
    void sharingIsOnAgainAfterARestart();
    void rulesAreApplied();
    void onlyTheAdminMayShare();
    void portInUseIsExplainedAndNotSaved();

private:
    gui::SharingDialog* openDialog();
    void choose(gui::SharingDialog* dialog, bool share, const QString& addressKey, int port);
    void press(gui::SharingDialog* dialog, QDialogButtonBox::StandardButton button);
    client::ShareHost& host() { return m_app->fixture().instance().sharing(); }

    std::unique_ptr<test::GuiHarness> m_app;
};

void TestSharing::init()
{
    m_app = std::make_unique<test::GuiHarness>();
    m_app->showWindow();
    QVERIFY(m_app->createAccount(u"alice"_s));
}

void TestSharing::cleanup()
{
    m_app.reset();
}

gui::SharingDialog* TestSharing::openDialog()
{
    gui::SharingDialog* dialog = m_app->window().openSharing();
    if (!dialog)
        return nullptr;
    const bool ready = QTest::qWaitFor([dialog] { return dialog->isVisible() && !dialog->isBusy(); }, 5000);
    return ready ? dialog : nullptr;
}

void TestSharing::choose(gui::SharingDialog* dialog, bool share, const QString& addressKey, int port)
{
    qobject_cast<QCheckBox*>(test::widgetByAccessibleName(dialog, u"Share on the network"_s))->setChecked(share);
    auto* address = qobject_cast<QComboBox*>(test::widgetByAccessibleName(dialog, u"Listen address"_s));
    address->setCurrentIndex(address->findData(addressKey));
    qobject_cast<QSpinBox*>(test::widgetByAccessibleName(dialog, u"Port"_s))->setValue(port);
}

void TestSharing::press(gui::SharingDialog* dialog, QDialogButtonBox::StandardButton button)
{
    QPushButton* pushButton = dialog->findChild<QDialogButtonBox*>()->button(button);
    QVERIFY(pushButton->isEnabled());
    QTest::mouseClick(pushButton, Qt::LeftButton);
}

void TestSharing::shareServesTheAppsOwnDatabaseWhileTheWindowStaysResponsive()
{
    QVERIFY(test::await(m_app->window().backend()->record(Mood::Romantic, std::nullopt, u"roses"_s)).ok());
    gui::SharingDialog* dialog = openDialog();
    QVERIFY(dialog);
    QLabel* shareAddress = test::labelByAccessibleDescription(dialog, u"Share address"_s);
    QVERIFY(shareAddress);
    QCOMPARE(shareAddress->text(), u"Not shared"_s);

    choose(dialog, true, u"localhost"_s, 0);
    TickWatch watch;
    press(dialog, QDialogButtonBox::Apply);
    QTRY_VERIFY(host().status().running);
    QTRY_VERIFY(!dialog->isBusy());
    const quint16 port = host().status().port;
    QVERIFY(port != 0);
    const QString url = u"http://127.0.0.1:%1"_s.arg(port);
    QCOMPARE(shareAddress->text(), url + u" (this computer only)"_s);
    QCOMPARE(QAccessible::queryAccessibleInterface(shareAddress)->text(QAccessible::Name), shareAddress->text());

    // Real HTTP from outside the app: answered from the window's own database.
    test::HttpClient http(url);
    QCOMPARE(http.get(u"/health"_s).status, 200);
    QCOMPARE(http.get(u"/health"_s).json()[u"status"_s].toString(), u"healthy"_s);
    http.setBasic(u"alice"_s, u"password123"_s);
    const auto mood = http.get(u"/mood"_s);
    QCOMPARE(mood.status, 200);
    QCOMPARE(mood.json()[u"moodHistory"_s][0][u"mood"_s].toString(), u"ROMANTIC"_s);
    http.setBasic(u"alice"_s, u"wrong password"_s);
    QCOMPARE(http.get(u"/mood"_s).status, 401);
    for (int i = 0; i < 20; ++i) // a client that keeps asking: answered by the server's threads
        QCOMPARE(http.get(u"/health"_s).status, 200);
    QTRY_VERIFY(watch.ticks() > 0);
    QVERIFY2(watch.largestGapMs() < 300, qPrintable(QString::number(watch.largestGapMs())));

    // The status bar says where others find it.
    QTRY_VERIFY(m_app->window().statusBar()->findChildren<QLabel*>().size() >= 2);
    bool announced = false;
    for (QLabel* label : m_app->window().statusBar()->findChildren<QLabel*>())
        announced = announced || (label->isVisible() && label->text().contains(url));
    QVERIFY(announced);

    // Off: the port is closed.
    choose(dialog, false, u"localhost"_s, 0);
    press(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY(!dialog->isVisible());
    QTRY_VERIFY(!host().status().running);
    QVERIFY(!portIsOpen(port));
    QCOMPARE(m_app->settings().shareSettings().enabled, false);
}

void TestSharing::sharingIsOnAgainAfterARestart()
{
    gui::SharingDialog* dialog = openDialog();
    QVERIFY(dialog);
    choose(dialog, true, u"localhost"_s, 0);
    press(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY(!dialog->isVisible());
    QVERIFY(host().status().running);
    const quint16 before = host().status().port;

    m_app->restartApp(); // the old instance (and its server) is gone
    QVERIFY(!portIsOpen(before));
    m_app->showWindow();
    // Shared again at start, before anyone signs in.
    QTRY_VERIFY(host().status().running);
    test::HttpClient http(u"http://127.0.0.1:%1"_s.arg(host().status().port));
    QCOMPARE(http.get(u"/health"_s).status, 200);
    QVERIFY(m_app->settings().shareSettings().enabled);
}

void TestSharing::rulesAreApplied()
{
    gui::SharingDialog* dialog = openDialog();
    QVERIFY(dialog);
    auto* registration = qobject_cast<QCheckBox*>(test::widgetByAccessibleName(dialog, u"Allow new accounts"_s));
    auto* backfill = qobject_cast<QSpinBox*>(test::widgetByAccessibleName(dialog, u"Back-fill days"_s));
    QVERIFY(registration && backfill);
    QVERIFY(registration->isChecked());
    QCOMPARE(backfill->value(), 7);
    registration->setChecked(false);
    backfill->setValue(2);
    press(dialog, QDialogButtonBox::Ok);
    QTRY_VERIFY(!dialog->isVisible());

    const auto rules = test::await(host().rules());
    QVERIFY(!rules->registrationOpen);
    QCOMPARE(rules->backfillDays, 2);
    QCOMPARE(m_app->settings().value(gui::AppSettings::Key::BackfillDays).toInt(), 2);
    constexpr qint64 kNow = 1773576000;
    QCOMPARE(test::await(m_app->window().backend()->record(Mood::Cheerful, kNow - 3 * 86400, {})).error().kind,
             client::ErrorKind::RefusedByRule);
    auto bob = m_app->fixture().connect();
    QCOMPARE(test::await(bob->signUp(u"bob"_s, u"password123"_s)).error().kind, client::ErrorKind::Forbidden);
}

void TestSharing::onlyTheAdminMayShare()
{
    auto bob = m_app->fixture().connect();
    QVERIFY(test::await(bob->signUp(u"bob"_s, u"password123"_s)).ok());
    m_app->window().signOut();
    QVERIFY(m_app->logIn(u"bob"_s));
    QAction* sharing = nullptr;
    for (QAction* action : m_app->window().findChildren<QAction*>()) {
        if (action->objectName() == u"actionSharing"_s)
            sharing = action;
    }
    QVERIFY(sharing);
    QVERIFY(!sharing->isEnabled());
    QVERIFY(m_app->window().openSharing() == nullptr);
}

void TestSharing::portInUseIsExplainedAndNotSaved()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    gui::SharingDialog* dialog = openDialog();
    QVERIFY(dialog);
    choose(dialog, true, u"localhost"_s, taken.serverPort());
    press(dialog, QDialogButtonBox::Ok);
    QLabel* status = test::labelByAccessibleDescription(dialog, u"Sharing message"_s);
    QTRY_VERIFY(status->text().contains(u"could not listen"_s));
    QVERIFY(dialog->isVisible()); // stays open to pick another port
    QVERIFY(!host().status().running);
    QVERIFY(!m_app->settings().shareSettings().enabled);
}

QTEST_MAIN(TestSharing)
#include "TestSharing.moc"
