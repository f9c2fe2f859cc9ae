#include "ServiceFixture.h"
#include "SmtpTestServer.h"
#include "StandInArtwork.h"
#include "YearEndMail.h"
#include "YearEndMailer.h"

#include <QImage>
#include <QJsonArray>
#include <QTest>

using namespace mood;
using namespace mood::yearend;
using namespace Qt::StringLiterals;

namespace {
const mail::Mailbox kFrom{u"Moodboard Jahresrückblick"_s, u"board@example.org"_s};

QJsonObject partOfType(const QJsonObject& message, const QString& type)
{
    for (const QJsonValue& part : message.value(u"parts"_s).toArray()) {
        if (part.toObject().value(u"content_type"_s).toString() == type)
            return part.toObject();
    }
    return {};
}
} // namespace

// The mailing pipeline in-process: core services on both backends, the real SMTP server, the stand-in artwork.
class TestYearEndMailer final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void mailsEveryoneWithAnAddressOnce();
    void theReportsNumbers();
    void refusedRecipientFailsAndIsRetried();
    void waitsForTheYearToEndInTheUsersZone();
    void noReplyAfterTheMessageIsNeverResent();
    void aMailAnotherServerIsSendingIsSkipped();
    void aBoardThatCannotBeDrawnClaimsNothing();

private:
    Result<RunSummary> run(int year = 2025, int timeoutSeconds = 20);

    test::ServiceFixture m_fixture;
    test::SmtpTestServer m_smtp;
    test::StandInArtwork m_artwork;
};

void TestYearEndMailer::initTestCase_data()
{
    test::addBackendRows();
}

void TestYearEndMailer::init()
{
    MOOD_FETCH_BACKEND(backend);
    QString error;
    QVERIFY2(m_fixture.open(backend, &error), qPrintable(error));
    m_fixture.clock->setNow(QDateTime(QDate(2026, 1, 2), QTime(12, 0), QTimeZone::utc()));
    m_artwork.failing = false;
    m_artwork.pngCalls = 0;
    QVERIFY2(m_smtp.start(), qPrintable(m_smtp.error()));
}

void TestYearEndMailer::cleanup()
{
    m_smtp.stop();
    m_fixture.close();
}

Result<RunSummary> TestYearEndMailer::run(int year, int timeoutSeconds)
{
    mail::SmtpOptions options;
    QString error;
    options.url = *mail::SmtpUrl::parse(m_smtp.url(), &error);
    options.timeoutSeconds = timeoutSeconds;
    mail::SmtpSender sender(options);
    YearEndMailer mailer(*m_fixture.services, m_artwork, sender);
    return mailer.run(year, kFrom);
}

void TestYearEndMailer::mailsEveryoneWithAnAddressOnce()
{
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s, "Europe/Berlin");
    QVERIFY(m_fixture.addMood(alice, QDate(2025, 3, 1), QTime(9, 0), Mood::Cheerful, u"good, \"really\""_s));
    QVERIFY(m_fixture.addMood(alice, QDate(2025, 3, 1), QTime(21, 0), Mood::Gloomy));
    QVERIFY(m_fixture.addMood(alice, QDate(2025, 3, 2), QTime(9, 0), Mood::Whimsical));
    const qint64 bob = m_fixture.addUser(u"bob"_s, u"bob@example.org"_s);
    QVERIFY(m_fixture.addDays(bob, QDate(2025, 7, 1), 3, Mood::Reflective));
    const qint64 carol = m_fixture.addUser(u"carol"_s); // no address
    QVERIFY(m_fixture.addDays(carol, QDate(2025, 7, 1), 3));
    const qint64 dave = m_fixture.addUser(u"dave"_s, u"dave@example.org"_s); // nothing in 2025
    QVERIFY(m_fixture.addDays(dave, QDate(2024, 7, 1), 3));

    const auto first = run();
    QVERIFY2(first, qPrintable(first.error().message));
    QCOMPARE(first->line(), u"year-end 2025: 2 sent, 0 skipped, 0 failed"_s);
    QVERIFY(m_smtp.waitForMessages(2));
    QCOMPARE(m_smtp.messages().size(), 2);
    QCOMPARE(m_smtp.messagesTo(u"carol@example.org"_s).size(), 0);
    QCOMPARE(m_smtp.messagesTo(u"dave@example.org"_s).size(), 0);

    const QJsonObject mail = m_smtp.messagesTo(u"alice@example.org"_s).value(0);
    QCOMPARE(mail.value(u"mail_from"_s).toString(), u"board@example.org"_s);
    QCOMPARE(mail.value(u"from"_s).toString(), u"Moodboard Jahresrückblick <board@example.org>"_s);
    QCOMPARE(mail.value(u"to"_s).toString(), u"alice <alice@example.org>"_s);
    QCOMPARE(mail.value(u"subject"_s).toString(), u"Your Moodboard of 2025 — alice"_s);
    QCOMPARE(mail.value(u"structure"_s).toString(),
             u"multipart/mixed(multipart/related(multipart/alternative(text/plain,text/html),image/png),"
             "application/pdf)"_s);
    QCOMPARE(mail.value(u"defects"_s).toArray(), QJsonArray());
    QVERIFY(mail.value(u"max_line_length"_s).toInt() <= 78);

    const QString plain = partOfType(mail, u"text/plain"_s).value(u"text"_s).toString();
    for (const QString& fact :
         {u"Hello alice,"_s, u"Days with a mood: 2"_s, u"Moods recorded: 3"_s, u"Longest streak in 2025: 2 days"_s,
          u"Streak on 31 December: 0 days"_s, u"Best month: March (average level 2.5 over 2 days)"_s,
          u"very good (blue): 1"_s, u"good (green): 1"_s, u"very bad (red): 1"_s, u"neutral (yellow): 0"_s})
        QVERIFY2(plain.contains(fact), qPrintable(fact + u" in:\n"_s + plain));
    const QString html = partOfType(mail, u"text/html"_s).value(u"text"_s).toString();
    const QJsonObject png = partOfType(mail, u"image/png"_s);
    const QString contentId = png.value(u"content_id"_s).toString();
    QVERIFY(contentId.startsWith(u"<board-2025."_s));
    QVERIFY2(html.contains(u"src=\"cid:"_s + contentId.mid(1, contentId.size() - 2) + u'"'), qPrintable(html));
    QVERIFY(html.contains(u"<td>3</td>"_s));

    QImage image;
    QVERIFY(image.loadFromData(QByteArray::fromBase64(png.value(u"data_base64"_s).toString().toLatin1()), "PNG"));
    QCOMPARE(image.size(), QSize(31 * test::StandInArtwork::kCell, 12 * test::StandInArtwork::kCell));
    // 1 March: the later mood of the day (GLOOMY, level 1) colours it.
    QCOMPARE(image.pixelColor(2, 2 * test::StandInArtwork::kCell + 2), test::StandInArtwork::colour(1));
    const QJsonObject pdf = partOfType(mail, u"application/pdf"_s);
    QCOMPARE(pdf.value(u"filename"_s).toString(), u"moodboard-alice-2025.pdf"_s);
    const QByteArray pdfBytes = QByteArray::fromBase64(pdf.value(u"data_base64"_s).toString().toLatin1());
    QVERIFY(pdfBytes.startsWith("%PDF-"));
    QVERIFY(pdfBytes.trimmed().endsWith("%%EOF"));

    const auto ledger = m_fixture.services->yearEnd.records(2025);
    QCOMPARE(ledger->size(), 2);
    for (const MailRecord& record : *ledger) {
        QCOMPARE(int(record.state), int(MailState::Sent));
        QVERIFY(record.detail.startsWith(u"250"_s));
    }
    QCOMPARE(ledger->first().messageId, mail.value(u"message_id"_s).toString().mid(1).chopped(1));

    const auto second = run();
    QCOMPARE(second->line(), u"year-end 2025: 0 sent, 2 skipped, 0 failed"_s);
    QCOMPARE(m_smtp.messages().size(), 2);
    QCOMPARE(m_artwork.pngCalls, 2); // nothing was even drawn again
}

void TestYearEndMailer::theReportsNumbers()
{
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 3, 1), 2, Mood::Cheerful));  // March: 5.0 over 2 days
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 5, 1), 3, Mood::Idyllic));   // May: 5.0 over 3 days
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 6, 10), 3, Mood::Cheerful)); // June: 5.0 over 3 days, later
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 12, 30), 2, Mood::Melancholy));
    QVERIFY(m_fixture.addMood(alice, QDate(2025, 12, 30), QTime(20, 0), Mood::Humorous));
    QVERIFY(m_fixture.addDays(alice, QDate(2026, 1, 1), 1, Mood::Gloomy)); // next year: not in this board
    const User user = **m_fixture.services->users.findById(alice);
    const auto report = buildYearReport(m_fixture.scratch.db(), m_fixture.services->board, user, 2025);
    QVERIFY(report);
    QCOMPARE(report->days.size(), 10);
    QCOMPARE(report->moodCount, 11);
    QCOMPARE(report->moodsAtLevel(5), 8);
    QCOMPARE(report->moodsAtLevel(4), 1);
    QCOMPARE(report->moodsAtLevel(2), 2);
    QCOMPARE(report->moodsAtLevel(1), 0);
    QCOMPARE(report->longestStreakOfYear, 3);
    QCOMPARE(report->streakAtYearEnd, 2);
    QCOMPARE(report->bestMonth, 5);
    QCOMPARE(report->bestMonthDays, 3);
    QCOMPARE(report->bestMonthAverage, 5.0);
    // 30 December: Melancholy then Humorous; the later one gives the level.
    QCOMPARE(report->days.at(8).level, 4);

    const YearEndMailContent content = yearEndContent(*report, "cid@example.org");
    QVERIFY(content.plainText.contains(u"Best month: May (average level 5.0 over 3 days)"_s));
    QVERIFY(content.html.contains(u"cid:cid@example.org"_s));
}

void TestYearEndMailer::refusedRecipientFailsAndIsRetried()
{
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    const qint64 bob = m_fixture.addUser(u"bob"_s, u"bob@example.org"_s);
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 5, 1), 1));
    QVERIFY(m_fixture.addDays(bob, QDate(2025, 5, 1), 1));
    test::SmtpTestServer::Options refusing;
    refusing.refuse = {u"bob@example.org"_s};
    QVERIFY(m_smtp.start(refusing));

    const auto first = run();
    QCOMPARE(first->line(), u"year-end 2025: 1 sent, 0 skipped, 1 failed"_s);
    QCOMPARE(first->problems().size(), 1);
    QVERIFY2(first->problems().first().startsWith(u"bob <bob@example.org>: not sent: "_s),
             qPrintable(first->problems().first()));
    QVERIFY(first->problems().first().contains(u"550"_s));
    const auto record = *m_fixture.services->yearEnd.record(bob, 2025);
    QCOMPARE(int(record->state), int(MailState::Failed));
    QVERIFY(record->detail.contains(u"550"_s));
    QCOMPARE(m_smtp.messagesTo(u"bob@example.org"_s).size(), 0);

    QVERIFY(m_smtp.start()); // the mailbox is back
    const auto second = run();
    QCOMPARE(second->line(), u"year-end 2025: 1 sent, 1 skipped, 0 failed"_s);
    QVERIFY(m_smtp.waitForMessages(1));
    QCOMPARE(m_smtp.messages().size(), 1);
    QCOMPARE(m_smtp.messagesTo(u"bob@example.org"_s).size(), 1);
    QCOMPARE((*m_fixture.services->yearEnd.record(bob, 2025))->attempts, 2);
}

void TestYearEndMailer::waitsForTheYearToEndInTheUsersZone()
{
    m_fixture.clock->setNow(QDateTime(QDate(2026, 1, 1), QTime(5, 0), QTimeZone::utc()));
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s, "Europe/Berlin");
    const qint64 bob = m_fixture.addUser(u"bob"_s, u"bob@example.org"_s, "America/Los_Angeles"); // 31 Dec, 21:00
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 5, 1), 1));
    QVERIFY(m_fixture.addDays(bob, QDate(2025, 5, 1), 1));
    const auto early = run();
    QCOMPARE(early->line(), u"year-end 2025: 1 sent, 1 skipped, 0 failed"_s);
    QVERIFY(!m_fixture.services->yearEnd.record(bob, 2025)->has_value());
    m_fixture.clock->advance(3 * 3600); // midnight in Los Angeles
    const auto later = run();
    QCOMPARE(later->line(), u"year-end 2025: 1 sent, 1 skipped, 0 failed"_s);
    QVERIFY(m_smtp.waitForMessages(2));
    QCOMPARE(m_smtp.messagesTo(u"bob@example.org"_s).size(), 1);
    QCOMPARE(m_smtp.messagesTo(u"alice@example.org"_s).size(), 1);
}

void TestYearEndMailer::noReplyAfterTheMessageIsNeverResent()
{
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 5, 1), 1));
    test::SmtpTestServer::Options hanging;
    hanging.hang = u"data:1"_s; // stores the message, never says so
    QVERIFY(m_smtp.start(hanging));
    const auto first = run(2025, 2);
    QCOMPARE(first->line(), u"year-end 2025: 0 sent, 0 skipped, 1 failed"_s);
    QCOMPARE(first->users.first().kind, UserOutcome::Kind::Unconfirmed);
    QVERIFY2(first->problems().first().contains(u"--mark-sent alice"_s), qPrintable(first->problems().first()));
    QCOMPARE(m_smtp.messages().size(), 1); // it did arrive

    QVERIFY(m_smtp.start());
    const auto second = run();
    QCOMPARE(second->line(), u"year-end 2025: 0 sent, 0 skipped, 1 failed"_s);
    const QString problem = second->problems().first();
    QVERIFY2(problem.contains(u"Message-ID <"_s + (*m_fixture.services->yearEnd.record(alice, 2025))->messageId),
             qPrintable(problem));
    QCOMPARE(m_smtp.messages().size(), 0); // never a second copy

    // The operator found it missing in the mail server's log: released, sent once more.
    QVERIFY(m_fixture.services->yearEnd.resolveUnconfirmed(alice, 2025, false));
    QCOMPARE(run()->line(), u"year-end 2025: 1 sent, 0 skipped, 0 failed"_s);
    QVERIFY(m_smtp.waitForMessages(1));
}

void TestYearEndMailer::aMailAnotherServerIsSendingIsSkipped()
{
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 5, 1), 1));
    QVERIFY(m_fixture.services->yearEnd.claim(alice, 2025, u"alice@example.org"_s, u"x@y"_s, u"other.example:7"_s));
    const auto busy = run();
    QCOMPARE(busy->line(), u"year-end 2025: 0 sent, 1 skipped, 0 failed"_s);
    QVERIFY(busy->users.first().detail.contains(u"other.example:7"_s));
    QCOMPARE(m_smtp.messages().size(), 0);
    m_fixture.clock->advance(YearEndLedger::kStaleClaimSeconds); // that server died before sending anything
    QCOMPARE(run()->line(), u"year-end 2025: 1 sent, 0 skipped, 0 failed"_s);
}

void TestYearEndMailer::aBoardThatCannotBeDrawnClaimsNothing()
{
    const qint64 alice = m_fixture.addUser(u"alice"_s, u"alice@example.org"_s);
    QVERIFY(m_fixture.addDays(alice, QDate(2025, 5, 1), 1));
    m_artwork.failing = true;
    const auto failed = run();
    QCOMPARE(failed->line(), u"year-end 2025: 0 sent, 0 skipped, 1 failed"_s);
    QVERIFY(failed->problems().first().contains(u"the board could not be drawn"_s));
    QVERIFY(!m_fixture.services->yearEnd.record(alice, 2025)->has_value());
    m_artwork.failing = false;
    QCOMPARE(run()->line(), u"year-end 2025: 1 sent, 0 skipped, 0 failed"_s);
}

QTEST_MAIN(TestYearEndMailer)
#include "TestYearEndMailer.moc"
