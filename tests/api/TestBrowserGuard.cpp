#include "BrowserGuard.h"
#include "ClientAddress.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QTest>

using namespace mood::api;
using namespace Qt::StringLiterals;

// Host, Origin and Content-Type rules without sockets; and which addresses count as one client.
class TestBrowserGuard final : public QObject
{
    Q_OBJECT

private slots:
    void jsonMediaTypes_data();
    void jsonMediaTypes();
    void nonJsonBodiesReadAsNull();
    void csvBodiesAreKeptAsAFile();
    void hosts_data();
    void hosts();
    void anyAddressAcceptsTheMachinesAddresses();
    void origins_data();
    void origins();
    void refusalsInTheFamilysShape();
    void hostNames_data();
    void hostNames();
    void clientGroups_data();
    void clientGroups();

private:
    static ApiRequest request(const QByteArray& host, const QByteArray& origin = {}, const QString& path = u"/mood"_s)
    {
        ApiRequest r;
        r.method = "POST";
        r.path = path;
        r.body = R"({"mood": "CHEERFUL"})";
        r.headers.insert("content-type", "application/json");
        if (!host.isNull())
            r.headers.insert("host", host);
        if (!origin.isNull())
            r.headers.insert("origin", origin);
        return r;
    }
    const QHostAddress m_local{QHostAddress::LocalHost};
    const BrowserGuard m_guard{QHostAddress(QHostAddress::LocalHost), {u"mood.example.org"_s}};
};

void TestBrowserGuard::jsonMediaTypes_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<bool>("json");
    QTest::newRow("json") << QByteArray("application/json") << true;
    QTest::newRow("charset") << QByteArray("application/json; charset=utf-8") << true;
    QTest::newRow("upper case") << QByteArray("Application/JSON") << true;
    QTest::newRow("+json") << QByteArray("application/merge-patch+json") << true;
    QTest::newRow("problem+json with spaces") << QByteArray(" application/problem+json ;q=1") << true;
    QTest::newRow("none") << QByteArray() << false;
    QTest::newRow("text/plain") << QByteArray("text/plain") << false;
    QTest::newRow("text/plain json-ish") << QByteArray("text/plain; application/json") << false;
    QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded") << false;
    QTest::newRow("multipart") << QByteArray("multipart/form-data; boundary=x") << false;
    QTest::newRow("bare +json") << QByteArray("application/+json") << false;
    QTest::newRow("text/json") << QByteArray("text/json") << false;
    QTest::newRow("json prefix") << QByteArray("application/jsonx") << false;
}

void TestBrowserGuard::jsonMediaTypes()
{
    QFETCH(QByteArray, type);
    QFETCH(bool, json);
    QCOMPARE(BrowserGuard::isJsonMediaType(type), json);
}

void TestBrowserGuard::nonJsonBodiesReadAsNull()
{
    ApiRequest plain = request("127.0.0.1:5000");
    plain.headers.insert("content-type", "text/plain");
    QVERIFY(!m_guard.admit(plain, m_local, 5000));
    QCOMPARE(plain.body, QByteArray("null")); // what the original services saw: no JSON at all
    ApiRequest none = request("127.0.0.1:5000");
    none.headers.remove("content-type");
    QVERIFY(!m_guard.admit(none, m_local, 5000));
    QCOMPARE(none.body, QByteArray("null"));
    ApiRequest json = request("127.0.0.1:5000");
    QVERIFY(!m_guard.admit(json, m_local, 5000));
    QCOMPARE(json.body, QByteArray(R"({"mood": "CHEERFUL"})"));
    QVERIFY(json.file.isEmpty());
    QCOMPARE(plain.file, QByteArray());
}

void TestBrowserGuard::csvBodiesAreKeptAsAFile()
{
    ApiRequest csv = request("127.0.0.1:5000");
    csv.headers.insert("content-type", "Text/CSV; charset=utf-8");
    csv.body = "full_date,date,weekday,time,mood,activities,note_title,note\n";
    QVERIFY(!m_guard.admit(csv, m_local, 5000));
    QCOMPARE(csv.file, QByteArray("full_date,date,weekday,time,mood,activities,note_title,note\n"));
    QCOMPARE(csv.body, QByteArray("null")); // JSON routes see no JSON, as for any other type
    QVERIFY(BrowserGuard::isCsvMediaType("text/csv"));
    QVERIFY(!BrowserGuard::isCsvMediaType("text/csv-schema"));
    QVERIFY(!BrowserGuard::isCsvMediaType("text/plain"));
}

void TestBrowserGuard::hosts_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QString>("baseUrl"); // empty: 421
    QTest::newRow("listening address") << QByteArray("127.0.0.1:5000") << u"http://127.0.0.1:5000"_s;
    QTest::newRow("without port") << QByteArray("127.0.0.1") << u"http://127.0.0.1"_s;
    QTest::newRow("localhost") << QByteArray("localhost:5000") << u"http://localhost:5000"_s;
    QTest::newRow("LOCALHOST") << QByteArray("LocalHost:5000") << u"http://localhost:5000"_s;
    QTest::newRow("configured name") << QByteArray("Mood.Example.ORG") << u"http://mood.example.org"_s;
    QTest::newRow("no Host (HTTP/1.0)") << QByteArray() << u"http://127.0.0.1:5000"_s;
    QTest::newRow("rebinding name") << QByteArray("attacker.example:5000") << QString();
    QTest::newRow("subdomain of ours") << QByteArray("x.mood.example.org") << QString();
    QTest::newRow("localhost. (trailing dot)") << QByteArray("localhost.") << QString();
    QTest::newRow("another address") << QByteArray("10.1.2.3:5000") << QString();
    QTest::newRow("not on this listener") << QByteArray("[::1]:5000") << QString();
    QTest::newRow("user info") << QByteArray("user@127.0.0.1") << QString();
    QTest::newRow("path") << QByteArray("127.0.0.1/x") << QString();
    QTest::newRow("bad port") << QByteArray("127.0.0.1:99999") << QString();
    QTest::newRow("empty port") << QByteArray("127.0.0.1:") << QString();
    QTest::newRow("two hosts") << QByteArray("127.0.0.1, attacker.example") << QString();
}

void TestBrowserGuard::hosts()
{
    QFETCH(QByteArray, host);
    QFETCH(QString, baseUrl);
    ApiRequest r = request(host.isEmpty() ? QByteArray() : host);
    const auto refused = m_guard.admit(r, m_local, 5000);
    if (baseUrl.isEmpty()) {
        QVERIFY(refused.has_value());
        QCOMPARE(refused->status, 421);
        QVERIFY(r.baseUrl.isEmpty()); // never a link built from an unchecked host
    } else {
        QVERIFY2(!refused, refused ? refused->body.constData() : "");
        QCOMPARE(r.baseUrl, baseUrl);
    }
}

void TestBrowserGuard::anyAddressAcceptsTheMachinesAddresses()
{
    const BrowserGuard everywhere(QHostAddress(QHostAddress::Any), {});
    for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
        if (address.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        ApiRequest r = request(address.toString().toLatin1() + ":5000");
        QVERIFY2(!everywhere.admit(r, QHostAddress(u"::ffff:127.0.0.1"_s), 5000), qPrintable(address.toString()));
    }
    ApiRequest v6 = request("[::1]:5000");
    QVERIFY(!everywhere.admit(v6, QHostAddress(QHostAddress::LocalHostIPv6), 5000));
    QCOMPARE(v6.baseUrl, u"http://[::1]:5000"_s);
    ApiRequest foreign = request("192.0.2.77:5000"); // TEST-NET-1: no machine here has it
    QCOMPARE(everywhere.admit(foreign, m_local, 5000)->status, 421);
    // A dual-stack listener reports IPv4 peers' local address as ::ffff:a.b.c.d: still the same address.
    const BrowserGuard one(QHostAddress(u"127.0.0.1"_s), {});
    ApiRequest mapped = request("127.0.0.1:5000");
    QVERIFY(!one.admit(mapped, QHostAddress(u"::ffff:127.0.0.1"_s), 5000));
}

void TestBrowserGuard::origins_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("same") << QByteArray("127.0.0.1:5000") << QByteArray("http://127.0.0.1:5000") << true;
    QTest::newRow("same, localhost") << QByteArray("localhost:5000") << QByteArray("http://LOCALHOST:5000") << true;
    QTest::newRow("default port") << QByteArray("mood.example.org") << QByteArray("http://mood.example.org") << true;
    QTest::newRow("TLS proxy in front") << QByteArray("mood.example.org") << QByteArray("https://mood.example.org")
                                        << true;
    QTest::newRow("other site") << QByteArray("127.0.0.1:5000") << QByteArray("http://attacker.example") << false;
    QTest::newRow("other port") << QByteArray("127.0.0.1:5000") << QByteArray("http://127.0.0.1:8080") << false;
    QTest::newRow("other host, same port")
        << QByteArray("localhost:5000") << QByteArray("http://127.0.0.1:5000") << false;
    QTest::newRow("null") << QByteArray("127.0.0.1:5000") << QByteArray("null") << false;
    QTest::newRow("empty") << QByteArray("127.0.0.1:5000") << QByteArray("") << false;
    QTest::newRow("file") << QByteArray("127.0.0.1:5000") << QByteArray("file://") << false;
    QTest::newRow("with a path") << QByteArray("127.0.0.1:5000") << QByteArray("http://127.0.0.1:5000/x") << false;
}

void TestBrowserGuard::origins()
{
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, origin);
    QFETCH(bool, allowed);
    ApiRequest r = request(host, origin);
    const auto refused = m_guard.admit(r, m_local, 5000);
    if (allowed) {
        QVERIFY2(!refused, refused ? refused->body.constData() : "");
    } else {
        QVERIFY(refused.has_value());
        QCOMPARE(refused->status, 403);
    }
}

void TestBrowserGuard::refusalsInTheFamilysShape()
{
    const struct {
        QString path;
        QByteArray forbidden;
        QByteArray misdirected;
    } cases[] = {
        {u"/mood"_s, R"({"error":"requests from other web sites are not accepted"})",
         R"({"error":"this server does not answer for the host named in the request"})"},
        {u"/events"_s, R"({"message":"requests from other web sites are not accepted"})",
         R"({"message":"this server does not answer for the host named in the request"})"},
        {u"/logs"_s, R"({"code":"FORBIDDEN","success":false})", R"({"code":"MISDIRECTED_REQUEST","success":false})"},
        {u"/feed/alice"_s, R"({"error":"requests from other web sites are not accepted"})",
         R"({"error":"this server does not answer for the host named in the request"})"},
    };
    for (const auto& c : cases) {
        ApiRequest crossSite = request("127.0.0.1:5000", "http://attacker.example", c.path);
        QCOMPARE(m_guard.admit(crossSite, m_local, 5000)->body, c.forbidden);
        ApiRequest rebound = request("attacker.example:5000", {}, c.path);
        QCOMPARE(m_guard.admit(rebound, m_local, 5000)->body, c.misdirected);
    }
}

void TestBrowserGuard::hostNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << u"moodboard"_s << true;
    QTest::newRow("dotted") << u"mood.example.org"_s << true;
    QTest::newRow("hyphen") << u"mood-board.lan"_s << true;
    QTest::newRow("address") << u"192.168.1.20"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("underscore") << u"mood_board"_s << false;
    QTest::newRow("port") << u"mood.lan:5000"_s << false;
    QTest::newRow("leading hyphen") << u"-mood.lan"_s << false;
    QTest::newRow("empty label") << u"mood..lan"_s << false;
    QTest::newRow("trailing dot") << u"mood.lan."_s << false;
    QTest::newRow("space") << u"mood lan"_s << false;
    QTest::newRow("long label") << QString(64, u'a') << false;
}

void TestBrowserGuard::hostNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(BrowserGuard::isValidHostName(name), valid);
}

void TestBrowserGuard::clientGroups_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("group");
    QTest::newRow("IPv4") << u"10.0.0.1"_s << u"10.0.0.1"_s;
    QTest::newRow("IPv4 mapped") << u"::ffff:10.0.0.1"_s << u"10.0.0.1"_s;
    QTest::newRow("IPv6") << u"2001:db8:1:2:3:4:5:6"_s << u"2001:db8:1:2::/64"_s;
    QTest::newRow("IPv6, same /64") << u"2001:db8:1:2:ffff::1"_s << u"2001:db8:1:2::/64"_s;
    QTest::newRow("IPv6, next /64") << u"2001:db8:1:3::1"_s << u"2001:db8:1:3::/64"_s;
    QTest::newRow("loopback") << u"::1"_s << u"::/64"_s;
    QTest::newRow("not an address") << u"somewhere"_s << u"somewhere"_s;
}

void TestBrowserGuard::clientGroups()
{
    QFETCH(QString, address);
    QFETCH(QString, group);
    QCOMPARE(clientAddress::group(address), group);
}

QTEST_GUILESS_MAIN(TestBrowserGuard)
#include "TestBrowserGuard.moc"
