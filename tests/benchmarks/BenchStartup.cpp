// From process start to a usable Year page, with 10 years of data (two moods a day) on this computer.
// The parent prepares the database and settings, then starts itself as the app (QProcess) several times and
// times each run from QProcess::start() to the child's "ready" line: window shown, signed in (Argon2id at the
// product's strength), Year page loaded and painted. Typing the password is not counted.
// Usage: bench_startup [runs]   (default 5)
#include "DesktopApp.h"
#include "MainWindow.h"
#include "Services.h"
#include "SignInPage.h"
#include "StreakRanking.h"
#include "TimeUtil.h"
#include "YearGridWidget.h"
#include "YearPage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
const QString kUser = u"bench"_s;
const QString kPassword = u"benchmark1"_s;

int fail(const QString& what)
{
    QTextStream(stdout) << "FAILED: " << what << Qt::endl;
    return 1;
}

// The app, as main() builds it, on the prepared files; prints timings on stdout.
int runChild(int argc, char* argv[], const QString& dir)
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Moodboard"_s);
    QApplication::setApplicationName(u"moodboard"_s);
    gui::DesktopOptions options;
    options.settingsFile = dir + u"/moodboard.ini"_s;
    options.local.databasePath = dir + u"/moodboard.sqlite"_s;
    gui::DesktopApp desktop(options);
    gui::MainWindow& window = desktop.window();
    window.show();
    QTextStream out(stdout);
    qint64 shownAt = 0;
    qint64 signedInAt = 0;

    QObject::connect(window.signInPage(), &gui::SignInPage::signedIn, &window, [&] {
        signedInAt = sinceMain.elapsed();
        gui::YearPage* year = window.yearPage();
        QObject::connect(year, &gui::YearPage::loaded, &window, [&, year] {
            year->grid()->repaint(); // painted with the year's data: usable
            out << "shown " << shownAt << " signedIn " << signedInAt << " ready " << sinceMain.elapsed() << Qt::endl;
            QApplication::exit(0);
        });
    });
    QTimer::singleShot(0, &window, [&] {
        shownAt = sinceMain.elapsed();
        // A person who already typed: the username is remembered, the password entered, Enter pressed.
        auto* password = window.findChild<QLineEdit*>(u"passwordEdit"_s);
        password->setText(kPassword);
        window.findChild<QPushButton*>(u"logInButton"_s)->click();
    });
    QTimer::singleShot(30000, &app, [] { QApplication::exit(3); });
    return QApplication::exec();
}

// bench's 10 years up to today, straight in SQL in one transaction (recording them one by one would test the
// back-fill rules, not the start-up).
bool prepare(const QString& dir, QString* error)
{
    const auto config = DatabaseConfig::parse(dir + u"/moodboard.sqlite"_s);
    auto database = Database::open(*config);
    if (!database) {
        *error = database.error().message;
        return false;
    }
    SystemClock clock;
    Services services(**database, clock);
    const auto user = services.users.registerUser(kUser, kPassword);
    if (!user) {
        *error = user.error().message;
        return false;
    }
    const QTimeZone zone = zoneOrUtc(user->timeZone);
    const QDate today = localDate(clock.now().toSecsSinceEpoch(), zone);
    WriteTransaction tx(**database);
    if (!tx.begin()) {
        *error = u"begin"_s;
        return false;
    }
    quint32 seed = 42;
    for (QDate day = today.addYears(-10); day <= today; day = day.addDays(1)) {
        for (int i = 0; i < 2; ++i) {
            seed = seed * 1103515245u + 12345u;
            const Mood mood = panelMoods().at(static_cast<qsizetype>((seed >> 8) % 5));
            const qint64 at = QDateTime(day, QTime(9 + 9 * i, 0), zone).toSecsSinceEpoch();
            const auto inserted = sql::exec(tx.db(),
                                            u"INSERT INTO moods (user_id, mood, at_epoch, local_day, note, recorded_at)"
                                            " VALUES (?, ?, ?, ?, ?, ?)"_s,
                                            {user->id, moodName(mood), at, day.toString(Qt::ISODate),
                                             i == 0 ? u"a note about the morning"_s : QString(), at});
            if (!inserted) {
                *error = inserted.error().message;
                return false;
            }
        }
    }
    if (!StreakRanking::refreshLongest(**database, tx.db(), user->id) || !tx.commit()) {
        *error = u"commit"_s;
        return false;
    }
    QSettings settings(dir + u"/moodboard.ini"_s, QSettings::IniFormat);
    settings.setValue(u"signIn/username"_s, kUser);
    settings.setValue(u"window/lastPage"_s, u"year"_s);
    return true;
}
} // namespace

int main(int argc, char* argv[])
{
    if (argc >= 3 && qstrcmp(argv[1], "--child") == 0)
        return runChild(argc, argv, QString::fromLocal8Bit(argv[2]));

    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int runs = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 5;
    QTemporaryDir dir;
    QString error;
    if (!prepare(dir.path(), &error))
        return fail(error);
    out << "10 years of data (two moods a day) prepared; " << runs << " runs" << Qt::endl;

    QList<qint64> totals;
    for (int run = 0; run < runs; ++run) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QElapsedTimer clock;
        clock.start();
        child.start(QCoreApplication::applicationFilePath(), {u"--child"_s, dir.path()});
        // The clock stops when the child says "ready", not when it has quit.
        QByteArray line;
        while (!line.contains("ready") && child.waitForReadyRead(60000))
            line += child.readAllStandardOutput();
        const qint64 total = clock.elapsed();
        if (!child.waitForFinished(60000) || child.exitCode() != 0 || !line.contains("ready"))
            return fail(u"the app did not get to a usable Year page (exit %1)"_s.arg(child.exitCode()));
        out << "run " << run + 1 << ": " << QString::fromUtf8(line).trimmed()
            << " (ms since main); process start to usable Year page " << total << " ms" << Qt::endl;
        totals.append(total);
    }
    std::sort(totals.begin(), totals.end());
    out << "median process start to usable Year page: " << totals.at(totals.size() / 2) << " ms" << Qt::endl;
    return 0;
}
