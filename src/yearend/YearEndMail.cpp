#include "YearEndMail.h"

#include <QLocale>

namespace mood::yearend {

using namespace Qt::StringLiterals;

namespace {
QString days(int count)
{
    return count == 1 ? u"1 day"_s : u"%1 days"_s.arg(count);
}

QString monthName(int month)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).monthName(month);
}

QString bestMonthText(const YearReport& report)
{
    if (report.bestMonth == 0)
        return u"none"_s;
    return u"%1 (average level %2 over %3)"_s.arg(monthName(report.bestMonth))
        .arg(QString::number(report.bestMonthAverage, 'f', 1), days(report.bestMonthDays));
}
} // namespace

QString levelName(int level)
{
    switch (level) {
    case 5:
        return u"very good (blue)"_s;
    case 4:
        return u"good (green)"_s;
    case 3:
        return u"neutral (yellow)"_s;
    case 2:
        return u"bad (orange)"_s;
    case 1:
        return u"very bad (red)"_s;
    default:
        return {};
    }
}

YearEndMailContent yearEndContent(const YearReport& report, const QByteArray& imageContentId)
{
    const QString name = report.user.username;
    const QString year = QString::number(report.year);
    const QList<std::pair<QString, QString>> facts{
        {u"Days with a mood"_s, QString::number(report.days.size())},
        {u"Moods recorded"_s, QString::number(report.moodCount)},
        {u"Streak on 31 December"_s, days(report.streakAtYearEnd)},
        {u"Longest streak in %1"_s.arg(year), days(report.longestStreakOfYear)},
        {u"Best month"_s, bestMonthText(report)},
    };

    YearEndMailContent content;
    content.subject = u"Your Moodboard of %1 — %2"_s.arg(year, name);

    QString plain =
        u"Hello %1,\n\nhere is your Moodboard of %2: every day of your year in colour.\n\n"_s.arg(name, year);
    for (const auto& [label, value] : facts)
        plain += u"%1: %2\n"_s.arg(label, value);
    plain += u"\nMoods per level:\n"_s;
    for (int level = 5; level >= 1; --level)
        plain += u"  %1: %2\n"_s.arg(levelName(level)).arg(report.moodsAtLevel(level));
    plain += u"\nYour board is in this mail and attached as a PDF.\n\nMoodboard\n"_s;
    content.plainText = plain;

    const QString safeName = name.toHtmlEscaped();
    QString html =
        u"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Your Moodboard of %1</title></head>\n"
        "<body style=\"font-family: sans-serif; color: #222;\">\n"
        "<p>Hello %2,</p>\n<p>here is your Moodboard of %1: every day of your year in colour.</p>\n"
        "<p><img src=\"cid:%3\" alt=\"Your Moodboard of %1\" style=\"max-width: 100%;\"></p>\n<table>\n"_s.arg(
            year, safeName, QString::fromLatin1(imageContentId));
    for (const auto& [label, value] : facts)
        html += u"<tr><th align=\"left\">%1</th><td>%2</td></tr>\n"_s.arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    html += u"</table>\n<p>Moods per level:</p>\n<ul>\n"_s;
    for (int level = 5; level >= 1; --level)
        html += u"<li>%1: %2</li>\n"_s.arg(levelName(level)).arg(report.moodsAtLevel(level));
    html += u"</ul>\n<p>The board is also attached as a PDF.</p>\n<p>Moodboard</p>\n</body></html>\n"_s;
    content.html = html;
    return content;
}

Result<mail::MimeMessage> composeYearEndMail(const YearReport& report, const BoardArtwork& artwork,
                                             const mail::Mailbox& from, const QByteArray& messageId,
                                             const QDateTime& now)
{
    const auto png = artwork.png(report);
    if (!png)
        return png.error();
    const auto pdf = artwork.pdf(report);
    if (!pdf)
        return pdf.error();
    const QByteArray domain = messageId.mid(messageId.indexOf('@') + 1);
    const QByteArray contentId =
        "board-" + QByteArray::number(report.year) + '.' + QByteArray::number(report.user.id) + '@' + domain;
    const YearEndMailContent content = yearEndContent(report, contentId);
    const QString fileName = u"moodboard-%1-%2"_s.arg(report.user.username).arg(report.year);

    mail::MimeMessage message;
    message.setFrom(from);
    message.setTo({report.user.username, report.user.email});
    message.setSubject(content.subject);
    message.setDate(now);
    message.setMessageId(messageId);
    message.setPlainText(content.plainText);
    message.setHtml(content.html);
    message.addInline({"image/png", fileName + u".png"_s, contentId, *png});
    message.addAttachment({"application/pdf", fileName + u".pdf"_s, {}, *pdf});
    return message;
}

} // namespace mood::yearend
