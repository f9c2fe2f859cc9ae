#include "Backend.h"
#include "BusySpinner.h"
#include "GuiHarness.h"
#include "SignInPage.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QTimer>

using namespace mood;
using namespace Qt::StringLiterals;

// The GUI thread never waits: Argon2id at a slow setting (64 passes over 64 MiB, a second or more) runs on the
// backend's pool while a timer on the GUI thread keeps firing and the page shows it is busy.
class TestResponsiveness final : public QObject
{
    Q_OBJECT

private slots:
    void slowCreateAccountKeepsTheWindowResponsive();
};

void TestResponsiveness::slowCreateAccountKeepsTheWindowResponsive()
{
    test::GuiHarness app(PasswordHasher::Strength::Slow);
    app.showWindow();

    QTimer timer;
    timer.setInterval(10);
    QElapsedTimer sinceTick;
    qint64 largestGap = 0;
    int ticks = 0;
    connect(&timer, &QTimer::timeout, [&] {
        largestGap = std::max(largestGap, sinceTick.restart());
        ++ticks;
    });

    app.fillSignIn(u"alice"_s, u"correct horse battery"_s);
    QElapsedTimer call;
    call.start();
    sinceTick.start();
    timer.start();
    QTest::mouseClick(app.find<QPushButton>(u"createAccountButton"_s), Qt::LeftButton);
    const qint64 clickTook = call.elapsed();

    // Busy while in flight: buttons off, the spinner on.
    QVERIFY(app.window().signInPage()->isBusy());
    QVERIFY(!app.find<QPushButton>(u"logInButton"_s)->isEnabled());
    QVERIFY(!app.find<QPushButton>(u"createAccountButton"_s)->isEnabled());
    QVERIFY(!app.find<QLineEdit>(u"passwordEdit"_s)->isEnabled());
    QVERIFY(app.window().signInPage()->findChild<gui::BusySpinner*>()->isRunning());

    QTRY_VERIFY_WITH_TIMEOUT(app.window().isSignedIn(), 60000);
    timer.stop();
    const qint64 total = call.elapsed();
    qInfo("Argon2id (slow) sign-up took %lld ms; %d ticks, largest gap %lld ms; the click returned in %lld ms", total,
          ticks, largestGap, clickTook);
    QVERIFY2(total > 500, "the slow setting takes long: otherwise this test proves nothing");
    QVERIFY2(clickTook < 100, qPrintable(QString::number(clickTook)));
    QVERIFY2(largestGap < 250, qPrintable(QString::number(largestGap)));
    QVERIFY(ticks > total / 40); // it kept firing all along
    QVERIFY(!app.window().signInPage()->findChild<gui::BusySpinner*>()->isRunning());
}

QTEST_MAIN(TestResponsiveness)
#include "TestResponsiveness.moc"
