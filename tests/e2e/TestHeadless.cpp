#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

// The moodboard binary as users run it (CONTRACTS.md section 5).
class TestHeadless final : public QObject
{
    Q_OBJECT

private slots:
    void version();
    void badArguments_data();
    void badArguments();
    void headlessPrintsOneLineAndServes();
    void sigtermStopsCleanlyAndKeepsData();
    void sigtermStillAnswersRequestsAlreadySent();
    void noDisplaySaysSoAndSuggestsHeadless_data();
    void noDisplaySaysSoAndSuggestsHeadless();
    void headlessNeedsNoDisplay();
    void publicHostsAreAnsweredOthersRefused();

private:
    QProcessEnvironment withoutDisplay() const;
    static QString binary() { return QStringLiteral(MOODBOARD_BINARY); }
    QTemporaryDir m_dir;
};

void TestHeadless::version()
{
    QProcess process;
    process.start(binary(), {u"--version"_s});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(QRegularExpression(u"^moodboard \\d+\\.\\d+\\.\\d+\\n$"_s)
                .match(QString::fromUtf8(process.readAllStandardOutput()))
                .hasMatch());
}

void TestHeadless::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown flag") << QStringList{u"--frobnicate"_s};
    QTest::newRow("listen without port") << QStringList{u"--headless"_s, u"--listen"_s, u"127.0.0.1"_s};
    QTest::newRow("listen bad port") << QStringList{u"--headless"_s, u"--listen"_s, u"127.0.0.1:99999"_s};
    QTest::newRow("listen bad host") << QStringList{u"--headless"_s, u"--listen"_s, u"not a host:5000"_s};
    QTest::newRow("listen short IPv4") << QStringList{u"--headless"_s, u"--listen"_s, u"1.2.3:0"_s};
    QTest::newRow("listen missing value") << QStringList{u"--headless"_s, u"--listen"_s};
    QTest::newRow("negative backfill") << QStringList{u"--headless"_s, u"--backfill-days"_s, u"-1"_s};
    QTest::newRow("max-body zero") << QStringList{u"--headless"_s, u"--max-body"_s, u"0"_s};
    QTest::newRow("bad postgres url") << QStringList{u"--headless"_s, u"--database"_s, u"postgresql://"_s};
    QTest::newRow("server option without --headless") << QStringList{u"--listen"_s, u"127.0.0.1:0"_s};
    QTest::newRow("public host missing value") << QStringList{u"--headless"_s, u"--public-host"_s};
    QTest::newRow("public host not a name") << QStringList{u"--headless"_s, u"--public-host"_s, u"bad_name!"_s};
    QTest::newRow("public host with a port") << QStringList{u"--headless"_s, u"--public-host"_s, u"mood.lan:5000"_s};
    QTest::newRow("public host without --headless") << QStringList{u"--public-host"_s, u"mood.lan"_s};
}

void TestHeadless::badArguments()
{
    QFETCH(QStringList, arguments);
    QProcess process;
    process.start(binary(), arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(u"moodboard: "_s), qPrintable(err));
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

void TestHeadless::headlessPrintsOneLineAndServes()
{
    QProcess process;
    process.start(binary(),
                  {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, m_dir.filePath(u"one.sqlite"_s)});
    QVERIFY(process.waitForReadyRead(20000));
    const QString line = QString::fromUtf8(process.readLine());
    const auto match = QRegularExpression(u"^listening on http://127\\.0\\.0\\.1:(\\d+)\\n$"_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    const quint16 port = match.captured(1).toUShort();
    QVERIFY(port != 0);

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(socket.waitForReadyRead(5000));
    QVERIFY(socket.readAll().startsWith("HTTP/1.1 200"));

    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().isEmpty()); // exactly one line
}

void TestHeadless::sigtermStopsCleanlyAndKeepsData()
{
    const QString database = m_dir.filePath(u"two.sqlite"_s);
    for (int run = 0; run < 2; ++run) {
        QProcess process;
        process.start(binary(), {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, database});
        QVERIFY(process.waitForReadyRead(20000));
        const quint16 port = QString::fromUtf8(process.readLine()).trimmed().section(u':', -1).toUShort();
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray body = R"({"username":"keeper","password":"password123"})";
        socket.write("POST /user HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray answer;
        while (!answer.contains("}") && socket.waitForReadyRead(10000))
            answer += socket.readAll();
        // First run creates the user; the second finds it kept across a SIGTERM.
        QVERIFY2(answer.startsWith(run == 0 ? "HTTP/1.1 201" : "HTTP/1.1 400"), answer.constData());
        ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
    }
}

void TestHeadless::sigtermStillAnswersRequestsAlreadySent()
{
    QProcess process;
    process.start(
        binary(),
        {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, m_dir.filePath(u"three.sqlite"_s)});
    QVERIFY(process.waitForReadyRead(20000));
    const quint16 port = QString::fromUtf8(process.readLine()).trimmed().section(u':', -1).toUShort();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    // Registration hashes the password (Argon2id, tens of milliseconds): the signal lands while it works.
    const QByteArray body = R"({"username":"late","password":"password123"})";
    socket.write("POST /user HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY(socket.waitForBytesWritten(5000));
    ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
    QByteArray answer;
    while (!answer.contains("}") && socket.waitForReadyRead(10000))
        answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.constData());
    QVERIFY(answer.endsWith(R"({"username":"late"})"));
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

QProcessEnvironment TestHeadless::withoutDisplay() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        env.remove(name);
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s)); // never the tester's own settings
    env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
    return env;
}

void TestHeadless::noDisplaySaysSoAndSuggestsHeadless_data()
{
    QTest::addColumn<QString>("display");
    QTest::newRow("no DISPLAY") << QString();
    QTest::newRow("DISPLAY nobody answers") << u":4242"_s; // Qt itself finds out, and would abort
}

void TestHeadless::noDisplaySaysSoAndSuggestsHeadless()
{
    QFETCH(QString, display);
    QProcessEnvironment env = withoutDisplay();
    if (!display.isEmpty()) {
        env.insert(u"DISPLAY"_s, display);
        env.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    }
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(binary(), {});
    QVERIFY(process.waitForFinished(20000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // not a Qt abort
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.startsWith(u"moodboard: "_s), qPrintable(err));
    QVERIFY2(err.contains(u"display"_s), qPrintable(err));
    QVERIFY2(err.contains(u"moodboard --headless"_s), qPrintable(err));
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

void TestHeadless::headlessNeedsNoDisplay()
{
    QProcess process;
    process.setProcessEnvironment(withoutDisplay());
    process.start(
        binary(),
        {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, m_dir.filePath(u"nodisplay.sqlite"_s)});
    QVERIFY(process.waitForReadyRead(20000));
    QVERIFY(process.readLine().startsWith("listening on http://127.0.0.1:"));
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

void TestHeadless::publicHostsAreAnsweredOthersRefused()
{
    QProcess process;
    process.start(binary(),
                  {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, m_dir.filePath(u"four.sqlite"_s),
                   u"--public-host"_s, u"Mood.Example.org"_s, u"--public-host"_s, u"moodboard.lan"_s});
    QVERIFY(process.waitForReadyRead(20000));
    const quint16 port = QString::fromUtf8(process.readLine()).trimmed().section(u':', -1).toUShort();
    const auto statusFor = [port](const QByteArray& host) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return QByteArray();
        socket.write("GET /health HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        QByteArray answer;
        while (!answer.contains("\r\n") && socket.waitForReadyRead(5000))
            answer += socket.readAll();
        return answer.left(12);
    };
    QCOMPARE(statusFor("mood.example.org:" + QByteArray::number(port)), QByteArray("HTTP/1.1 200"));
    QCOMPARE(statusFor("MOODBOARD.LAN"), QByteArray("HTTP/1.1 200"));
    QCOMPARE(statusFor("localhost"), QByteArray("HTTP/1.1 200"));
    QCOMPARE(statusFor("attacker.example"), QByteArray("HTTP/1.1 421")); // DNS rebinding
    ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "TestHeadless.moc"
