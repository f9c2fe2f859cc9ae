#include "HttpClient.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QTimer>

namespace mood::test {

QByteArray basicAuth(const QString& user, const QString& password)
{
    return "Basic " + QString(user + u':' + password).toUtf8().toBase64();
}

HttpClient::HttpClient(QString baseUrl)
    : m_baseUrl(std::move(baseUrl))
{
    m_manager.setAutoDeleteReplies(false);
}

void HttpClient::setBasic(const QString& user, const QString& password)
{
    m_authorization = basicAuth(user, password);
}

void HttpClient::setBearer(const QString& token)
{
    m_authorization = "Bearer " + token.toLatin1();
}

HttpReply HttpClient::send(const QByteArray& method, const QString& pathAndQuery, const QByteArray& body,
                           const QHash<QByteArray, QByteArray>& headers)
{
    QNetworkRequest request(QUrl(m_baseUrl + pathAndQuery, QUrl::StrictMode));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!body.isEmpty() || method == "POST" || method == "PATCH")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_authorization.isEmpty())
        request.setRawHeader("Authorization", m_authorization);
    for (auto it = headers.begin(); it != headers.end(); ++it)
        request.setRawHeader(it.key(), it.value());

    QNetworkReply* reply = m_manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(30000);
    loop.exec();

    HttpReply result;
    if (!reply->isFinished()) {
        reply->abort();
        result.networkError = QStringLiteral("timeout");
    } else {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        for (const auto& [name, value] : reply->rawHeaderPairs())
            result.headers.insert(name.toLower(), value);
        if (reply->error() != QNetworkReply::NoError && result.status == 0)
            result.networkError = reply->errorString();
    }
    delete reply;
    return result;
}

} // namespace mood::test
