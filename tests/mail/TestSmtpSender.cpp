#include "MimeMessage.h"
#include "SmtpSender.h"
#include "SmtpTestServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QMutex>
#include <QNetworkInterface>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTest>

using namespace mood::mail;
using namespace mood::test;
using namespace Qt::StringLiterals;

namespace {
const QString kPassword = u"s3cr3t p@ss:w/rd%é"_s; // needs percent-encoding in a URL

QByteArray randomBytes(int size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (char& c : data)
        c = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return data;
}

struct Sample {
    QByteArray png = randomBytes(20000);
    QByteArray pdf = randomBytes(9000);
    QString plain = u"Hello Jürgen,\n.\n..leading dots\nthe end.\n"_s;
    QString html = u"<p>Hello J&uuml;rgen</p><img src=\"cid:board@example.org\">"_s;
    QString subject = u"Dein Moodboard 2026 — Jürgen 🙂"_s;

    QByteArray message(const QString& to) const
    {
        MimeMessage m;
        m.setFrom({u"Moodböard"_s, u"board@example.org"_s});
        m.setTo({u"Jürgen"_s, to});
        m.setSubject(subject);
        m.setPlainText(plain);
        m.setHtml(html);
        m.addInline({"image/png", u"board-2026.png"_s, "board@example.org", png});
        m.addAttachment({"application/pdf", u"board-2026.pdf"_s, {}, pdf});
        return m.serialize();
    }
};

QJsonObject partOfType(const QJsonObject& message, const QString& type)
{
    for (const QJsonValue& part : message.value(u"parts"_s).toArray()) {
        if (part.toObject().value(u"content_type"_s).toString() == type)
            return part.toObject();
    }
    return {};
}

// Everything the program logs while alive, to check that no password ever reaches a log.
QMutex g_logMutex;
QStringList g_log;
void captureLog(QtMsgType, const QMessageLogContext&, const QString& message)
{
    QMutexLocker lock(&g_logMutex);
    g_log.append(message);
}

std::optional<QString> nonLoopbackAddress()
{
    for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback())
            return address.toString();
    }
    return std::nullopt;
}
} // namespace

class TestSmtpSender final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void urlParsing_data();
    void urlParsing();
    void tlsPolicy_data();
    void tlsPolicy();
    void deliversTheWholeStructure();
    void severalMessagesOverOneSender();
    void refusedRecipientIsNotDelivered();
    void authOnLoopbackWithoutTls();
    void wrongPasswordIsNeverShown();
    void startTlsVerifiesTheCertificate();
    void startTlsWithAuthToAnotherMachine();
    void credentialsToAnotherMachineNeedTls();
    void implicitTls();
    void deadServerTimesOut();
    void noReplyAfterTheMessageIsUnknown();
    void hangBeforeTheMessageIsNotDelivered();
    void beforeMessageCanCancel();

private:
    SmtpOptions options(const QString& url, int timeoutSeconds = 20) const;
    SmtpTestServer m_server;
    Sample m_sample;
    QtMessageHandler m_previousHandler = nullptr;
};

void TestSmtpSender::initTestCase()
{
    m_previousHandler = qInstallMessageHandler(captureLog);
}

void TestSmtpSender::cleanupTestCase()
{
    qInstallMessageHandler(m_previousHandler);
    QMutexLocker lock(&g_logMutex);
    for (const QString& line : std::as_const(g_log))
        QVERIFY2(!line.contains(kPassword) && !line.contains(u"s3cr3t"_s), qPrintable(line));
}

void TestSmtpSender::init()
{
    m_server.stop();
}

void TestSmtpSender::cleanup()
{
    m_server.stop();
}

SmtpOptions TestSmtpSender::options(const QString& url, int timeoutSeconds) const
{
    QString error;
    const auto parsed = SmtpUrl::parse(url, &error);
    SmtpOptions out;
    if (parsed)
        out.url = *parsed;
    else
        qWarning("bad test URL: %s", qPrintable(error));
    out.timeoutSeconds = timeoutSeconds;
    out.connectTimeoutSeconds = std::min(timeoutSeconds, 10);
    return out;
}

void TestSmtpSender::urlParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::newRow("plain") << u"smtp://mail.example.org:587"_s << true << u"mail.example.org"_s << 587 << QString()
                           << QString();
    QTest::newRow("default port") << u"smtp://mail.example.org"_s << true << u"mail.example.org"_s << 25 << QString()
                                  << QString();
    QTest::newRow("smtps default port") << u"smtps://mail.example.org"_s << true << u"mail.example.org"_s << 465
                                        << QString() << QString();
    QTest::newRow("percent-decoded credentials")
        << u"smtps://bo%40example.org:p%40ss%3Aw%2Frd%25@mail.example.org:465"_s << true << u"mail.example.org"_s << 465
        << u"bo@example.org"_s << u"p@ss:w/rd%"_s;
    QTest::newRow("IPv6") << u"smtp://[::1]:2525"_s << true << u"::1"_s << 2525 << QString() << QString();
    QTest::newRow("http") << u"http://mail.example.org"_s << false << QString() << 0 << QString() << QString();
    QTest::newRow("no host") << u"smtp://:25"_s << false << QString() << 0 << QString() << QString();
    QTest::newRow("path") << u"smtp://mail.example.org/x"_s << false << QString() << 0 << QString() << QString();
    QTest::newRow("query") << u"smtp://mail.example.org?a=b"_s << false << QString() << 0 << QString() << QString();
    QTest::newRow("bad port") << u"smtp://mail.example.org:99999"_s << false << QString() << 0 << QString()
                              << QString();
    QTest::newRow("password without user")
        << u"smtp://:secret@mail.example.org"_s << false << QString() << 0 << QString() << QString();
}

void TestSmtpSender::urlParsing()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QString error;
    const auto url = SmtpUrl::parse(text, &error);
    QCOMPARE(url.has_value(), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        QVERIFY(!error.contains(u"secret"_s));
        return;
    }
    QTEST(url->host, "host");
    QTEST(url->port, "port");
    QTEST(url->user, "user");
    QTEST(url->password, "password");
    if (!url->password.isEmpty()) {
        QVERIFY(!url->displayName().contains(url->password));
        QVERIFY(!url->displayName().contains(u"ss%3A"_s));
    }
    QVERIFY(!url->curlUrl().contains(u'@'));
}

void TestSmtpSender::tlsPolicy_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("tls");
    QTest::newRow("smtps") << u"smtps://mail.example.org"_s << int(SmtpUrl::Tls::Implicit);
    QTest::newRow("no credentials") << u"smtp://mail.example.org"_s << int(SmtpUrl::Tls::Opportunistic);
    QTest::newRow("credentials, remote") << u"smtp://u:p@mail.example.org"_s << int(SmtpUrl::Tls::Required);
    QTest::newRow("credentials, remote address") << u"smtp://u:p@192.0.2.7"_s << int(SmtpUrl::Tls::Required);
    QTest::newRow("credentials, localhost") << u"smtp://u:p@localhost:25"_s << int(SmtpUrl::Tls::Opportunistic);
    QTest::newRow("credentials, 127.0.0.1") << u"smtp://u:p@127.0.0.1:25"_s << int(SmtpUrl::Tls::Opportunistic);
    QTest::newRow("credentials, ::1") << u"smtp://u:p@[::1]:25"_s << int(SmtpUrl::Tls::Opportunistic);
}

void TestSmtpSender::tlsPolicy()
{
    QFETCH(QString, text);
    QString error;
    const auto url = SmtpUrl::parse(text, &error);
    QVERIFY2(url, qPrintable(error));
    QTEST(int(url->tls()), "tls");
}

void TestSmtpSender::deliversTheWholeStructure()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    SmtpSender sender(options(m_server.url()));
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"jurgen@example.org"_s, m_sample.message(u"jurgen@example.org"_s));
    QVERIFY2(delivery.outcome == Delivery::Outcome::Delivered, qPrintable(delivery.detail));
    QCOMPARE(delivery.smtpCode, 250);
    QVERIFY(m_server.waitForMessages(1));
    const QJsonObject message = m_server.messages().first();
    QCOMPARE(message.value(u"mail_from"_s).toString(), u"board@example.org"_s);
    QCOMPARE(message.value(u"rcpt_tos"_s).toArray(), QJsonArray{u"jurgen@example.org"_s});
    QCOMPARE(message.value(u"structure"_s).toString(),
             u"multipart/mixed(multipart/related(multipart/alternative(text/plain,text/html),image/png),"
             "application/pdf)"_s);
    QCOMPARE(message.value(u"related_type"_s).toString(), u"multipart/alternative"_s);
    QCOMPARE(message.value(u"defects"_s).toArray(), QJsonArray());
    QCOMPARE(message.value(u"subject"_s).toString(), m_sample.subject);
    QCOMPARE(message.value(u"from"_s).toString(), u"Moodböard <board@example.org>"_s);
    QCOMPARE(message.value(u"to"_s).toString(), u"Jürgen <jurgen@example.org>"_s);
    QVERIFY(!message.value(u"date"_s).toString().isEmpty());
    QVERIFY(message.value(u"message_id"_s).toString().endsWith(u"@example.org>"_s));
    QCOMPARE(message.value(u"auto_submitted"_s).toString(), u"auto-generated"_s);
    QVERIFY(message.value(u"max_line_length"_s).toInt() <= 78);
    QCOMPARE(message.value(u"bare_lf"_s).toBool(), false);

    const QJsonObject plain = partOfType(message, u"text/plain"_s);
    QCOMPARE(plain.value(u"charset"_s).toString(), u"utf-8"_s);
    QCOMPARE(plain.value(u"text"_s).toString().replace(u"\r\n"_s, u"\n"_s) + u'\n', m_sample.plain);
    QCOMPARE(partOfType(message, u"text/html"_s).value(u"text"_s).toString().trimmed(), m_sample.html);
    const QJsonObject png = partOfType(message, u"image/png"_s);
    QCOMPARE(png.value(u"disposition"_s).toString(), u"inline"_s);
    QCOMPARE(png.value(u"content_id"_s).toString(), u"<board@example.org>"_s);
    QCOMPARE(QByteArray::fromBase64(png.value(u"data_base64"_s).toString().toLatin1()), m_sample.png);
    const QJsonObject pdf = partOfType(message, u"application/pdf"_s);
    QCOMPARE(pdf.value(u"disposition"_s).toString(), u"attachment"_s);
    QCOMPARE(pdf.value(u"filename"_s).toString(), u"board-2026.pdf"_s);
    QCOMPARE(QByteArray::fromBase64(pdf.value(u"data_base64"_s).toString().toLatin1()), m_sample.pdf);
}

void TestSmtpSender::severalMessagesOverOneSender()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    SmtpSender sender(options(m_server.url()));
    for (const QString& to : {u"a@example.org"_s, u"b@example.org"_s, u"c@example.org"_s}) {
        const Delivery delivery = sender.send(u"board@example.org"_s, to, m_sample.message(to));
        QVERIFY2(delivery.outcome == Delivery::Outcome::Delivered, qPrintable(delivery.detail));
    }
    QVERIFY(m_server.waitForMessages(3));
    QCOMPARE(m_server.messagesTo(u"b@example.org"_s).size(), 1);
}

void TestSmtpSender::refusedRecipientIsNotDelivered()
{
    SmtpTestServer::Options serverOptions;
    serverOptions.refuse = {u"gone@example.org"_s};
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));
    SmtpSender sender(options(m_server.url()));
    const Delivery refused =
        sender.send(u"board@example.org"_s, u"gone@example.org"_s, m_sample.message(u"gone@example.org"_s));
    QCOMPARE(int(refused.outcome), int(Delivery::Outcome::NotDelivered));
    QCOMPARE(refused.smtpCode, 550);
    QVERIFY2(refused.detail.contains(u"550"_s), qPrintable(refused.detail));
    // The next message over the same sender still goes out.
    const Delivery next =
        sender.send(u"board@example.org"_s, u"here@example.org"_s, m_sample.message(u"here@example.org"_s));
    QVERIFY2(next.outcome == Delivery::Outcome::Delivered, qPrintable(next.detail));
    QVERIFY(m_server.waitForMessages(1));
    QCOMPARE(m_server.messages().size(), 1);
    QCOMPARE(m_server.messagesTo(u"gone@example.org"_s).size(), 0);
}

void TestSmtpSender::authOnLoopbackWithoutTls()
{
    SmtpTestServer::Options serverOptions;
    serverOptions.authUser = u"bo@example.org"_s;
    serverOptions.authPassword = kPassword;
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));
    const QString url = m_server.url(u"bo@example.org"_s, kPassword);
    QVERIFY(url.contains(u"%40"_s)); // percent-encoded in the URL, decoded for the server
    SmtpSender sender(options(url));
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s));
    QVERIFY2(delivery.outcome == Delivery::Outcome::Delivered, qPrintable(delivery.detail));
    QVERIFY(m_server.waitForMessages(1));
    QCOMPARE(m_server.messages().first().value(u"auth_user"_s).toString(), u"bo@example.org"_s);
}

void TestSmtpSender::wrongPasswordIsNeverShown()
{
    SmtpTestServer::Options serverOptions;
    serverOptions.authUser = u"bo"_s;
    serverOptions.authPassword = u"the right one"_s;
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));
    SmtpSender sender(options(m_server.url(u"bo"_s, kPassword)));
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s));
    QCOMPARE(int(delivery.outcome), int(Delivery::Outcome::NotDelivered));
    QVERIFY2(delivery.detail.contains(u"refused the login"_s), qPrintable(delivery.detail));
    QVERIFY(!delivery.detail.contains(kPassword));
    QVERIFY(!delivery.detail.contains(u"s3cr3t"_s));
    QVERIFY(!sender.options().url.displayName().contains(u"s3cr3t"_s));
    QCOMPARE(m_server.messages().size(), 0);
    // cleanupTestCase checks every logged line too.
}

void TestSmtpSender::startTlsVerifiesTheCertificate()
{
    SmtpTestServer::Options serverOptions;
    serverOptions.startTls = true;
    serverOptions.requireTls = true;
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));

    SmtpSender untrusting(options(m_server.url()));
    const Delivery refused =
        untrusting.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s));
    QCOMPARE(int(refused.outcome), int(Delivery::Outcome::NotDelivered));
    QVERIFY2(refused.detail.contains(u"certificate"_s), qPrintable(refused.detail));

    SmtpOptions trusting = options(m_server.url());
    trusting.caFile = m_server.caFile();
    SmtpSender sender(trusting);
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s));
    QVERIFY2(delivery.outcome == Delivery::Outcome::Delivered, qPrintable(delivery.detail));
    QVERIFY(m_server.waitForMessages(1));
    QCOMPARE(m_server.messages().size(), 1);
    QVERIFY(m_server.messages().first().value(u"tls"_s).toBool());
}

void TestSmtpSender::startTlsWithAuthToAnotherMachine()
{
    const auto address = nonLoopbackAddress();
    if (!address)
        QSKIP("this machine has no non-loopback IPv4 address");
    SmtpTestServer::Options serverOptions;
    serverOptions.host = *address;
    serverOptions.startTls = true;
    serverOptions.requireTls = true;
    serverOptions.authUser = u"bo"_s;
    serverOptions.authPassword = kPassword;
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));
    SmtpOptions trusting = options(m_server.url(u"bo"_s, kPassword, *address));
    trusting.caFile = m_server.caFile();
    SmtpSender sender(trusting);
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s));
    QVERIFY2(delivery.outcome == Delivery::Outcome::Delivered, qPrintable(delivery.detail));
    QCOMPARE(m_server.authAttempts(), QStringList{u"PLAIN tls=True"_s});
}

void TestSmtpSender::credentialsToAnotherMachineNeedTls()
{
    const auto address = nonLoopbackAddress();
    if (!address)
        QSKIP("this machine has no non-loopback IPv4 address");
    SmtpTestServer::Options serverOptions;
    serverOptions.host = *address;
    serverOptions.authUser = u"bo"_s;
    serverOptions.authPassword = kPassword; // the server would take it in clear: the client must not offer it
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));
    SmtpSender sender(options(m_server.url(u"bo"_s, kPassword, *address)));
    QCOMPARE(int(sender.options().url.tls()), int(SmtpUrl::Tls::Required));
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s));
    QCOMPARE(int(delivery.outcome), int(Delivery::Outcome::NotDelivered));
    QVERIFY2(delivery.detail.contains(u"STARTTLS"_s), qPrintable(delivery.detail));
    QCOMPARE(m_server.authAttempts(), QStringList()); // the password never went out
    QCOMPARE(m_server.messages().size(), 0);
}

void TestSmtpSender::implicitTls()
{
    SmtpTestServer::Options serverOptions;
    serverOptions.implicitTls = true;
    serverOptions.authUser = u"bo"_s;
    serverOptions.authPassword = kPassword;
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));
    const QString url = m_server.url(u"bo"_s, kPassword);
    QVERIFY(url.startsWith(u"smtps://"_s));
    SmtpOptions trusting = options(url);
    trusting.caFile = m_server.caFile();
    SmtpSender sender(trusting);
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s));
    QVERIFY2(delivery.outcome == Delivery::Outcome::Delivered, qPrintable(delivery.detail));
    QVERIFY(m_server.waitForMessages(1));
    QVERIFY(m_server.messages().first().value(u"tls"_s).toBool());
    QCOMPARE(m_server.authAttempts(), QStringList{u"PLAIN tls=True"_s});
}

void TestSmtpSender::deadServerTimesOut()
{
    // Listening but never answering: the kernel accepts the connection, nobody greets.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    SmtpSender sender(options(u"smtp://127.0.0.1:%1"_s.arg(silent.serverPort()), 2));
    QElapsedTimer timer;
    timer.start();
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s));
    QCOMPARE(int(delivery.outcome), int(Delivery::Outcome::NotDelivered));
    QVERIFY2(delivery.detail.contains(u"did not answer in time"_s), qPrintable(delivery.detail));
    QVERIFY(timer.elapsed() < 10000);
}

void TestSmtpSender::noReplyAfterTheMessageIsUnknown()
{
    SmtpTestServer::Options serverOptions;
    serverOptions.hang = u"data:1"_s;
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));
    SmtpSender sender(options(m_server.url(), 2));
    bool asked = false;
    QElapsedTimer timer;
    timer.start();
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s), [&] {
            asked = true;
            return true;
        });
    QVERIFY(timer.elapsed() < 15000); // libcurl's own wait for the final reply is 120 s
    QVERIFY(asked);
    QCOMPARE(int(delivery.outcome), int(Delivery::Outcome::Unknown));
    QCOMPARE(m_server.messages().size(), 1); // it did arrive: only the verdict is missing
}

void TestSmtpSender::hangBeforeTheMessageIsNotDelivered()
{
    SmtpTestServer::Options serverOptions;
    serverOptions.hang = u"rcpt:1"_s;
    QVERIFY2(m_server.start(serverOptions), qPrintable(m_server.error()));
    SmtpSender sender(options(m_server.url(), 2));
    bool asked = false;
    const Delivery delivery =
        sender.send(u"board@example.org"_s, u"x@example.org"_s, m_sample.message(u"x@example.org"_s), [&] {
            asked = true;
            return true;
        });
    QVERIFY(!asked);
    QCOMPARE(int(delivery.outcome), int(Delivery::Outcome::NotDelivered));
    QVERIFY(m_server.waitForHang());
    QCOMPARE(m_server.messages().size(), 0);
}

void TestSmtpSender::beforeMessageCanCancel()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    SmtpSender sender(options(m_server.url()));
    const Delivery delivery = sender.send(u"board@example.org"_s, u"x@example.org"_s,
                                          m_sample.message(u"x@example.org"_s), [] { return false; });
    QCOMPARE(int(delivery.outcome), int(Delivery::Outcome::NotDelivered));
    const Delivery next = sender.send(u"board@example.org"_s, u"y@example.org"_s, m_sample.message(u"y@example.org"_s));
    QVERIFY2(next.outcome == Delivery::Outcome::Delivered, qPrintable(next.detail));
    QVERIFY(m_server.waitForMessages(1));
    QCOMPARE(m_server.messages().size(), 1);
    QCOMPARE(m_server.messagesTo(u"x@example.org"_s).size(), 0);
}

QTEST_GUILESS_MAIN(TestSmtpSender)
#include "TestSmtpSender.moc"
