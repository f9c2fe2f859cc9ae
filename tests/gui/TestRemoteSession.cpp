#include "Backend.h"
#include "ExportBoardDialog.h"
#include "FileActions.h"
#include "GuiHarness.h"
#include "HttpClient.h"
#include "SignInPage.h"
#include "SlowHttpServer.h"
#include "TestServer.h"
#include "TodayPage.h"
#include "YearGridWidget.h"
#include "YearPage.h"

#include <QAccessible>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace mood;
using namespace Qt::StringLiterals;

// The window against a shared Moodboard the test starts (a real ApiServer on 127.0.0.1 on its own thread, with
// the fake clock the client reads too): the same flow as on this computer, and what happens when the network
// fails: a clear message within seconds, a window that stays usable, and no mood shown as saved that was not.
class TestRemoteSession final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void registerRecordTwoThirdRefusedAndTheGrid();
    void wrongPasswordIsSaidQuickly();
    void aServerThatIsNotThere();
    void anAddressThatIsNoAddress();
    void serverStopsMidSession();
    void slowServerKeepsTheWindowResponsive();
    void aSessionTheServerEndsReturnsToSignIn();
    void exportAndImportThroughTheServer();

private:
    void chooseServer(const QString& address);
    QLabel* signInMessage() const;
    QLabel* todayMessage() const;
    QListWidget* entries() const;
    QToolButton* moodButton(const QString& name) const;
    QJsonObject storedOnServer(const QString& user, const QString& password = u"password123"_s);

    std::unique_ptr<test::TestServer> m_server;
    std::unique_ptr<test::GuiHarness> m_app;
};

void TestRemoteSession::init()
{
    m_server = std::make_unique<test::TestServer>();
    QVERIFY2(m_server->start(QString::fromLatin1(test::kSqlite)), qPrintable(m_server->error()));
    m_app = std::make_unique<test::GuiHarness>();
    client::RemoteOptions options;
    options.timeoutMs = 3000;
    options.clock = &m_server->clock();
    m_app->connector().setRemoteOptions(options);
    m_app->window().resize(1100, 760);
    m_app->showWindow();
}

void TestRemoteSession::cleanup()
{
    m_app.reset();
    m_server.reset();
}

void TestRemoteSession::chooseServer(const QString& address)
{
    m_app->find<QRadioButton>(u"sharedRadio"_s)->click();
    auto* edit = qobject_cast<QLineEdit*>(test::widgetByAccessibleName(&m_app->window(), u"Server address"_s));
    QVERIFY(edit && edit->isEnabled());
    edit->clear();
    QTest::keyClicks(edit, address);
}

QLabel* TestRemoteSession::signInMessage() const
{
    return test::labelByAccessibleDescription(m_app->window().signInPage(), u"Sign-in message"_s);
}

QLabel* TestRemoteSession::todayMessage() const
{
    return test::labelByAccessibleDescription(m_app->window().todayPage(), u"Today message"_s);
}

QListWidget* TestRemoteSession::entries() const
{
    return qobject_cast<QListWidget*>(test::widgetByAccessibleName(m_app->window().todayPage(), u"Today's entries"_s));
}

QToolButton* TestRemoteSession::moodButton(const QString& name) const
{
    return qobject_cast<QToolButton*>(test::widgetByAccessibleName(m_app->window().todayPage(), name));
}

QJsonObject TestRemoteSession::storedOnServer(const QString& user, const QString& password)
{
    test::HttpClient http = m_server->client();
    http.setBasic(user, password);
    const test::HttpReply reply = http.get(u"/mood"_s);
    if (reply.status != 200)
        qWarning("GET /mood: %d %s", reply.status, reply.body.constData());
    return reply.json().object();
}

void TestRemoteSession::registerRecordTwoThirdRefusedAndTheGrid()
{
    chooseServer(m_server->baseUrl());
    QVERIFY2(m_app->createAccount(u"alice"_s), qPrintable(signInMessage()->text()));
    QCOMPARE(m_app->window().backend()->location(), client::Location::SharedMoodboard);
    QVERIFY(moodButton(u"Cheerful"_s) && entries());
    const auto* who = m_app->window().statusBar()->findChildren<QLabel*>().first();
    QCOMPARE(who->text(), u"Signed in as alice at %1"_s.arg(m_server->baseUrl()));

    QTest::mouseClick(moodButton(u"Cheerful"_s), Qt::LeftButton);
    QTRY_COMPARE(entries()->count(), 1);
    m_server->clock().advance(600);
    QTest::keyClick(moodButton(u"Cheerful"_s), Qt::Key_5); // Gloomy
    QTRY_COMPARE(entries()->count(), 2);
    QVERIFY(todayMessage()->text().isEmpty());
    m_server->clock().advance(600);
    QTest::mouseClick(moodButton(u"Reflective"_s), Qt::LeftButton);
    QTRY_VERIFY(!todayMessage()->text().isEmpty());
    QVERIFY2(todayMessage()->text().contains(u"two moods"_s), qPrintable(todayMessage()->text()));
    QCOMPARE(entries()->count(), 2);

    // On the server, as any HTTP client sees it (Basic auth, the contract's body): two moods, newest first.
    const QJsonObject stored = storedOnServer(u"alice"_s);
    const QJsonArray history = stored.value(u"moodHistory"_s).toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).toObject().value(u"mood"_s).toString(), u"GLOOMY"_s);
    QCOMPARE(history.at(1).toObject().value(u"mood"_s).toString(), u"CHEERFUL"_s);
    QCOMPARE(stored.value(u"currentStreak"_s).toInt(), 1);

    QTest::keySequence(&m_app->window(), QKeySequence(u"Ctrl+2"_s));
    QTRY_VERIFY(m_app->window().yearPage() && m_app->window().yearPage()->isVisible());
    QAccessibleInterface* table = QAccessible::queryAccessibleInterface(m_app->window().yearPage()->grid());
    QVERIFY(table);
    QTRY_COMPARE(table->childCount(), 365);
    QTRY_COMPARE(table->child(QDate(2026, 3, 15).dayOfYear() - 1)->text(QAccessible::Name),
                 u"2026-03-15: Cheerful, Gloomy"_s);
    QCOMPARE(table->child(QDate(2026, 3, 14).dayOfYear() - 1)->text(QAccessible::Name), u"2026-03-14: no mood"_s);
}

void TestRemoteSession::wrongPasswordIsSaidQuickly()
{
    QVERIFY(m_server->addUser(u"alice"_s, u"correct horse"_s) > 0);
    chooseServer(m_server->baseUrl());
    QElapsedTimer clock;
    clock.start();
    m_app->fillSignIn(u"alice"_s, u"wrong horse"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(signInMessage()->text(), u"Wrong username or password. Check both and try again."_s,
                              5000);
    QVERIFY(clock.elapsed() < 5000);
    QVERIFY(!m_app->window().isSignedIn());
    QVERIFY(m_app->find<QPushButton>(u"logInButton"_s)->isEnabled());
    QVERIFY(m_app->logIn(u"alice"_s, u"correct horse"_s));
}

void TestRemoteSession::aServerThatIsNotThere()
{
    QTcpServer closed; // a port that nothing listens on once this is closed
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    chooseServer(u"127.0.0.1:%1"_s.arg(port));
    QElapsedTimer clock;
    clock.start();
    m_app->fillSignIn(u"alice"_s, u"password123"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(signInMessage()->text().startsWith(u"The server cannot be reached."_s), 5000);
    qInfo("unreachable said after %lld ms", static_cast<long long>(clock.elapsed()));
    QVERIFY(!m_app->window().isSignedIn());
    QVERIFY(m_app->find<QPushButton>(u"logInButton"_s)->isEnabled());
    QVERIFY(m_app->find<QPushButton>(u"createAccountButton"_s)->isEnabled());
    // The password was not the problem: it stays, and the address is ready to be corrected.
    QCOMPARE(m_app->find<QLineEdit>(u"passwordEdit"_s)->text(), u"password123"_s);
    QVERIFY(m_app->find<QLineEdit>(u"serverEdit"_s)->hasFocus());
}

void TestRemoteSession::anAddressThatIsNoAddress()
{
    chooseServer(u"http://"_s);
    m_app->fillSignIn(u"alice"_s, u"password123"_s);
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    QCOMPARE(signInMessage()->text(), u"Enter the shared Moodboard's address, for example http://192.168.1.20:5000."_s);
    QVERIFY(!m_app->window().isSignedIn());
}

void TestRemoteSession::serverStopsMidSession()
{
    chooseServer(m_server->baseUrl());
    QVERIFY2(m_app->createAccount(u"alice"_s), qPrintable(signInMessage()->text()));
    QVERIFY(moodButton(u"Cheerful"_s) && entries());
    QTest::mouseClick(moodButton(u"Cheerful"_s), Qt::LeftButton);
    QTRY_COMPARE(entries()->count(), 1);
    QTRY_VERIFY(!m_app->window().backend()->isBusy());

    m_server->stop();
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(moodButton(u"Whimsical"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!todayMessage()->text().isEmpty(), 5000);
    qInfo("connection lost said after %lld ms", static_cast<long long>(clock.elapsed()));
    QVERIFY2(todayMessage()->text().startsWith(u"The connection to the server was lost."_s),
             qPrintable(todayMessage()->text()));
    // Not shown as saved, and the page is usable again.
    QCOMPARE(entries()->count(), 1);
    QTRY_VERIFY(moodButton(u"Whimsical"_s)->isEnabled());
    QTest::keySequence(&m_app->window(), QKeySequence(u"Ctrl+2"_s));
    QTRY_VERIFY(m_app->window().yearPage() && m_app->window().yearPage()->isVisible());
    QTest::keySequence(&m_app->window(), QKeySequence(u"Ctrl+1"_s));
    QTRY_VERIFY(m_app->window().todayPage()->isVisible());
}

void TestRemoteSession::slowServerKeepsTheWindowResponsive()
{
    test::SlowHttpServer slow(2000); // answers every request after 2 s
    QVERIFY(slow.start());
    chooseServer(u"127.0.0.1:%1"_s.arg(slow.port()));
    m_app->fillSignIn(u"alice"_s, u"password123"_s);

    QTimer timer;
    timer.setInterval(10);
    QElapsedTimer sinceLast;
    qint64 largestGap = 0;
    int ticks = 0;
    connect(&timer, &QTimer::timeout, this, [&] {
        largestGap = std::max(largestGap, sinceLast.restart());
        ++ticks;
    });
    QElapsedTimer elapsed;
    elapsed.start();
    sinceLast.start();
    timer.start();
    QTest::mouseClick(m_app->find<QPushButton>(u"logInButton"_s), Qt::LeftButton);
    const qint64 clickReturned = elapsed.elapsed();
    QVERIFY(!m_app->find<QPushButton>(u"logInButton"_s)->isEnabled()); // busy while the call is in flight
    QTRY_COMPARE_WITH_TIMEOUT(signInMessage()->text(), u"Wrong username or password. Check both and try again."_s,
                              6000);
    timer.stop();
    qInfo("slow server: answer after %lld ms; %d ticks, largest gap %lld ms; the click returned in %lld ms",
          static_cast<long long>(elapsed.elapsed()), ticks, static_cast<long long>(largestGap),
          static_cast<long long>(clickReturned));
    QVERIFY(elapsed.elapsed() >= 1900);
    QVERIFY2(largestGap < 200, qPrintable(QString::number(largestGap)));
    QVERIFY(clickReturned < 200);
    QVERIFY(m_app->find<QPushButton>(u"logInButton"_s)->isEnabled());
}

void TestRemoteSession::aSessionTheServerEndsReturnsToSignIn()
{
    chooseServer(m_server->baseUrl());
    QVERIFY2(m_app->createAccount(u"alice"_s), qPrintable(signInMessage()->text()));
    QTRY_VERIFY(!m_app->window().backend()->isBusy());
    // As a password change elsewhere does: every token of alice ends.
    const auto alice = m_server->services().users.findByName(u"alice"_s);
    QVERIFY(alice && alice->has_value());
    QVERIFY(m_server->services().tokens.revokeAllOf((*alice)->id));

    QTest::mouseClick(moodButton(u"Cheerful"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_app->window().isSignedIn(), 5000);
    QVERIFY(m_app->window().signInPage()->isVisible());
    QCOMPARE(signInMessage()->text(),
             u"The server ended your session, for example after a password change. Log in again."_s);
    QCOMPARE(storedOnServer(u"alice"_s).value(u"moodHistory"_s).toArray().size(), 0); // nothing stored
    QVERIFY(m_app->logIn(u"alice"_s));
}

// File → Export data…, Import… and Export board… against the shared Moodboard: the files come from the server and
// the import lands there (checked with a plain HTTP GET).
void TestRemoteSession::exportAndImportThroughTheServer()
{
    QTemporaryDir dir;
    gui::FileActions* files = nullptr;
    const auto choose = [](QFileDialog* dialog, const QString& path) {
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->selectFile(path);
        static_cast<QDialog*>(dialog)->accept();
    };
    chooseServer(m_server->baseUrl());
    QVERIFY2(m_app->createAccount(u"alice"_s), qPrintable(signInMessage()->text()));
    QTest::mouseClick(moodButton(u"Whimsical"_s), Qt::LeftButton);
    QTRY_COMPARE(entries()->count(), 1);
    files = m_app->window().files();
    QVERIFY(files);

    const QString path = dir.filePath(u"alice.json"_s);
    choose(files->exportData(), path);
    QTRY_VERIFY_WITH_TIMEOUT(files->lastMessage() && !files->isBusy(), 20000);
    QVERIFY2(files->lastMessage()->text().contains(u"saved"_s), qPrintable(files->lastMessage()->text()));
    QFile exported(path);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray json = exported.readAll();
    QVERIFY(json.contains("moodboard-export"));
    QVERIFY(json.contains("WHIMSICAL"));

    const QString boardPath = dir.filePath(u"board.png"_s);
    files->exportBoard();
    QTRY_VERIFY_WITH_TIMEOUT(files->boardDialog() && files->boardDialog()->isVisible(), 10000);
    files->boardDialog()->setFormat(gui::ExportBoardDialog::Format::Png);
    files->boardDialog()->setPath(boardPath);
    files->boardDialog()->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(boardPath) && !files->isBusy(), 20000);
    QVERIFY(!QImage(boardPath).isNull());

    m_app->window().signOut();
    QVERIFY2(m_app->createAccount(u"bob"_s), qPrintable(signInMessage()->text()));
    files = m_app->window().files();
    QVERIFY(files);
    choose(files->importData(), path);
    QTRY_VERIFY_WITH_TIMEOUT(files->lastMessage() && files->lastMessage()->text().startsWith(u"Imported"_s), 20000);
    QVERIFY2(files->lastMessage()->text().contains(u"Imported 1 of 1"_s), qPrintable(files->lastMessage()->text()));
    const QJsonArray bobs = storedOnServer(u"bob"_s).value(u"moodHistory"_s).toArray();
    QCOMPARE(bobs.size(), 1);
    QCOMPARE(bobs.first().toObject().value(u"mood"_s).toString(), u"WHIMSICAL"_s);
}

QTEST_MAIN(TestRemoteSession)
#include "TestRemoteSession.moc"
