#include "AppSettings.h"
#include "Backend.h"
#include "BoardRenderer.h"
#include "GuiHarness.h"
#include "LocalInstance.h"
#include "MailSettingsBox.h"
#include "PreferencesDialog.h"
#include "Services.h"
#include "SmtpTestServer.h"
#include "YearEndDuty.h"

#include <QFile>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QTimeZone>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
QJsonObject partOfType(const QJsonObject& mail, const QString& type)
{
    for (const QJsonValue& part : mail.value(u"parts"_s).toArray()) {
        if (part.toObject().value(u"content_type"_s).toString() == type)
            return part.toObject();
    }
    return {};
}
} // namespace

// Preferences → "Year-end board by email" against a real SMTP server on 127.0.0.1, and the year-end mail the
// desktop app sends by itself on its first start after a year ended.
class TestBoardMail final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void sendMeMyBoardNow();
    void aBadServerSaysSo();
    void yearEndMailOnceOnTheFirstStartAfterTheYear();
    void oneYearRetentionWaitsForTheYearEndMail();
    void passwordNeverInTheSettings();

private:
    gui::MailSettingsBox* openMailSettings();
    void setEmail(const QString& username, const QString& email);
    qsizetype entriesOf2026(const QString& username);
    bool waitForYearEndDuty();

    std::unique_ptr<test::GuiHarness> m_app;
    test::SmtpTestServer m_smtp;
};

void TestBoardMail::init()
{
    QVERIFY2(m_smtp.start(), qPrintable(m_smtp.error()));
    m_app = std::make_unique<test::GuiHarness>();
    m_app->showWindow();
}

void TestBoardMail::cleanup()
{
    m_app.reset();
    m_smtp.stop();
}

void TestBoardMail::setEmail(const QString& username, const QString& email)
{
    auto session = m_app->session(username);
    client::ProfileChanges changes;
    changes.email = email;
    QVERIFY(test::await(session->updateProfile(changes)).ok());
}

qsizetype TestBoardMail::entriesOf2026(const QString& username)
{
    const auto summary = test::await(m_app->session(username)->summary(client::HistoryRequest{2026, 0}));
    return summary ? summary->entries.size() : -1;
}

bool TestBoardMail::waitForYearEndDuty()
{
    auto* duty = m_app->window().findChild<gui::YearEndDuty*>();
    if (!duty)
        return false;
    return QTest::qWaitFor([duty] { return !duty->isRunning(); }, 30000);
}

gui::MailSettingsBox* TestBoardMail::openMailSettings()
{
    gui::PreferencesDialog* dialog = m_app->window().openPreferences();
    if (!dialog || !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog->mailSettings();
}

void TestBoardMail::sendMeMyBoardNow()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    setEmail(u"alice"_s, u"alice@example.org"_s);
    auto alice = m_app->session(u"alice"_s);
    QVERIFY(test::await(alice->record(Mood::Cheerful, std::nullopt, u"sunny"_s)).ok());

    gui::MailSettingsBox* box = openMailSettings();
    QVERIFY(box);
    auto* url = qobject_cast<QLineEdit*>(test::widgetByAccessibleName(box, u"SMTP server"_s));
    auto* from = qobject_cast<QLineEdit*>(test::widgetByAccessibleName(box, u"Sender address"_s));
    QVERIFY(url && from && test::widgetByAccessibleName(box, u"SMTP password"_s));
    url->setText(m_smtp.url());
    from->setText(u"Moodboard <board@example.org>"_s);
    auto* send = qobject_cast<QPushButton*>(test::widgetByAccessibleName(box, u"Send me my board now"_s));
    QVERIFY(send);
    send->click();
    QTRY_VERIFY_WITH_TIMEOUT(!box->isBusy(), 30000);
    QVERIFY2(box->message().contains(u"Your board of 2026 was sent to alice@example.org"_s),
             qPrintable(box->message()));
    QVERIFY(m_smtp.waitForMessages(1));
    QCOMPARE(m_smtp.messages().size(), 1);
    const QJsonObject mail = m_smtp.messages().first();
    QCOMPARE(mail.value(u"rcpt_tos"_s).toArray(), QJsonArray{u"alice@example.org"_s});
    QCOMPARE(mail.value(u"mail_from"_s).toString(), u"board@example.org"_s);
    QVERIFY(mail.value(u"structure"_s).toString().contains(u"image/png"_s));
    QVERIFY(mail.value(u"structure"_s).toString().contains(u"application/pdf"_s));
    const QImage png = QImage::fromData(
        QByteArray::fromBase64(partOfType(mail, u"image/png"_s).value(u"data_base64"_s).toString().toLatin1()));
    QCOMPARE(png.size(), render::BoardRenderer::kPageSize.toSize());
    render::BoardSheet sheet;
    sheet.grid.year = 2026;
    const QRectF today = render::BoardRenderer(sheet).geometry().grid.cellRect(QDate(2026, 3, 15));
    QCOMPARE(png.pixelColor(today.center().toPoint()), render::MoodPalette::standard().level(5));
    const QByteArray pdf =
        QByteArray::fromBase64(partOfType(mail, u"application/pdf"_s).value(u"data_base64"_s).toString().toLatin1());
    QVERIFY(pdf.startsWith("%PDF"));
    // "Send now" is a test: it does not count as the year-end mail.
    QCOMPARE(m_smtp.messages().size(), 1);
}

void TestBoardMail::aBadServerSaysSo()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    setEmail(u"alice"_s, u"alice@example.org"_s);
    gui::MailSettingsBox* box = openMailSettings();
    QVERIFY(box);
    qobject_cast<QLineEdit*>(test::widgetByAccessibleName(box, u"SMTP server"_s))->setText(u"smtp://127.0.0.1:1"_s);
    box->sendNow();
    QTRY_VERIFY_WITH_TIMEOUT(!box->isBusy(), 30000);
    QVERIFY2(box->message().contains(u"The mail was not sent"_s), qPrintable(box->message()));
    qobject_cast<QLineEdit*>(test::widgetByAccessibleName(box, u"SMTP server"_s))->setText(u"http://nope"_s);
    box->sendNow();
    QTRY_VERIFY_WITH_TIMEOUT(!box->isBusy(), 30000);
    QVERIFY2(box->message().contains(u"The mail was not sent"_s), qPrintable(box->message()));
}

void TestBoardMail::yearEndMailOnceOnTheFirstStartAfterTheYear()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    m_app->window().signOut();
    QVERIFY(m_app->createAccount(u"bob"_s));
    setEmail(u"alice"_s, u"alice@example.org"_s);
    m_app->clock().setNow(QDateTime(QDate(2026, 12, 30), QTime(12, 0), QTimeZone::utc()));
    QVERIFY(test::await(m_app->session(u"alice"_s)->record(Mood::Whimsical, std::nullopt, {})).ok());
    QVERIFY(test::await(m_app->session(u"bob"_s)->record(Mood::Gloomy, std::nullopt, {})).ok()); // no address
    m_app->settings().setValue(gui::AppSettings::Key::MailSmtpUrl, m_smtp.url());
    m_app->settings().setValue(gui::AppSettings::Key::MailFrom, u"board@example.org"_s);

    m_app->restartApp(); // still 2026: nothing to mail
    QTest::qWait(500);
    QCOMPARE(m_smtp.messages().size(), 0);

    m_app->clock().setNow(QDateTime(QDate(2027, 1, 2), QTime(9, 0), QTimeZone::utc()));
    m_app->restartApp();
    QVERIFY(m_smtp.waitForMessages(1));
    QCOMPARE(m_smtp.messages().first().value(u"rcpt_tos"_s).toArray(), QJsonArray{u"alice@example.org"_s});
    QVERIFY(m_smtp.messages().first().value(u"subject"_s).toString().contains(u"2026"_s));
    m_app->restartApp(); // exactly once
    QTest::qWait(1500);
    QCOMPARE(m_smtp.messages().size(), 1);
}

void TestBoardMail::oneYearRetentionWaitsForTheYearEndMail()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    m_app->window().signOut();
    QVERIFY(m_app->createAccount(u"bob"_s));
    setEmail(u"alice"_s, u"alice@example.org"_s);
    m_app->clock().setNow(QDateTime(QDate(2026, 12, 30), QTime(12, 0), QTimeZone::utc()));
    QVERIFY(test::await(m_app->session(u"alice"_s)->record(Mood::Whimsical, std::nullopt, {})).ok());
    QVERIFY(test::await(m_app->session(u"bob"_s)->record(Mood::Gloomy, std::nullopt, {})).ok()); // no address
    const auto policy =
        test::await(m_app->fixture().instance().run<bool>([](Services& services) -> client::Result<bool> {
            if (!services.settings.setRetention(RetentionPolicy::KeepOneYear))
                return client::Error{client::ErrorKind::ServerError, u"retention not set"_s};
            return true;
        }));
    QVERIFY(policy.ok());

    // 2027, and alice's mail is refused: the moods of 2026 stay, for everyone, until it went out.
    m_smtp.stop();
    test::SmtpTestServer::Options refusing;
    refusing.refuse = QStringList{u"alice@example.org"_s};
    QVERIFY2(m_smtp.start(refusing), qPrintable(m_smtp.error()));
    m_app->settings().setValue(gui::AppSettings::Key::MailSmtpUrl, m_smtp.url());
    m_app->settings().setValue(gui::AppSettings::Key::MailFrom, u"board@example.org"_s);
    m_app->clock().setNow(QDateTime(QDate(2027, 1, 2), QTime(9, 0), QTimeZone::utc()));
    m_app->restartApp();
    QVERIFY(waitForYearEndDuty());
    QCOMPARE(m_smtp.messages().size(), 0);
    QCOMPARE(entriesOf2026(u"alice"_s), 1);
    QCOMPARE(entriesOf2026(u"bob"_s), 1);

    // The next start delivers it, and then the year goes.
    m_smtp.stop();
    QVERIFY2(m_smtp.start(), qPrintable(m_smtp.error()));
    m_app->settings().setValue(gui::AppSettings::Key::MailSmtpUrl, m_smtp.url());
    m_app->restartApp();
    QVERIFY(m_smtp.waitForMessages(1));
    QVERIFY(waitForYearEndDuty());
    QCOMPARE(m_smtp.messages().first().value(u"rcpt_tos"_s).toArray(), QJsonArray{u"alice@example.org"_s});
    QCOMPARE(entriesOf2026(u"alice"_s), 0);
    QCOMPARE(entriesOf2026(u"bob"_s), 0);
}

void TestBoardMail::passwordNeverInTheSettings()
{
    QVERIFY(m_app->createAccount(u"alice"_s));
    gui::MailSettingsBox* box = openMailSettings();
    QVERIFY(box);
    qobject_cast<QLineEdit*>(test::widgetByAccessibleName(box, u"SMTP server"_s))
        ->setText(u"smtp://mailer:s3cr3t-word@127.0.0.1:2525"_s);
    box->save();
    QCOMPARE(m_app->settings().value(gui::AppSettings::Key::MailSmtpUrl).toString(), u"smtp://mailer@127.0.0.1:2525"_s);
    QCOMPARE(qobject_cast<QLineEdit*>(test::widgetByAccessibleName(box, u"SMTP password"_s))->text(), u"s3cr3t-word"_s);
    m_app->settings().sync();
    QFile ini(m_app->settingsPath());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains("s3cr3t-word"));
}

QTEST_MAIN(TestBoardMail)
#include "TestBoardMail.moc"
