#pragma once

#include "Api.h"
#include "FakeClock.h"
#include "ScratchDatabase.h"
#include "Services.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

#include <memory>

namespace mood::test {

// Status, JSON content type, and the body in the failure message.
#define EXPECT_JSON(response, expectedStatus)                                                                          \
    do {                                                                                                               \
        const auto& r_ = (response);                                                                                   \
        QVERIFY2(r_.status == (expectedStatus),                                                                        \
                 qPrintable(QString::number(r_.status) + u" "_s + QString::fromUtf8(r_.body)));                        \
        QCOMPARE(r_.contentType, QByteArray("application/json"));                                                      \
    } while (false)

// One instance over a scratch database: services, the API, a fake clock. Users share one password.
class ApiHarness final
{
public:
    static inline const QString kPassword = QStringLiteral("correct horse battery");
    static inline const QString kBaseUrl = QStringLiteral("http://127.0.0.1:5000");

    bool open(const QString& backend, QString* error)
    {
        if (!scratch.open(backend)) {
            *error = scratch.error();
            return false;
        }
        clock = std::make_unique<FakeClock>();
        ServiceOptions options;
        options.passwordStrength = PasswordHasher::Strength::Minimal;
        services = std::make_unique<Services>(scratch.db(), *clock, options);
        api = std::make_unique<api::Api>(*services);
        return true;
    }

    void close()
    {
        api.reset();
        services.reset();
        scratch.close();
    }

    // target: path with an optional query ("/events?limit=2"); user: Basic credentials, none when empty.
    static api::ApiRequest request(const QByteArray& method, const QString& target, const QByteArray& body = {},
                                   const QString& user = {})
    {
        api::ApiRequest r;
        r.method = method;
        r.path = target.section(u'?', 0, 0);
        r.query = QUrlQuery(target.section(u'?', 1));
        r.body = body;
        if (!user.isEmpty())
            r.headers.insert("authorization", "Basic " + (user + u':' + kPassword).toUtf8().toBase64());
        r.clientAddress = QStringLiteral("127.0.0.1");
        r.baseUrl = kBaseUrl;
        return r;
    }

    api::ApiResponse call(const QByteArray& method, const QString& target, const QByteArray& body = {},
                          const QString& user = {})
    {
        api::ApiRequest r = request(method, target, body, user);
        return api->handle(r);
    }

    // Registers through the API; the first user of an instance is its admin.
    bool addUser(const QString& name)
    {
        const QJsonObject credentials{{QStringLiteral("username"), name}, {QStringLiteral("password"), kPassword}};
        return call("POST", QStringLiteral("/user"), QJsonDocument(credentials).toJson()).status == 201;
    }

    bool setEmail(const QString& user, const QString& email)
    {
        const QJsonObject change{{QStringLiteral("email"), email}};
        return call("PATCH", QStringLiteral("/user/me"), QJsonDocument(change).toJson(), user).status == 200;
    }

    qint64 userId(const QString& name) const
    {
        const auto user = services->users.findByName(name);
        return user && user->has_value() ? (*user)->id : 0;
    }

    // Calls with the database out of reach: PostgreSQL loses this thread's session (killed by another one, so
    // the next call reconnects); SQLite's file becomes a folder and a fresh thread has to open it.
    api::ApiResponse callWithDatabaseDown(const QByteArray& method, const QString& target)
    {
        api::ApiResponse response;
        response.status = 0;
        if (scratch.config().dialect == Dialect::Postgres) {
            QSqlQuery pid = scratch.exec(QStringLiteral("SELECT pg_backend_pid()"));
            const qint64 backendPid = pid.next() ? pid.value(0).toLongLong() : 0;
            pid.finish();
            bool killed = false;
            std::unique_ptr<QThread> killer(QThread::create([&] {
                QSqlQuery kill = scratch.exec(QStringLiteral("SELECT pg_terminate_backend(?)"), {backendPid});
                killed = kill.next() && kill.value(0).toBool();
            }));
            killer->start();
            if (!killer->wait(30000) || !killed)
                return response;
            return call(method, target);
        }
        const QString path = scratch.config().sqlitePath;
        if (!QFile::remove(path) || !QDir().mkdir(path))
            return response;
        std::unique_ptr<QThread> thread(QThread::create([&] { response = call(method, target); }));
        thread->start();
        thread->wait(30000);
        return response;
    }

    // The contract's 401: plain text, with a Basic challenge.
    static bool isUnauthorized(const api::ApiResponse& r)
    {
        return r.status == 401 && r.body == "Unauthorized Access" && r.contentType == "text/plain; charset=utf-8"
            && r.headers.contains({"WWW-Authenticate", "Basic realm=\"Authentication Required\""});
    }

    static QByteArray compact(const QJsonObject& object)
    {
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }

    static QJsonValue json(const api::ApiResponse& response)
    {
        const QJsonDocument document = QJsonDocument::fromJson(response.body);
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }

    ScratchDatabase scratch;
    std::unique_ptr<FakeClock> clock;
    std::unique_ptr<Services> services;
    std::unique_ptr<api::Api> api;
};

} // namespace mood::test
