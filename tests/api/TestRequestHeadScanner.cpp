#include "RequestHeadScanner.h"

#include <QTest>

using namespace mood::api;
using namespace Qt::StringLiterals;

// The framing rules every byte passes before QHttpServer reads it.
class TestRequestHeadScanner final : public QObject
{
    Q_OBJECT

private slots:
    void wellFormedHeads_data();
    void wellFormedHeads();
    void refused_data();
    void refused();
    void refusedAtTheFirstBadByte();
    void pipelinedRequestsAndBodies();
    void byteByByteIsTheSame();
    void unknownMethodsAreReadToTheirPath();
    void limits();
    void requestsThatStall();

private:
    struct Run {
        QList<RequestHead> heads;
        std::optional<Refusal> refusal;
    };
    static Run scan(const QByteArray& bytes, RequestHeadScanner::Limits limits = {4096, 1024})
    {
        RequestHeadScanner scanner(limits);
        Run run;
        run.refusal = scanner.feed(bytes, [&](const RequestHead& head) { run.heads.append(head); });
        return run;
    }
};

void TestRequestHeadScanner::wellFormedHeads_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<qint64>("length");
    QTest::newRow("get") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("GET") << u"/health"_s
                         << true << qint64(0);
    QTest::newRow("query and escapes") << QByteArray("GET /feed/al%69ce?page=2 HTTP/1.1\r\nHost: x\r\n\r\n")
                                       << QByteArray("GET") << u"/feed/alice"_s << true << qint64(0);
    QTest::newRow("post with length") << QByteArray("POST /mood HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
                                      << QByteArray("POST") << u"/mood"_s << true << qint64(2);
    QTest::newRow("length with spaces around")
        << QByteArray("POST /mood HTTP/1.1\r\nHost: x\r\ncontent-length:   2  \r\n\r\n{}") << QByteArray("POST")
        << u"/mood"_s << true << qint64(2);
    QTest::newRow("close") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << QByteArray("GET")
                           << u"/"_s << false << qint64(0);
    QTest::newRow("close among tokens") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: TE, Close\r\n\r\n")
                                        << QByteArray("GET") << u"/"_s << false << qint64(0);
    QTest::newRow("HTTP/1.0 closes") << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET") << u"/"_s << false
                                     << qint64(0);
    QTest::newRow("HTTP/1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
                                         << QByteArray("GET") << u"/"_s << true << qint64(0);
    QTest::newRow("empty lines before") << QByteArray("\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
                                        << QByteArray("HEAD") << u"/"_s << true << qint64(0);
    QTest::newRow("obs-text and tabs in a value")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf\xc3\xa9\tbar\r\n\r\n") << QByteArray("GET") << u"/"_s
        << true << qint64(0);
}

void TestRequestHeadScanner::wellFormedHeads()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(bool, keepAlive);
    QFETCH(qint64, length);
    const Run run = scan(bytes);
    QVERIFY2(!run.refusal, qPrintable(run.refusal ? run.refusal->text : QString()));
    QCOMPARE(run.heads.size(), 1);
    QCOMPARE(run.heads.first().method, method);
    QCOMPARE(run.heads.first().path, path);
    QCOMPARE(run.heads.first().keepAlive, keepAlive);
    QCOMPARE(run.heads.first().contentLength, length);
}

void TestRequestHeadScanner::refused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    const QByteArray line = "POST /user HTTP/1.1\r\nHost: x\r\n";
    QTest::newRow("length not a number") << line + "Content-Length: abc\r\n\r\n" << 400;
    QTest::newRow("negative length") << line + "Content-Length: -1\r\n\r\n" << 400;
    QTest::newRow("fraction") << line + "Content-Length: 1.5\r\n\r\n" << 400;
    QTest::newRow("plus sign") << line + "Content-Length: +2\r\n\r\n" << 400;
    QTest::newRow("empty length") << line + "Content-Length: \r\n\r\n" << 400;
    QTest::newRow("digits, space, digits") << line + "Content-Length: 1 2\r\n\r\n" << 400;
    QTest::newRow("list of lengths") << line + "Content-Length: 2, 2\r\n\r\n" << 400;
    QTest::newRow("two different lengths") << line + "Content-Length: 2\r\nContent-Length: 5\r\n\r\n{}" << 400;
    QTest::newRow("the same length twice") << line + "Content-Length: 2\r\ncontent-length: 2\r\n\r\n{}" << 400;
    QTest::newRow("chunked") << line + "Transfer-Encoding: chunked\r\n\r\n" << 411;
    QTest::newRow("other transfer coding") << line + "Transfer-Encoding: gzip\r\n\r\n" << 400;
    QTest::newRow("length and chunked") << line + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n" << 411;
    QTest::newRow("too large") << line + "Content-Length: 4097\r\n\r\n" << 413;
    QTest::newRow("far too large") << line + "Content-Length: 99999999999999999999\r\n\r\n" << 413;
    QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << 400;
    QTest::newRow("bare LF in a header") << QByteArray("GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n") << 400;
    QTest::newRow("CR without LF") << QByteArray("GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n") << 400;
    QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400;
    QTest::newRow("NUL in a value") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n", 35) << 400;
    QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("upgrade") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n") << 400;
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("garbage version") << QByteArray("GET / HTTPS/1.1\r\n\r\n") << 400;
    QTest::newRow("absolute target") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("control in target") << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("not a request at all") << QByteArray("\x16\x03\x01\x02\x00") << 400; // a TLS hello
}

void TestRequestHeadScanner::refused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    const Run run = scan(bytes);
    QVERIFY2(run.refusal.has_value(), bytes.constData());
    QCOMPARE(run.refusal->status, status);
    QVERIFY(run.heads.isEmpty());
    QVERIFY(!run.refusal->unknownMethod);
}

void TestRequestHeadScanner::refusedAtTheFirstBadByte()
{
    // http_parser would fail on "1x" before the line ends: the scanner must refuse it as soon, not at the CRLF.
    RequestHeadScanner scanner({4096, 1024});
    const auto none = [](const RequestHead&) { QFAIL("no head expected"); };
    QVERIFY(!scanner.feed("POST /user HTTP/1.1\r\nHost: x\r\nContent-Length: 1", none));
    const auto refusal = scanner.feed("x", none);
    QVERIFY(refusal.has_value());
    QCOMPARE(refusal->status, 400);
    QCOMPARE(refusal->path, u"/user"_s);
    // Final: later bytes get the same answer, and nothing else happens.
    QCOMPARE(scanner.feed("\r\n\r\n", none)->status, 400);
}

void TestRequestHeadScanner::pipelinedRequestsAndBodies()
{
    // A body that looks like a request is a body: only Content-Length says where a request ends.
    const QByteArray smuggled = "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray bytes = "POST /mood HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(smuggled.size())
        + "\r\n\r\n" + smuggled + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    const Run run = scan(bytes);
    QVERIFY(!run.refusal);
    QCOMPARE(run.heads.size(), 2);
    QCOMPARE(run.heads.at(0).path, u"/mood"_s);
    QCOMPARE(run.heads.at(1).path, u"/health"_s);
}

void TestRequestHeadScanner::byteByByteIsTheSame()
{
    const QByteArray bytes = "POST /mood HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                             "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    RequestHeadScanner scanner({4096, 1024});
    QList<RequestHead> heads;
    for (char c : bytes) {
        QVERIFY(!scanner.feed(QByteArray(1, c), [&](const RequestHead& head) { heads.append(head); }));
        if (heads.size() == 1 && heads.first().contentLength == 5 && !scanner.inHead())
            QVERIFY(!scanner.refusing());
    }
    QCOMPARE(heads.size(), 2);
    QCOMPARE(heads.at(1).path, u"/a"_s);
    QVERIFY(!heads.at(1).keepAlive);
    QVERIFY(!scanner.inHead());
    QVERIFY(!scanner.stalled());
}

void TestRequestHeadScanner::unknownMethodsAreReadToTheirPath()
{
    RequestHeadScanner scanner({4096, 1024});
    const auto none = [](const RequestHead&) { QFAIL("no head expected"); };
    QVERIFY(!scanner.feed("PROPF", none)); // not one of ours from the R on
    QVERIFY(scanner.refusing());           // nobody else may read these bytes
    QVERIFY(!scanner.feed("IND /mo", none));
    const auto refusal = scanner.feed("od HTTP/1.1\r\n", none);
    QVERIFY(refusal.has_value());
    QVERIFY(refusal->unknownMethod);
    QCOMPARE(refusal->method, QByteArray("PROPFIND"));
    QCOMPARE(refusal->path, u"/mood"_s);
    // Known methods only in upper case; CONNECT and TRACE are not served.
    for (const QByteArray& method : {QByteArray("get"), QByteArray("CONNECT"), QByteArray("TRACE")}) {
        const Run run = scan(method + " /x HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY2(run.refusal && run.refusal->unknownMethod, method.constData());
    }
}

void TestRequestHeadScanner::limits()
{
    const Run big = scan("GET / HTTP/1.1\r\nHost: x\r\nX: " + QByteArray(2000, 'a') + "\r\n\r\n");
    QVERIFY(big.refusal);
    QCOMPARE(big.refusal->status, 431);
    const Run endless = scan(QByteArray(2000, '\r').replace("\r", "\r\n")); // empty lines forever
    QVERIFY(endless.refusal);
    QCOMPARE(endless.refusal->status, 431);
    const Run atLimit = scan("POST /mood HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + QByteArray(4096, ' '));
    QVERIFY(!atLimit.refusal);
    QCOMPARE(atLimit.heads.size(), 1);
}

void TestRequestHeadScanner::requestsThatStall()
{
    const auto none = [](const RequestHead&) {};
    RequestHeadScanner body({4096, 1024});
    QVERIFY(!body.feed("POST /logs HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"a\"", none));
    auto refusal = body.stalled();
    QVERIFY(refusal.has_value());
    QCOMPARE(refusal->status, 400);
    QCOMPARE(refusal->path, u"/logs"_s);
    RequestHeadScanner head({4096, 1024});
    QVERIFY(!head.feed("GET /health HTTP/1.1\r\nHo", none));
    QVERIFY(head.inHead());
    QVERIFY(head.stalled().has_value());
    RequestHeadScanner done({4096, 1024});
    QVERIFY(!done.feed("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", none));
    QVERIFY(!done.stalled()); // between requests: a clean end
}

QTEST_GUILESS_MAIN(TestRequestHeadScanner)
#include "TestRequestHeadScanner.moc"
