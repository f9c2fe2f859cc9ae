#pragma once

// Checks shared by the end-to-end suites of the events, logs and feed families (TestHttp{Events,Logs,Feed}).

#include "HttpClient.h"

#include <QHash>
#include <QString>
#include <QTest>

namespace mood::test {

inline const QString kTestPassword = QStringLiteral("password123"); // TestServer::addUser's default

// An Authorization header with HTTP Basic credentials; none for an empty user.
inline QHash<QByteArray, QByteArray> basicHeader(const QString& user, const QString& password = kTestPassword)
{
    if (user.isEmpty())
        return {};
    return {{"Authorization", basicAuth(user, password)}};
}

inline QString describe(const HttpReply& reply)
{
    return QString::number(reply.status) + u' ' + QString::fromUtf8(reply.body) + u' ' + reply.networkError;
}

} // namespace mood::test

// Status, exact JSON content type and the headers every response carries.
#define EXPECT_JSON_REPLY(reply, expected)                                                                             \
    do {                                                                                                               \
        const auto& r_ = (reply);                                                                                      \
        QVERIFY2(r_.status == (expected),                                                                              \
                 qPrintable(QStringLiteral("expected %1, got ").arg(expected) + mood::test::describe(r_)));            \
        QCOMPARE(r_.header("content-type"), QByteArray("application/json"));                                           \
        QCOMPARE(r_.header("x-content-type-options"), QByteArray("nosniff"));                                          \
        QCOMPARE(r_.header("cache-control"), QByteArray("no-store"));                                                  \
    } while (false)

// The contract's 401: plain text with a Basic challenge, and the common headers.
#define EXPECT_UNAUTHORIZED(reply)                                                                                     \
    do {                                                                                                               \
        const auto& u_ = (reply);                                                                                      \
        QVERIFY2(u_.status == 401, qPrintable(mood::test::describe(u_)));                                              \
        QCOMPARE(u_.body, QByteArray("Unauthorized Access"));                                                          \
        QCOMPARE(u_.header("content-type"), QByteArray("text/plain; charset=utf-8"));                                  \
        QCOMPARE(u_.header("www-authenticate"), QByteArray("Basic realm=\"Authentication Required\""));                \
        QCOMPARE(u_.header("x-content-type-options"), QByteArray("nosniff"));                                          \
        QCOMPARE(u_.header("cache-control"), QByteArray("no-store"));                                                  \
    } while (false)
