#include "ServiceFixture.h"
#include "SmtpTestServer.h"

#include <QImage>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
// Users live in the first zone to finish a year, so "last year" is over for them whenever the test runs.
constexpr char kZone[] = "Pacific/Kiritimati";

int pastYear()
{
    return QDateTime::currentDateTimeUtc().addSecs(14 * 3600).date().year() - 1;
}

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

QJsonObject partOfType(const QJsonObject& message, const QString& type)
{
    for (const QJsonValue& part : message.value(u"parts"_s).toArray()) {
        if (part.toObject().value(u"content_type"_s).toString() == type)
            return part.toObject();
    }
    return {};
}
} // namespace

// moodboard year-end and moodboard --headless --smtp, the real binary against a real SMTP server.
class TestYearEndCommand final : public QObject
{
    Q_OBJECT

private slots:
    void badArguments_data();
    void badArguments();

    void initTestCase_data();
    void init();
    void cleanup();

    void mailsEachUserOnce();
    void killedAfterTheFirstOfThree();
    void killedWhileTheServerHoldsTheMessage();
    void refusedRecipientFailsAndIsRetried();
    void twoRunsAtOnceMailNobodyTwice();
    void passwordIsNeverPrinted();
    void headlessMailsThePastYear();
    void retentionRemovesTheYearOnceEveryoneHasIt();

private:
    static QString binary() { return QStringLiteral(MOODBOARD_BINARY); }
    QString databaseLocation() const;
    QStringList yearEndArgs(const QString& smtpUrl) const;
    Run run(const QStringList& arguments, int timeoutMs = 60000);
    void addThreeUsers();
    int ledgerCount(const QString& state);

    test::ServiceFixture m_fixture;
    test::SmtpTestServer m_smtp;
    int m_year = pastYear();
};

void TestYearEndCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString year = QString::number(pastYear());
    const QString smtp = u"smtp://127.0.0.1:2525"_s;
    QTest::newRow("no --year") << QStringList{u"year-end"_s, u"--smtp"_s, smtp} << u"--year"_s;
    QTest::newRow("no --smtp") << QStringList{u"year-end"_s, u"--year"_s, year} << u"--smtp"_s;
    QTest::newRow("bad year") << QStringList{u"year-end"_s, u"--year"_s, u"20x6"_s, u"--smtp"_s, smtp} << u"--year"_s;
    QTest::newRow("year not over") << QStringList{u"year-end"_s, u"--year"_s, QString::number(pastYear() + 1),
                                                  u"--smtp"_s, smtp}
                                   << u"has not ended"_s;
    QTest::newRow("http URL with a password")
        << QStringList{u"year-end"_s, u"--year"_s, year, u"--smtp"_s, u"http://bo:hunter2@mail.example.org"_s}
        << u"--smtp"_s;
    QTest::newRow("SMTP URL with a path")
        << QStringList{u"year-end"_s, u"--year"_s, year, u"--smtp"_s, u"smtp://bo:hunter2@mail.example.org/x"_s}
        << u"no path"_s;
    QTest::newRow("bad --from") << QStringList{u"year-end"_s, u"--year"_s,        year, u"--smtp"_s, smtp,
                                               u"--from"_s,   u"not an address"_s}
                                << u"--from"_s;
    QTest::newRow("--listen with year-end")
        << QStringList{u"year-end"_s, u"--year"_s, year, u"--smtp"_s, smtp, u"--listen"_s, u"127.0.0.1:0"_s}
        << u"--headless"_s;
    QTest::newRow("--smtp without a mode") << QStringList{u"--smtp"_s, smtp} << u"--smtp"_s;
    QTest::newRow("--year with --headless") << QStringList{u"--headless"_s, u"--year"_s, year} << u"year-end"_s;
    QTest::newRow("--from without --smtp")
        << QStringList{u"--headless"_s, u"--from"_s, u"a@example.org"_s} << u"--from"_s;
    QTest::newRow("--mark-sent without a name")
        << QStringList{u"year-end"_s, u"--year"_s, year, u"--smtp"_s, smtp, u"--mark-sent"_s} << u"--mark-sent"_s;
}

void TestYearEndCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(u"moodboard: "_s), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(!result.err.contains(u"hunter2"_s));
    QVERIFY(result.out.isEmpty());
}

void TestYearEndCommand::initTestCase_data()
{
    test::addBackendRows();
}

void TestYearEndCommand::init()
{
    if (QByteArray(QTest::currentTestFunction()) == "badArguments")
        return;
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_fixture.open(backend, &error), qPrintable(error));
}

void TestYearEndCommand::cleanup()
{
    m_smtp.stop();
    m_fixture.close();
}

QString TestYearEndCommand::databaseLocation() const
{
    return m_fixture.scratch.location();
}

QStringList TestYearEndCommand::yearEndArgs(const QString& smtpUrl) const
{
    return {u"year-end"_s,   u"--year"_s,        QString::number(m_year),
            u"--database"_s, databaseLocation(), u"--smtp"_s,
            smtpUrl,         u"--from"_s,        u"Moodböard <board@example.org>"_s};
}

Run TestYearEndCommand::run(const QStringList& arguments, int timeoutMs)
{
    QProcess process;
    process.start(binary(), arguments);
    Run result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = u"timed out"_s;
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void TestYearEndCommand::addThreeUsers()
{
    const QStringList names{u"alice"_s, u"bob"_s, u"carol"_s};
    for (int i = 0; i < names.size(); ++i) {
        const qint64 id = m_fixture.addUser(names.at(i), names.at(i) + u"@example.org"_s, kZone);
        QVERIFY(id != 0);
        QVERIFY(m_fixture.addDays(id, QDate(m_year, 3, 1), 3 + i, Mood::Whimsical));
    }
    const qint64 quiet = m_fixture.addUser(u"dave"_s, QString(), kZone); // no address: no mail
    QVERIFY(m_fixture.addDays(quiet, QDate(m_year, 3, 1), 2));
}

int TestYearEndCommand::ledgerCount(const QString& state)
{
    return static_cast<int>(
        m_fixture.count(u"SELECT COUNT(*) FROM yearend_mail WHERE board_year = ? AND state = ?"_s, {m_year, state}));
}

void TestYearEndCommand::mailsEachUserOnce()
{
    addThreeUsers();
    QVERIFY2(m_smtp.start(), qPrintable(m_smtp.error()));
    const Run first = run(yearEndArgs(m_smtp.url()));
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QCOMPARE(first.out, u"year-end %1: 3 sent, 0 skipped, 0 failed\n"_s.arg(m_year));
    QVERIFY2(!first.err.contains(u"moodboard:"_s), qPrintable(first.err)); // PostgreSQL may add a NOTICE
    QCOMPARE(m_smtp.messages().size(), 3);
    for (const QString& name : {u"alice"_s, u"bob"_s, u"carol"_s}) {
        const auto mails = m_smtp.messagesTo(name + u"@example.org"_s);
        QCOMPARE(mails.size(), 1);
        const QJsonObject mail = mails.first();
        QCOMPARE(mail.value(u"subject"_s).toString(), u"Your Moodboard of %1 — %2"_s.arg(m_year).arg(name));
        QCOMPARE(mail.value(u"from"_s).toString(), u"Moodböard <board@example.org>"_s);
        QCOMPARE(mail.value(u"structure"_s).toString(),
                 u"multipart/mixed(multipart/related(multipart/alternative(text/plain,text/html),image/png),"
                 "application/pdf)"_s);
        QCOMPARE(mail.value(u"defects"_s).toArray(), QJsonArray());
        QImage board;
        QVERIFY(board.loadFromData(
            QByteArray::fromBase64(partOfType(mail, u"image/png"_s).value(u"data_base64"_s).toString().toLatin1()),
            "PNG"));
        QCOMPARE(board.size(), QSize(1500, 1060)); // render::BoardRenderer's page, not a stand-in
        const QByteArray pdf = QByteArray::fromBase64(
            partOfType(mail, u"application/pdf"_s).value(u"data_base64"_s).toString().toLatin1());
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    }
    QVERIFY(partOfType(m_smtp.messagesTo(u"carol@example.org"_s).first(), u"text/plain"_s)
                .value(u"text"_s)
                .toString()
                .contains(u"Days with a mood: 5"_s));
    QCOMPARE(ledgerCount(u"sent"_s), 3);

    const Run second = run(yearEndArgs(m_smtp.url()));
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out, u"year-end %1: 0 sent, 3 skipped, 0 failed\n"_s.arg(m_year));
    QCOMPARE(m_smtp.messages().size(), 3);
}

void TestYearEndCommand::killedAfterTheFirstOfThree()
{
    addThreeUsers();
    test::SmtpTestServer::Options stalling;
    stalling.hang = u"rcpt:2"_s; // the first mail goes through, the second waits for its recipient forever
    QVERIFY2(m_smtp.start(stalling), qPrintable(m_smtp.error()));
    QProcess process;
    process.start(binary(), yearEndArgs(m_smtp.url()));
    QVERIFY(m_smtp.waitForHang(20000));
    QCOMPARE(m_smtp.messages().size(), 1);
    QCOMPARE(m_smtp.messagesTo(u"alice@example.org"_s).size(), 1);
    ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    QCOMPARE(ledgerCount(u"sent"_s), 1);
    QCOMPARE(ledgerCount(u"claimed"_s), 1); // bob's, by a process that is gone now

    QVERIFY(m_smtp.start());
    const Run next = run(yearEndArgs(m_smtp.url()));
    QVERIFY2(next.exitCode == 0, qPrintable(next.err));
    QCOMPARE(next.out, u"year-end %1: 2 sent, 1 skipped, 0 failed\n"_s.arg(m_year));
    QCOMPARE(m_smtp.messages().size(), 2);
    QCOMPARE(m_smtp.messagesTo(u"alice@example.org"_s).size(), 0); // never the first again
    QCOMPARE(m_smtp.messagesTo(u"bob@example.org"_s).size(), 1);
    QCOMPARE(m_smtp.messagesTo(u"carol@example.org"_s).size(), 1);
    QCOMPARE(ledgerCount(u"sent"_s), 3);
}

void TestYearEndCommand::killedWhileTheServerHoldsTheMessage()
{
    addThreeUsers();
    test::SmtpTestServer::Options holding;
    holding.hang = u"data:1"_s; // alice's mail arrives, the server never confirms it
    QVERIFY2(m_smtp.start(holding), qPrintable(m_smtp.error()));
    QProcess process;
    process.start(binary(), yearEndArgs(m_smtp.url()));
    QVERIFY(m_smtp.waitForHang(20000));
    ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(m_smtp.messagesTo(u"alice@example.org"_s).size(), 1);

    QVERIFY(m_smtp.start());
    const Run next = run(yearEndArgs(m_smtp.url()));
    QCOMPARE(next.exitCode, 1);
    QCOMPARE(next.out, u"year-end %1: 2 sent, 0 skipped, 1 failed\n"_s.arg(m_year));
    QVERIFY2(next.err.contains(u"alice <alice@example.org>: unconfirmed"_s), qPrintable(next.err));
    QVERIFY2(next.err.contains(u"Message-ID <"_s), qPrintable(next.err));
    QVERIFY2(next.err.contains(u"--mark-sent alice"_s), qPrintable(next.err));
    QCOMPARE(m_smtp.messagesTo(u"alice@example.org"_s).size(), 0); // not twice, even after a crash

    // The operator found it in the mail server's log.
    const Run resolved = run(yearEndArgs(m_smtp.url()) + QStringList{u"--mark-sent"_s, u"alice"_s});
    QVERIFY2(resolved.exitCode == 0, qPrintable(resolved.err));
    QCOMPARE(resolved.out, u"year-end %1: 0 sent, 3 skipped, 0 failed\n"_s.arg(m_year));
    const Run again = run(yearEndArgs(m_smtp.url()) + QStringList{u"--mark-sent"_s, u"alice"_s});
    QCOMPARE(again.exitCode, 2);
    QVERIFY2(again.err.contains(u"alice has no unconfirmed year-end mail"_s), qPrintable(again.err));
    QCOMPARE(run(yearEndArgs(m_smtp.url()) + QStringList{u"--resend"_s, u"nobody"_s}).exitCode, 2);
}

void TestYearEndCommand::refusedRecipientFailsAndIsRetried()
{
    addThreeUsers();
    test::SmtpTestServer::Options refusing;
    refusing.refuse = {u"bob@example.org"_s};
    QVERIFY2(m_smtp.start(refusing), qPrintable(m_smtp.error()));
    const Run first = run(yearEndArgs(m_smtp.url()));
    QCOMPARE(first.exitCode, 1);
    QCOMPARE(first.out, u"year-end %1: 2 sent, 0 skipped, 1 failed\n"_s.arg(m_year));
    QVERIFY2(first.err.contains(u"bob <bob@example.org>: not sent:"_s), qPrintable(first.err));
    QVERIFY2(first.err.contains(u"550"_s), qPrintable(first.err));
    QCOMPARE(ledgerCount(u"failed"_s), 1);

    QVERIFY(m_smtp.start());
    const Run second = run(yearEndArgs(m_smtp.url()));
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out, u"year-end %1: 1 sent, 2 skipped, 0 failed\n"_s.arg(m_year));
    QCOMPARE(m_smtp.messages().size(), 1);
    QCOMPARE(m_smtp.messagesTo(u"bob@example.org"_s).size(), 1);
}

void TestYearEndCommand::twoRunsAtOnceMailNobodyTwice()
{
    for (int i = 0; i < 6; ++i) {
        const qint64 id = m_fixture.addUser(u"user%1"_s.arg(i), u"user%1@example.org"_s.arg(i), kZone);
        QVERIFY(m_fixture.addDays(id, QDate(m_year, 5, 1), 1));
    }
    test::SmtpTestServer::Options slow;
    slow.delaySeconds = 0.3; // both runs are busy at the same time
    QVERIFY2(m_smtp.start(slow), qPrintable(m_smtp.error()));
    QProcess first;
    QProcess second;
    first.start(binary(), yearEndArgs(m_smtp.url()));
    second.start(binary(), yearEndArgs(m_smtp.url()));
    QVERIFY(first.waitForFinished(60000));
    QVERIFY(second.waitForFinished(60000));
    const QByteArray firstOut = first.readAllStandardOutput();
    const QByteArray secondOut = second.readAllStandardOutput();
    const auto describe = [](QProcess& process, const QByteArray& out) -> QByteArray {
        return QByteArray(process.exitStatus() == QProcess::CrashExit ? "crashed" : "exited") + " with "
            + QByteArray::number(process.exitCode()) + "; stdout: " + out
            + "; stderr: " + process.readAllStandardError();
    };
    QVERIFY2(first.exitStatus() == QProcess::NormalExit && first.exitCode() == 0,
             describe(first, firstOut).constData());
    QVERIFY2(second.exitStatus() == QProcess::NormalExit && second.exitCode() == 0,
             describe(second, secondOut).constData());
    static const QRegularExpression sentCount(u"(\\d+) sent"_s);
    const int sent = sentCount.match(QString::fromUtf8(firstOut)).captured(1).toInt()
        + sentCount.match(QString::fromUtf8(secondOut)).captured(1).toInt();
    QCOMPARE(sent, 6);
    QCOMPARE(m_smtp.messages().size(), 6);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(m_smtp.messagesTo(u"user%1@example.org"_s.arg(i)).size(), 1);
}

void TestYearEndCommand::passwordIsNeverPrinted()
{
    addThreeUsers();
    test::SmtpTestServer::Options auth;
    auth.authUser = u"board"_s;
    auth.authPassword = u"the right one"_s;
    QVERIFY2(m_smtp.start(auth), qPrintable(m_smtp.error()));
    const Run wrong = run(yearEndArgs(m_smtp.url(u"board"_s, u"hunter2 wrong"_s)));
    QCOMPARE(wrong.exitCode, 1);
    QCOMPARE(wrong.out, u"year-end %1: 0 sent, 0 skipped, 3 failed\n"_s.arg(m_year));
    QVERIFY2(wrong.err.contains(u"refused the login"_s), qPrintable(wrong.err));
    QVERIFY(!wrong.err.contains(u"hunter2"_s) && !wrong.out.contains(u"hunter2"_s));
    QCOMPARE(m_smtp.messages().size(), 0);

    const Run right = run(yearEndArgs(m_smtp.url(u"board"_s, u"the right one"_s)));
    QVERIFY2(right.exitCode == 0, qPrintable(right.err));
    QCOMPARE(m_smtp.messages().size(), 3);
    QCOMPARE(m_smtp.messages().first().value(u"auth_user"_s).toString(), u"board"_s);
}

void TestYearEndCommand::headlessMailsThePastYear()
{
    addThreeUsers();
    QVERIFY2(m_smtp.start(), qPrintable(m_smtp.error()));
    for (int start = 0; start < 2; ++start) {
        QProcess process;
        process.start(binary(),
                      {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, databaseLocation(),
                       u"--smtp"_s, m_smtp.url()});
        QVERIFY(process.waitForReadyRead(20000));
        const QString line = QString::fromUtf8(process.readLine());
        QVERIFY2(line.startsWith(u"listening on http://127.0.0.1:"_s), qPrintable(line));
        // Each start makes one pass right away and logs its summary.
        const QString summary = start == 0 ? u"year-end %1: 3 sent, 0 skipped, 0 failed"_s.arg(m_year)
                                           : u"year-end %1: 0 sent, 3 skipped, 0 failed"_s.arg(m_year);
        QString log;
        QVERIFY(QTest::qWaitFor(
            [&] {
                log += QString::fromUtf8(process.readAllStandardError());
                return log.contains(summary);
            },
            20000));
        ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().isEmpty()); // still exactly one line
        QCOMPARE(m_smtp.messages().size(), 3);
    }
    QCOMPARE(ledgerCount(u"sent"_s), 3);
}

void TestYearEndCommand::retentionRemovesTheYearOnceEveryoneHasIt()
{
    addThreeUsers();
    QVERIFY(m_fixture.services->settings.setRetention(RetentionPolicy::KeepOneYear));
    test::SmtpTestServer::Options refusing;
    refusing.refuse = {u"carol@example.org"_s};
    QVERIFY2(m_smtp.start(refusing), qPrintable(m_smtp.error()));
    const qint64 before = m_fixture.count(u"SELECT COUNT(*) FROM moods"_s);
    QCOMPARE(before, 3 + 4 + 5 + 2);
    const Run partial = run(yearEndArgs(m_smtp.url()));
    QCOMPARE(partial.exitCode, 1);
    QCOMPARE(partial.out, u"year-end %1: 2 sent, 0 skipped, 1 failed\n"_s.arg(m_year)); // no retention line
    QCOMPARE(m_fixture.count(u"SELECT COUNT(*) FROM moods"_s), before);

    QVERIFY(m_smtp.start());
    const Run complete = run(yearEndArgs(m_smtp.url()));
    QVERIFY2(complete.exitCode == 0, qPrintable(complete.err));
    QCOMPARE(complete.out,
             u"year-end %1: 1 sent, 2 skipped, 0 failed\nretention: removed %2 moods of years before "
             "the current one\n"_s.arg(m_year)
                 .arg(before));
    QCOMPARE(m_fixture.count(u"SELECT COUNT(*) FROM moods"_s), 0);
}

QTEST_MAIN(TestYearEndCommand)
#include "TestYearEndCommand.moc"
