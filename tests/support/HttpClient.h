#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QString>

namespace mood::test {

struct HttpReply {
    int status = 0; // 0: no HTTP answer (connection failed, timeout)
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QString networkError;

    QByteArray header(const QByteArray& lowerCaseName) const { return headers.value(lowerCaseName); }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

// Real HTTP over 127.0.0.1 with QNetworkAccessManager, waited for synchronously (with a timeout).
class HttpClient final
{
public:
    explicit HttpClient(QString baseUrl);

    HttpReply send(const QByteArray& method, const QString& pathAndQuery, const QByteArray& body = {},
                   const QHash<QByteArray, QByteArray>& headers = {});
    HttpReply get(const QString& pathAndQuery) { return send("GET", pathAndQuery); }
    HttpReply post(const QString& pathAndQuery, const QByteArray& body) { return send("POST", pathAndQuery, body); }

    // Every later request carries these credentials (empty user: none).
    void setBasic(const QString& user, const QString& password);
    void setBearer(const QString& token);
    void clearAuth() { m_authorization.clear(); }

private:
    QString m_baseUrl;
    QByteArray m_authorization;
    QNetworkAccessManager m_manager;
};

QByteArray basicAuth(const QString& user, const QString& password); // "Basic base64(user:password)"

} // namespace mood::test
