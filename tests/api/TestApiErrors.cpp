#include "ApiErrors.h"

#include <QTest>

using namespace mood;
using namespace mood::api;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(mood::api::Family)
Q_DECLARE_METATYPE(mood::ErrorKind)

namespace {
const QByteArray kJson = QByteArrayLiteral("application/json");

QByteArray headerOf(const ApiResponse& response, const QByteArray& name)
{
    for (const auto& header : response.headers) {
        if (header.first == name)
            return header.second;
    }
    return {};
}
} // namespace

class TestApiErrors final : public QObject
{
    Q_OBJECT

private slots:
    void makePerFamily_data();
    void makePerFamily();
    void logsDefaultCodes_data();
    void logsDefaultCodes();
    void statusFor_data();
    void statusFor();
    void fromDomain_data();
    void fromDomain();
    void storageNeverLeaksDetails_data();
    void storageNeverLeaksDetails();
    void unauthorized();
    void forbidden_data();
    void forbidden();
    void tooManyRequests_data();
    void tooManyRequests();
    void payloadTooLarge_data();
    void payloadTooLarge();
    void routeNotFound();
    void methodNotAllowed();
    void familyForPath_data();
    void familyForPath();
};

void TestApiErrors::makePerFamily_data()
{
    QTest::addColumn<Family>("family");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("users") << Family::Users << 400 << u"bad"_s << QByteArray(R"({"error":"bad"})");
    QTest::newRow("feed") << Family::Feed << 404 << u"no actor"_s << QByteArray(R"({"error":"no actor"})");
    QTest::newRow("events") << Family::Events << 400 << u"bad"_s << QByteArray(R"({"message":"bad"})");
    QTest::newRow("logs with code") << Family::Logs << 400 << u"INVALID_LEVEL"_s
                                    << QByteArray(R"({"code":"INVALID_LEVEL","success":false})");
    QTest::newRow("logs default code") << Family::Logs << 404 << QString()
                                       << QByteArray(R"({"code":"NOT_FOUND","success":false})");
    QTest::newRow("users quotes escaped")
        << Family::Users << 400 << u"'x' is \"odd\""_s << QByteArray(R"({"error":"'x' is \"odd\""})");
}

void TestApiErrors::makePerFamily()
{
    QFETCH(Family, family);
    QFETCH(int, status);
    QFETCH(QString, text);
    QFETCH(QByteArray, body);
    const ApiResponse r = errors::make(family, status, text);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, body);
    QCOMPARE(r.contentType, kJson);
    QVERIFY(r.headers.isEmpty());
}

void TestApiErrors::logsDefaultCodes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const QList<QPair<int, const char*>> rows{
        {400, "BAD_REQUEST"},    {401, "UNAUTHORIZED"},      {403, "FORBIDDEN"},          {404, "NOT_FOUND"},
        {409, "CONFLICT"},       {413, "PAYLOAD_TOO_LARGE"}, {422, "BAD_REQUEST"},        {429, "TOO_MANY_REQUESTS"},
        {500, "INTERNAL_ERROR"}, {502, "INTERNAL_ERROR"},    {503, "SERVICE_UNAVAILABLE"}};
    for (const auto& [status, code] : rows)
        QTest::addRow("%d", status) << status << QString::fromLatin1(code);
}

void TestApiErrors::logsDefaultCodes()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    const ApiResponse r = errors::make(Family::Logs, status, QString());
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, uR"({"code":"%1","success":false})"_s.arg(code).toUtf8());
}

void TestApiErrors::statusFor_data()
{
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<int>("status");
    QTest::newRow("invalid") << ErrorKind::Invalid << 400;
    QTest::newRow("not found") << ErrorKind::NotFound << 404;
    QTest::newRow("conflict") << ErrorKind::Conflict << 409;
    QTest::newRow("forbidden") << ErrorKind::Forbidden << 403;
    QTest::newRow("storage") << ErrorKind::Storage << 503;
}

void TestApiErrors::statusFor()
{
    QFETCH(ErrorKind, kind);
    QFETCH(int, status);
    QCOMPARE(errors::statusFor(kind), status);
}

void TestApiErrors::fromDomain_data()
{
    QTest::addColumn<Family>("family");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    const struct {
        const char* name;
        ErrorKind kind;
        int status;
        const char* code;
    } kinds[] = {{"invalid", ErrorKind::Invalid, 400, "BAD_REQUEST"},
                 {"not found", ErrorKind::NotFound, 404, "NOT_FOUND"},
                 {"conflict", ErrorKind::Conflict, 409, "CONFLICT"},
                 {"forbidden", ErrorKind::Forbidden, 403, "FORBIDDEN"}};
    for (const auto& k : kinds) {
        QTest::addRow("users %s", k.name) << Family::Users << k.kind << k.status << QByteArray(R"({"error":"why"})");
        QTest::addRow("feed %s", k.name) << Family::Feed << k.kind << k.status << QByteArray(R"({"error":"why"})");
        QTest::addRow("events %s", k.name)
            << Family::Events << k.kind << k.status << QByteArray(R"({"message":"why"})");
        QTest::addRow("logs %s", k.name) << Family::Logs << k.kind << k.status
                                         << uR"({"code":"%1","success":false})"_s.arg(QLatin1String(k.code)).toUtf8();
    }
}

void TestApiErrors::fromDomain()
{
    QFETCH(Family, family);
    QFETCH(ErrorKind, kind);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    const ApiResponse r = errors::fromDomain(family, Error{kind, u"why"_s});
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, body);
    QCOMPARE(r.contentType, kJson);
}

void TestApiErrors::storageNeverLeaksDetails_data()
{
    QTest::addColumn<Family>("family");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("users") << Family::Users << QByteArray(R"({"error":"the database is unavailable"})");
    QTest::newRow("feed") << Family::Feed << QByteArray(R"({"error":"the database is unavailable"})");
    QTest::newRow("events") << Family::Events << QByteArray(R"({"message":"the database is unavailable"})");
    QTest::newRow("logs") << Family::Logs << QByteArray(R"({"code":"SERVICE_UNAVAILABLE","success":false})");
}

void TestApiErrors::storageNeverLeaksDetails()
{
    QFETCH(Family, family);
    QFETCH(QByteArray, body);
    const ApiResponse r =
        errors::fromDomain(family, Error{ErrorKind::Storage, u"database error: relation \"moods\" is locked"_s});
    QCOMPARE(r.status, 503);
    QCOMPARE(r.body, body);
    QVERIFY(!r.body.contains("moods"));
}

void TestApiErrors::unauthorized()
{
    const ApiResponse r = errors::unauthorized();
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body, QByteArray("Unauthorized Access"));
    QCOMPARE(r.contentType, QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(r.headers.size(), 1);
    QCOMPARE(r.headers.first().first, QByteArray("WWW-Authenticate"));
    QCOMPARE(r.headers.first().second, QByteArray(R"(Basic realm="Authentication Required")"));
}

void TestApiErrors::forbidden_data()
{
    QTest::addColumn<Family>("family");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("users default") << Family::Users << QString()
                                   << QByteArray(R"({"error":"forbidden: you can only act for yourself"})");
    QTest::newRow("users text") << Family::Users << u"registration is closed"_s
                                << QByteArray(R"({"error":"registration is closed"})");
    QTest::newRow("feed default") << Family::Feed << QString()
                                  << QByteArray(R"({"error":"forbidden: you can only act for yourself"})");
    QTest::newRow("events text") << Family::Events << u"admins only"_s << QByteArray(R"({"message":"admins only"})");
    QTest::newRow("logs ignores text") << Family::Logs << u"admins only"_s
                                       << QByteArray(R"({"code":"FORBIDDEN","success":false})");
}

void TestApiErrors::forbidden()
{
    QFETCH(Family, family);
    QFETCH(QString, text);
    QFETCH(QByteArray, body);
    const ApiResponse r = errors::forbidden(family, text);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, body);
    QCOMPARE(r.contentType, kJson);
}

void TestApiErrors::tooManyRequests_data()
{
    QTest::addColumn<Family>("family");
    QTest::addColumn<QByteArray>("body");
    const QByteArray text = "too many failed logins from this address; try again later";
    QTest::newRow("users") << Family::Users << R"({"error":")" + text + R"("})";
    QTest::newRow("feed") << Family::Feed << R"({"error":")" + text + R"("})";
    QTest::newRow("events") << Family::Events << R"({"message":")" + text + R"("})";
    QTest::newRow("logs") << Family::Logs << QByteArray(R"({"code":"TOO_MANY_REQUESTS","success":false})");
}

void TestApiErrors::tooManyRequests()
{
    QFETCH(Family, family);
    QFETCH(QByteArray, body);
    const ApiResponse r = errors::tooManyRequests(family);
    QCOMPARE(r.status, 429);
    QCOMPARE(r.body, body);
    QCOMPARE(r.contentType, kJson);
}

void TestApiErrors::payloadTooLarge_data()
{
    QTest::addColumn<Family>("family");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("users") << Family::Users << QByteArray(R"({"error":"request body too large"})");
    QTest::newRow("feed") << Family::Feed << QByteArray(R"({"error":"request body too large"})");
    QTest::newRow("events") << Family::Events << QByteArray(R"({"message":"request body too large"})");
    QTest::newRow("logs") << Family::Logs << QByteArray(R"({"code":"PAYLOAD_TOO_LARGE","success":false})");
}

void TestApiErrors::payloadTooLarge()
{
    QFETCH(Family, family);
    QFETCH(QByteArray, body);
    const ApiResponse r = errors::payloadTooLarge(family);
    QCOMPARE(r.status, 413);
    QCOMPARE(r.body, body);
    QCOMPARE(r.contentType, kJson);
}

void TestApiErrors::routeNotFound()
{
    const ApiResponse r = errors::routeNotFound();
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body, QByteArray(R"({"error":"not found"})"));
    QCOMPARE(r.contentType, kJson);
}

void TestApiErrors::methodNotAllowed()
{
    const ApiResponse r = errors::methodNotAllowed({"GET", "POST", "HEAD"});
    QCOMPARE(r.status, 405);
    QCOMPARE(r.body, QByteArray(R"({"error":"method not allowed"})"));
    QCOMPARE(r.contentType, kJson);
    QCOMPARE(headerOf(r, "Allow"), QByteArray("GET, POST, HEAD"));
    QCOMPARE(headerOf(errors::methodNotAllowed({"DELETE"}), "Allow"), QByteArray("DELETE"));
}

void TestApiErrors::familyForPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Family>("family");
    const auto row = [](const QString& path, Family family) { QTest::newRow(qPrintable(path)) << path << family; };
    for (const QString& path : {u"/user"_s, u"/user/"_s, u"/user/me"_s, u"/mood"_s, u"/mood/12"_s, u"/board"_s,
                                u"/login"_s, u"/logout"_s, u"/instance"_s, u"/openapi.json"_s, u"/"_s, u"/nowhere"_s,
                                u"/api"_s, u"/api/"_s, u"/eventsx"_s, u"/logsx"_s, u"/feeds"_s})
        row(path, Family::Users);
    for (const QString& path : {u"/events"_s, u"/events/"_s, u"/api/events"_s, u"/api/events/"_s, u"/health"_s,
                                u"/heath"_s, u"/api/health"_s, u"/api/healthz"_s, u"/health/"_s})
        row(path, Family::Events);
    for (const QString& path : {u"/logs"_s, u"/logs/"_s, u"/logs/42"_s})
        row(path, Family::Logs);
    for (const QString& path : {u"/feed/x"_s, u"/feed/x/friends"_s, u"/feed"_s, u"/activity"_s, u"/activity/"_s})
        row(path, Family::Feed);
}

void TestApiErrors::familyForPath()
{
    QFETCH(QString, path);
    QFETCH(Family, family);
    QCOMPARE(errors::familyForPath(path), family);
}

QTEST_GUILESS_MAIN(TestApiErrors)
#include "TestApiErrors.moc"
