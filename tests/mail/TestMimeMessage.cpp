#include "MailHeaders.h"
#include "MimeEncoding.h"
#include "MimeMessage.h"

#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace mood::mail;
using namespace Qt::StringLiterals;

namespace {
// An independent decoder (RFC 2045 6.7), to check the encoder's output means what was put in.
QByteArray decodeQuotedPrintable(const QByteArray& encoded)
{
    QByteArray out;
    QList<QByteArray> lines = encoded.split('\n');
    lines.removeLast(); // after the final CRLF
    for (QByteArray line : lines) {
        line.chop(1); // CR
        const bool soft = line.endsWith('=');
        if (soft)
            line.chop(1);
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (line.at(i) == '=') {
                out += QByteArray::fromHex(line.mid(i + 1, 2));
                i += 2;
            } else {
                out += line.at(i);
            }
        }
        if (!soft)
            out += '\n';
    }
    out.chop(1);
    return out;
}

QString decodeWord(const QByteArray& word)
{
    static const QRegularExpression pattern(u"^=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]+)\\?=$"_s);
    const auto match = pattern.match(QString::fromLatin1(word));
    if (!match.hasMatch())
        return u"<not an encoded word: %1>"_s.arg(QString::fromLatin1(word));
    const QByteArray bytes = QByteArray::fromBase64(match.captured(1).toLatin1());
    QString decoded = QString::fromUtf8(bytes);
    return decoded.toUtf8() == bytes && !decoded.contains(QChar::ReplacementCharacter) ? decoded : u"<broken UTF-8>"_s;
}

QList<QByteArray> crlfLines(const QByteArray& text)
{
    QList<QByteArray> lines = text.split('\n');
    for (QByteArray& line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    return lines;
}

MimeMessage fullMessage()
{
    MimeMessage message;
    message.setFrom({u"Moodböard"_s, u"board@example.org"_s});
    message.setTo({u"alice"_s, u"alice@example.org"_s});
    message.setSubject(u"Your Moodboard 2026 — alice"_s);
    message.setDate(QDateTime(QDate(2027, 1, 1), QTime(8, 30), QTimeZone("Europe/Berlin")));
    message.setMessageId(MimeMessage::newMessageId(u"example.org"_s));
    message.setPlainText(u"Hello alice,\n.\nthe board is below.\n"_s);
    message.setHtml(u"<p>Hello <b>alice</b></p><img src=\"cid:board@example.org\">"_s);
    message.addInline({"image/png", u"board-2026.png"_s, "board@example.org", QByteArray(5000, '\x89')});
    message.addAttachment({"application/pdf", u"board-2026.pdf"_s, {}, QByteArray(3000, '%')});
    return message;
}
} // namespace

class TestMimeMessage final : public QObject
{
    Q_OBJECT

private slots:
    void quotedPrintableRoundTrip_data();
    void quotedPrintableRoundTrip();
    void quotedPrintableLinesAndSpecials();
    void base64LinesOf76();
    void encodedWordsNeverSplitACharacter();
    void asciiSubjectStaysReadable();
    void subjectInjectionBecomesOneLine();
    void mailboxes_data();
    void mailboxes();
    void dateIsEnglishWithOffset_data();
    void dateIsEnglishWithOffset();
    void fullMessageShape();
    void singlePartsAreNotWrapped();
    void messageIdsAreUnique();
};

void TestMimeMessage::quotedPrintableRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << u"Hello, world"_s;
    QTest::newRow("umlauts and emoji") << u"Grüße aus Köln 🙂 — schön"_s;
    QTest::newRow("equals and trailing space") << u"a=b \nnext\t\nlast "_s;
    QTest::newRow("long line") << QString(300, u'x') + u" end"_s;
    QTest::newRow("long non-ASCII line") << QString(120, u'é');
    QTest::newRow("dots") << u".\n..\n.start\nmiddle.\n"_s;
    QTest::newRow("CRLF input") << u"one\r\ntwo\r\n"_s;
}

void TestMimeMessage::quotedPrintableRoundTrip()
{
    QFETCH(QString, text);
    const QByteArray encoded = quotedPrintable(text.toUtf8());
    QByteArray expected = text.toUtf8();
    expected.replace("\r\n", "\n");
    if (expected.endsWith('\n'))
        expected.chop(1);
    QCOMPARE(decodeQuotedPrintable(encoded), expected);
    for (const QByteArray& line : crlfLines(encoded))
        QVERIFY2(line.size() <= 76, line.constData());
    QVERIFY(encoded.endsWith("\r\n"));
    QVERIFY(!encoded.contains("\n\n"));
    QVERIFY(!QByteArray(encoded).replace("\r\n", "").contains('\n'));
}

void TestMimeMessage::quotedPrintableLinesAndSpecials()
{
    const QByteArray encoded = quotedPrintable("a=b  \n.hidden\nä");
    QCOMPARE(encoded, QByteArray("a=3Db =20\r\n=2Ehidden\r\n=C3=A4\r\n"));
    // A soft break never splits an escape: every '=' starts "=XX" or ends a line.
    const QByteArray longEscapes = quotedPrintable(QString(100, u'ü').toUtf8());
    for (const QByteArray& line : crlfLines(longEscapes)) {
        QVERIFY(line.size() <= 76);
        QVERIFY(QRegularExpression(u"^(=[0-9A-F]{2})*=?$"_s).match(QString::fromLatin1(line)).hasMatch());
    }
}

void TestMimeMessage::base64LinesOf76()
{
    QByteArray data(1000, Qt::Uninitialized);
    for (int i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>(i * 7);
    const QByteArray encoded = base64Lines(data);
    const QList<QByteArray> lines = crlfLines(encoded);
    QCOMPARE(lines.last(), QByteArray()); // ends with CRLF
    for (qsizetype i = 0; i + 2 < lines.size(); ++i)
        QCOMPARE(lines.at(i).size(), 76);
    QVERIFY(lines.at(lines.size() - 2).size() <= 76);
    QCOMPARE(QByteArray::fromBase64(QByteArray(encoded).replace("\r\n", "")), data);
}

void TestMimeMessage::encodedWordsNeverSplitACharacter()
{
    const QString subject = u"Dein Moodboard 2026 — Jahresrückblick für Jürgen 🙂🙂🙂 und noch mehr Text"_s;
    const QByteArray header = headers::unstructured("Subject", subject);
    QVERIFY(header.startsWith("Subject: =?UTF-8?B?"));
    QString decoded;
    const QList<QByteArray> lines = crlfLines(header);
    QVERIFY(lines.size() > 2); // folded
    for (const QByteArray& line : lines) {
        QVERIFY2(line.size() <= 78, line.constData());
        for (const QByteArray& token : line.split(' ')) {
            if (token.isEmpty() || token == "Subject:")
                continue;
            QVERIFY(token.size() <= 75); // RFC 2047 limit
            decoded += decodeWord(token);
        }
    }
    QCOMPARE(decoded, subject);
}

void TestMimeMessage::asciiSubjectStaysReadable()
{
    QCOMPARE(headers::unstructured("Subject", u"Your board"_s), QByteArray("Subject: Your board\r\n"));
    // Text that looks like an encoded word is encoded, so it is not decoded into something else.
    QVERIFY(headers::unstructured("Subject", u"=?UTF-8?B?SGk=?="_s).startsWith("Subject: =?UTF-8?B?PT9"));
    const QByteArray longSubject = headers::unstructured("Subject", QString(40, u'a') + u' ' + QString(50, u'b'));
    QCOMPARE(longSubject, "Subject: " + QByteArray(40, 'a') + "\r\n " + QByteArray(50, 'b') + "\r\n");
}

void TestMimeMessage::subjectInjectionBecomesOneLine()
{
    const QByteArray header = headers::unstructured("Subject", u"hi\r\nBcc: victim@example.org"_s);
    QCOMPARE(header, QByteArray("Subject: hi Bcc: victim@example.org\r\n"));
    const QByteArray box = headers::mailbox("To", {u"Eve\nBcc: x@example.org"_s, u"eve@example.org\r\nX: y"_s});
    QCOMPARE(crlfLines(box).size(), 2); // one line and the empty rest after its CRLF
    QVERIFY(!box.contains("\nBcc"));
}

void TestMimeMessage::mailboxes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no name") << QString() << QByteArray("To: <a@example.org>\r\n");
    QTest::newRow("plain") << u"Alice Example"_s << QByteArray("To: Alice Example <a@example.org>\r\n");
    QTest::newRow("specials quoted") << u"Doe, \"J\""_s << QByteArray("To: \"Doe, \\\"J\\\"\" <a@example.org>\r\n");
    QTest::newRow("UTF-8 encoded") << u"Jürgen"_s << QByteArray("To: =?UTF-8?B?SsO8cmdlbg==?= <a@example.org>\r\n");
}

void TestMimeMessage::mailboxes()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, expected);
    QCOMPARE(headers::mailbox("To", {name, u"a@example.org"_s}), expected);
}

void TestMimeMessage::dateIsEnglishWithOffset_data()
{
    QTest::addColumn<QDateTime>("when");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("UTC") << QDateTime(QDate(2026, 12, 2), QTime(6, 9, 17), QTimeZone::utc())
                         << QByteArray("Wed, 02 Dec 2026 06:09:17 +0000");
    QTest::newRow("Berlin winter") << QDateTime(QDate(2027, 1, 1), QTime(8, 30), QTimeZone("Europe/Berlin"))
                                   << QByteArray("Fri, 01 Jan 2027 08:30:00 +0100");
    QTest::newRow("St Johns") << QDateTime(QDate(2026, 7, 5), QTime(23, 59, 59), QTimeZone("America/St_Johns"))
                              << QByteArray("Sun, 05 Jul 2026 23:59:59 -0230");
}

void TestMimeMessage::dateIsEnglishWithOffset()
{
    QFETCH(QDateTime, when);
    QFETCH(QByteArray, expected);
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QByteArray text = headers::date(when);
    QLocale::setDefault(previous);
    QCOMPARE(text, expected);
}

void TestMimeMessage::fullMessageShape()
{
    const QByteArray text = fullMessage().serialize();
    const QList<QByteArray> lines = crlfLines(text);
    QVERIFY(!QByteArray(text).replace("\r\n", "").contains('\n')); // CRLF only
    for (const QByteArray& line : lines)
        QVERIFY2(line.size() <= 78, line.constData());
    const qsizetype headerEnd = text.indexOf("\r\n\r\n");
    const QByteArray head = text.left(headerEnd);
    for (const char* field : {"From: =?UTF-8?B?", "To: alice <alice@example.org>", "Subject: =?UTF-8?B?",
                              "Date: Fri, 01 Jan 2027 08:30:00 +0100", "Message-ID: <", "MIME-Version: 1.0",
                              "Content-Type: multipart/mixed; boundary=\"=_moodboard_"})
        QVERIFY2(head.contains(field), field);
    // Three levels of boundaries, each opened and closed.
    static const QRegularExpression boundaries(u"boundary=\"([^\"]+)\""_s);
    auto it = boundaries.globalMatch(QString::fromLatin1(text));
    int count = 0;
    while (it.hasNext()) {
        const QByteArray boundary = it.next().captured(1).toLatin1();
        QVERIFY(lines.contains("--" + boundary));
        QVERIFY(lines.contains("--" + boundary + "--"));
        ++count;
    }
    QCOMPARE(count, 3);
    QVERIFY(text.contains("Content-Type: multipart/related;"));
    QVERIFY(text.contains("type=\"multipart/alternative\""));
    QVERIFY(text.contains("Content-ID: <board@example.org>"));
    QVERIFY(text.contains("Content-Disposition: attachment; filename=\"board-2026.pdf\""));
    QVERIFY(text.contains("\r\n=2E\r\n")); // the line "." is encoded, never a bare end-of-data mark
}

void TestMimeMessage::singlePartsAreNotWrapped()
{
    MimeMessage message;
    message.setFrom({{}, u"a@example.org"_s});
    message.setTo({{}, u"b@example.org"_s});
    message.setSubject(u"plain"_s);
    message.setPlainText(u"only text"_s);
    const QByteArray text = message.serialize();
    QVERIFY(text.contains("\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
    QVERIFY(!text.contains("multipart"));
    QVERIFY(text.endsWith("\r\n\r\nonly text\r\n"));
}

void TestMimeMessage::messageIdsAreUnique()
{
    const QByteArray first = MimeMessage::newMessageId(u"example.org"_s);
    const QByteArray second = MimeMessage::newMessageId(u"example.org"_s);
    QVERIFY(first != second);
    QVERIFY(first.endsWith("@example.org"));
    QVERIFY(
        QRegularExpression(u"^[0-9a-z]+\\.[0-9a-f]{16}@example\\.org$"_s).match(QString::fromLatin1(first)).hasMatch());
    QVERIFY(MimeMessage::newMessageId(u"bad domain<>"_s).endsWith("@baddomain"));
}

QTEST_GUILESS_MAIN(TestMimeMessage)
#include "TestMimeMessage.moc"
