#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Moodboard"_s);
    QCoreApplication::setApplicationName(u"moodboard"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(MOODBOARD_VERSION));
    const QStringList args = QCoreApplication::arguments();
    if (args.contains(u"--version"_s)) {
        QTextStream(stdout) << "moodboard " << QCoreApplication::applicationVersion() << Qt::endl;
        return 0;
    }
    return 0;
}
