#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace mood::test {

// A real SMTP server on 127.0.0.1 for mail tests: tests/support/smtp_server.py (aiosmtpd) in a child process.
// Every message it accepts lands in a folder as the bytes received plus what Python's email package parsed.
class SmtpTestServer final
{
public:
    struct Options {
        QStringList refuse; // recipients answered with 550
        QString authUser;   // with authPassword: AUTH required
        QString authPassword;
        bool startTls = false; // offer STARTTLS (self-signed certificate, see caFile())
        bool requireTls = false;
        bool implicitTls = false; // smtps://
        QString hang;             // "rcpt:N" or "data:N": stop answering on the N-th message
        double delaySeconds = 0;  // before accepting each message
        QString host = QStringLiteral("127.0.0.1");
    };

    SmtpTestServer() = default;
    ~SmtpTestServer() { stop(); }
    SmtpTestServer(const SmtpTestServer&) = delete;
    SmtpTestServer& operator=(const SmtpTestServer&) = delete;

    bool start(const Options& options);
    bool start();
    void stop();
    QString error() const { return m_error; }

    quint16 port() const { return m_port; }
    // smtp://[user:pass@]127.0.0.1:port (smtps:// with implicitTls); credentials percent-encoded.
    QString url(const QString& user = {}, const QString& password = {}, const QString& host = {}) const;
    QString caFile() const; // the server's certificate, to trust

    // Messages in the order they were accepted: the parsed description (see smtp_server.py) and the raw bytes.
    QList<QJsonObject> messages() const;
    QByteArray raw(int index) const;
    QList<QJsonObject> messagesTo(const QString& address) const;
    bool waitForMessages(int count, int timeoutMs = 15000) const;
    bool waitForHang(int timeoutMs = 15000) const; // the server reached its hang point
    QStringList authAttempts() const;              // "PLAIN tls=True", one per AUTH the server saw
    QString stderrText() const;

private:
    QString outDir() const { return m_dir->filePath(QStringLiteral("out")); }

    std::unique_ptr<QTemporaryDir> m_dir = std::make_unique<QTemporaryDir>(); // a fresh one per start()
    mutable QProcess m_process; // reading its stderr does not change the server
    quint16 m_port = 0;
    bool m_implicitTls = false;
    QString m_error;
};

} // namespace mood::test
