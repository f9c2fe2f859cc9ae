#include "Backend.h"
#include "BoardRenderer.h"
#include "ExportBoardDialog.h"
#include "FileActions.h"
#include "GuiHarness.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kNow = 1773576000; // 2026-03-15T12:00:00Z
constexpr qint64 kDay = 86400;
} // namespace

// File → Export board…, Export data…, Import data… in the real window over this computer's Moodboard.
class TestFileActions final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void exportBoardAsPng();
    void exportBoardAsPdf();
    void exportDataThenImportIntoAFreshAccount();
    void importReportsWhatWasSkipped();
    void brokenFileChangesNothing();

private:
    gui::FileActions* files() const { return m_app->window().files(); }
    void recordSome();
    gui::ExportBoardDialog* openBoardDialog();
    void chooseFile(QFileDialog* dialog, const QString& path);
    QString messageText() const;

    std::unique_ptr<test::GuiHarness> m_app;
    QTemporaryDir m_dir;
};

void TestFileActions::init()
{
    m_app = std::make_unique<test::GuiHarness>();
    m_app->showWindow();
    QVERIFY(m_app->createAccount(u"alice"_s));
    QVERIFY(files());
}

void TestFileActions::cleanup()
{
    m_app.reset();
}

void TestFileActions::recordSome()
{
    auto alice = m_app->session(u"alice"_s);
    QVERIFY(test::await(alice->record(Mood::Cheerful, kNow - 3 * kDay, u"a walk, \"finally\""_s)).ok()); // 12th
    QVERIFY(test::await(alice->record(Mood::Gloomy, kNow - 2 * kDay, {})).ok());                         // 13th
    QVERIFY(test::await(alice->record(Mood::Reflective, kNow - 2 * kDay + 600, u"later"_s)).ok());
    QVERIFY(test::await(alice->record(Mood::Cheerful, kNow, u"today"_s)).ok());
}

gui::ExportBoardDialog* TestFileActions::openBoardDialog()
{
    files()->exportBoard();
    if (!QTest::qWaitFor([this] { return files()->boardDialog() && files()->boardDialog()->isVisible(); }, 10000))
        return nullptr;
    return files()->boardDialog();
}

void TestFileActions::chooseFile(QFileDialog* dialog, const QString& path)
{
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->selectFile(path);
    static_cast<QDialog*>(dialog)->accept(); // QFileDialog::accept(), as the Save/Open button does
}

QString TestFileActions::messageText() const
{
    return files()->lastMessage() ? files()->lastMessage()->text() : QString();
}

void TestFileActions::exportBoardAsPng()
{
    recordSome();
    gui::ExportBoardDialog* dialog = openBoardDialog();
    QVERIFY(dialog);
    QVERIFY(test::widgetByAccessibleName(dialog, u"Year"_s));
    QVERIFY(test::widgetByAccessibleName(dialog, u"Format"_s));
    QVERIFY(test::widgetByAccessibleName(dialog, u"File"_s));
    QCOMPARE(dialog->year(), 2026);
    QVERIFY(dialog->path().endsWith(u"moodboard-alice-2026.png"_s));
    const QString path = m_dir.filePath(u"board.png"_s);
    dialog->setFormat(gui::ExportBoardDialog::Format::Png);
    dialog->setPath(path);
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(files()->lastMessage() != nullptr, 20000);
    QVERIFY2(messageText().contains(u"saved"_s), qPrintable(messageText()));
    QVERIFY(!files()->isBusy());

    const QImage image(path);
    QCOMPARE(image.size(), render::BoardRenderer::kPageSize.toSize());
    render::BoardSheet sheet;
    sheet.grid.year = 2026;
    const render::BoardRenderer::Geometry g = render::BoardRenderer(sheet).geometry();
    const render::MoodPalette palette = render::MoodPalette::standard();
    const auto at = [&](const QDate& d) { return image.pixelColor(g.grid.cellRect(d).center().toPoint()); };
    QCOMPARE(at(QDate(2026, 3, 15)), palette.level(5));
    QCOMPARE(at(QDate(2026, 3, 12)), palette.level(5));
    QCOMPARE(at(QDate(2026, 3, 13)), palette.level(3)); // the later mood of the day: Reflective
    QCOMPARE(at(QDate(2026, 3, 14)), render::YearGridStyle::light().emptyFill);
}

void TestFileActions::exportBoardAsPdf()
{
    recordSome();
    gui::ExportBoardDialog* dialog = openBoardDialog();
    QVERIFY(dialog);
    const QString path = m_dir.filePath(u"board.pdf"_s);
    dialog->setFormat(gui::ExportBoardDialog::Format::Pdf);
    dialog->setPath(path);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(files()->lastMessage() != nullptr, 20000);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(4) == "%PDF");
    const QString pdfinfo = QStandardPaths::findExecutable(u"pdfinfo"_s);
    QVERIFY2(!pdfinfo.isEmpty(), "pdfinfo (poppler-utils) is needed");
    QProcess info;
    info.start(pdfinfo, {path});
    QVERIFY(info.waitForFinished(30000));
    const QString text = QString::fromUtf8(info.readAllStandardOutput());
    QVERIFY2(text.contains(QRegularExpression(u"Pages:\\s+1\\n"_s)), qPrintable(text));
    QVERIFY2(text.contains(u"alice \u00b7 2026"_s), qPrintable(text));
}

void TestFileActions::exportDataThenImportIntoAFreshAccount()
{
    recordSome();
    const QString path = m_dir.filePath(u"alice.json"_s);
    chooseFile(files()->exportData(), path);
    QTRY_VERIFY_WITH_TIMEOUT(files()->lastMessage() != nullptr, 20000);
    QVERIFY2(messageText().contains(u"saved"_s), qPrintable(messageText()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QVERIFY(json.contains("moodboard-export"));
    QVERIFY(json.contains("a walk, \\\"finally\\\""));

    const QString csvPath = m_dir.filePath(u"alice.csv"_s);
    chooseFile(files()->exportData(), csvPath);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(csvPath) && !files()->isBusy(), 20000);
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QVERIFY(csv.readLine().startsWith("timestamp,day,time,mood,level,note,recorded_at"));

    m_app->window().signOut();
    QVERIFY(m_app->createAccount(u"bob"_s));
    QVERIFY(files());
    chooseFile(files()->importData(), path);
    QTRY_VERIFY_WITH_TIMEOUT(messageText().startsWith(u"Imported"_s), 20000);
    QVERIFY2(messageText().contains(u"Imported 4 of 4 moods"_s), qPrintable(messageText()));

    auto bob = m_app->session(u"bob"_s);
    client::HistoryRequest all;
    const auto summary = test::await(bob->summary(all));
    QVERIFY(summary.ok());
    QCOMPARE(summary->entries.size(), 4);
    QStringList notes;
    for (const client::Entry& entry : summary->entries)
        notes.append(entry.note);
    QVERIFY(notes.contains(u"a walk, \"finally\""_s));
    // The same file again: nothing is duplicated, and the box says why.
    chooseFile(files()->importData(), path);
    QTRY_VERIFY_WITH_TIMEOUT(messageText().contains(u"Imported 0 of 4"_s), 20000);
    QVERIFY(!files()->lastMessage()->detailedText().isEmpty());
    QCOMPARE(test::await(bob->summary(all))->entries.size(), 4);
}

void TestFileActions::importReportsWhatWasSkipped()
{
    const QString path = QStringLiteral(MOOD_TEST_DATA_DIR) + u"/daylio-export.csv"_s;
    chooseFile(files()->importData(), path);
    QTRY_VERIFY_WITH_TIMEOUT(messageText().startsWith(u"Imported"_s), 20000);
    QVERIFY2(messageText().contains(u"daylio-export.csv"_s), qPrintable(messageText()));
    auto alice = m_app->session(u"alice"_s);
    const auto summary = test::await(alice->summary(client::HistoryRequest{}));
    QVERIFY(summary.ok());
    QVERIFY(summary->entries.size() > 0);
    if (messageText().contains(u"skipped"_s))
        QVERIFY(files()->lastMessage()->detailedText().contains(u"skipped"_s));
}

void TestFileActions::brokenFileChangesNothing()
{
    const QString path = m_dir.filePath(u"broken.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"moodboard-export\", \"moods\": [");
    file.close();
    chooseFile(files()->importData(), path);
    QTRY_VERIFY_WITH_TIMEOUT(files()->lastMessage() != nullptr, 20000);
    QCOMPARE(files()->lastMessage()->icon(), QMessageBox::Warning);
    QVERIFY2(messageText().contains(u"Nothing was changed"_s), qPrintable(messageText()));
}

QTEST_MAIN(TestFileActions)
#include "TestFileActions.moc"
