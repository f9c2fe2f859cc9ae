#include "SmtpTestServer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <QUrl>

namespace mood::test {

using namespace Qt::StringLiterals;

bool SmtpTestServer::start(const Options& options)
{
    stop();
    m_dir = std::make_unique<QTemporaryDir>();
    QStringList args{QStringLiteral(MOOD_SMTP_SERVER_SCRIPT), u"--out"_s, outDir(), u"--host"_s, options.host};
    for (const QString& address : options.refuse)
        args << u"--refuse"_s << address;
    if (!options.authUser.isEmpty())
        args << u"--auth"_s << options.authUser + u':' + options.authPassword;
    if (options.startTls)
        args << u"--starttls"_s;
    if (options.requireTls)
        args << u"--require-tls"_s;
    if (options.implicitTls)
        args << u"--implicit-tls"_s;
    if (!options.hang.isEmpty())
        args << u"--hang"_s << options.hang;
    if (options.delaySeconds > 0)
        args << u"--delay"_s << QString::number(options.delaySeconds);
    m_implicitTls = options.implicitTls;
    m_process.start(QStringLiteral(MOOD_PYTHON3), args);
    if (!m_process.waitForStarted(10000)) {
        m_error = u"cannot start "_s + QStringLiteral(MOOD_PYTHON3) + u": "_s + m_process.errorString();
        return false;
    }
    while (!m_process.canReadLine() && m_process.state() == QProcess::Running)
        m_process.waitForReadyRead(15000);
    const QByteArray line = m_process.readLine().trimmed();
    if (!line.startsWith("port ")) {
        m_error = u"the SMTP test server did not start: "_s + QString::fromUtf8(m_process.readAllStandardError());
        stop();
        return false;
    }
    m_port = static_cast<quint16>(line.mid(5).toUInt());
    return true;
}

bool SmtpTestServer::start()
{
    return start(Options());
}

void SmtpTestServer::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    m_port = 0;
}

QString SmtpTestServer::url(const QString& user, const QString& password, const QString& host) const
{
    QUrl url;
    url.setScheme(m_implicitTls ? u"smtps"_s : u"smtp"_s);
    url.setHost(host.isEmpty() ? u"127.0.0.1"_s : host);
    url.setPort(m_port);
    if (!user.isEmpty()) {
        url.setUserName(user);
        url.setPassword(password);
    }
    return url.toString(QUrl::FullyEncoded);
}

QString SmtpTestServer::caFile() const
{
    return m_dir->filePath(u"cert.pem"_s);
}

QList<QJsonObject> SmtpTestServer::messages() const
{
    QList<QJsonObject> out;
    const QStringList names = QDir(outDir()).entryList({u"*.json"_s}, QDir::Files, QDir::Name);
    for (const QString& name : names) {
        QFile file(QDir(outDir()).filePath(name));
        if (file.open(QIODevice::ReadOnly))
            out.append(QJsonDocument::fromJson(file.readAll()).object());
    }
    return out;
}

QByteArray SmtpTestServer::raw(int index) const
{
    QFile file(QDir(outDir()).filePath(u"%1.eml"_s.arg(index + 1, 4, 10, QChar(u'0'))));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<QJsonObject> SmtpTestServer::messagesTo(const QString& address) const
{
    QList<QJsonObject> out;
    for (const QJsonObject& message : messages()) {
        if (message.value(u"rcpt_tos"_s).toVariant().toStringList().contains(address))
            out.append(message);
    }
    return out;
}

bool SmtpTestServer::waitForMessages(int count, int timeoutMs) const
{
    return QTest::qWaitFor([&] { return messages().size() >= count; }, timeoutMs);
}

bool SmtpTestServer::waitForHang(int timeoutMs) const
{
    return QTest::qWaitFor([&] { return QFile::exists(m_dir->filePath(u"hanging"_s)); }, timeoutMs);
}

QStringList SmtpTestServer::authAttempts() const
{
    QFile file(m_dir->filePath(u"auth.log"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

QString SmtpTestServer::stderrText() const
{
    return QString::fromUtf8(m_process.readAllStandardError());
}

} // namespace mood::test
