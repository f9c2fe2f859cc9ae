#include "Api.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace mood;
using namespace Qt::StringLiterals;

// Keeps resources/openapi.json (compiled in, served at GET /openapi.json) in step with the route table:
// every route documented with its security, nothing documented that does not exist.
namespace {

const QStringList kHttpMethods{u"get"_s,     u"put"_s,  u"post"_s,  u"delete"_s,
                               u"options"_s, u"head"_s, u"patch"_s, u"trace"_s};
// Other keys a Path Item Object may have.
const QStringList kPathItemKeys{u"$ref"_s, u"summary"_s, u"description"_s, u"servers"_s, u"parameters"_s};

bool isTemplateSegment(const QString& segment)
{
    static const QRegularExpression pattern(u"^\\{[A-Za-z_][A-Za-z0-9_]*\\}$"_s);
    return pattern.match(segment).hasMatch();
}

// Whether a document path ("/feed/{u}/friends") is the router pattern ("/feed/<arg>/friends"): literal
// segments equal, each <arg> a {name} in the same position.
bool samePath(const QString& routePattern, const QString& documentPath)
{
    const QStringList route = routePattern.split(u'/');
    const QStringList document = documentPath.split(u'/');
    if (route.size() != document.size())
        return false;
    for (qsizetype i = 0; i < route.size(); ++i) {
        if (route.at(i) == u"<arg>"_s ? !isTemplateSegment(document.at(i)) : route.at(i) != document.at(i))
            return false;
    }
    return true;
}

QString routeName(const api::Route& route)
{
    return QString::fromLatin1(route.method) + u' ' + route.pattern;
}

} // namespace

class TestOpenApi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data();
    void init();
    void cleanup();

    void servedOverHttp();
    void pathsAreWellFormed();
    void everyRouteIsDocumented();
    void noStaleEntries();
    void securityMatchesTheRoutes();
    void securitySchemes();
    void pathParametersAreDeclared();
    void referencesResolve();
    void responsesUseTheFamilyErrorShape();
    void saysWhatTheServerChecks();
    void requestBodiesAreTheDeclarations();
    void operationIdsAreUnique();

private:
    QJsonValue resolve(const QJsonValue& value) const; // follows a local $ref, if any
    QJsonArray effectiveSecurity(const QJsonObject& operation) const;
    std::optional<QString> documentPathOf(const api::Route& route, QString* problem) const;

    test::TestServer m_server;
    std::unique_ptr<api::Api> m_api;
    QJsonObject m_document;
    QJsonObject m_paths;
};

void TestOpenApi::initTestCase_data()
{
    test::addBackendRows();
}

void TestOpenApi::init()
{
    MOOD_FETCH_BACKEND(backend);
    QVERIFY2(m_server.start(backend), qPrintable(m_server.error()));
    // A route table of its own, over the same services: the one the server dispatches with is built the same way.
    m_api = std::make_unique<api::Api>(m_server.services());
    QVERIFY(!m_api->router().routes().isEmpty());

    auto client = m_server.client();
    const auto reply = client.get(u"/openapi.json"_s);
    QCOMPARE(reply.status, 200);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(document.isObject());
    m_document = document.object();
    m_paths = m_document.value(u"paths"_s).toObject();
}

void TestOpenApi::cleanup()
{
    m_api.reset();
    m_server.stop();
}

QJsonValue TestOpenApi::resolve(const QJsonValue& value) const
{
    QJsonValue current = value;
    for (int depth = 0; depth < 16; ++depth) { // a chain of $refs, never a loop
        const QString ref = current.toObject().value(u"$ref"_s).toString();
        if (ref.isEmpty())
            return current;
        if (!ref.startsWith(u"#/"_s))
            return QJsonValue::Undefined;
        current = m_document;
        for (QString token : ref.mid(2).split(u'/')) {
            token.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
            current = current.isArray() ? current.toArray().at(token.toInt()) : current.toObject().value(token);
            if (current.isUndefined())
                return current;
        }
    }
    return QJsonValue::Undefined;
}

QJsonArray TestOpenApi::effectiveSecurity(const QJsonObject& operation) const
{
    // An operation's own "security" replaces the document's, even when it is [].
    return operation.contains(u"security"_s) ? operation.value(u"security"_s).toArray()
                                             : m_document.value(u"security"_s).toArray();
}

std::optional<QString> TestOpenApi::documentPathOf(const api::Route& route, QString* problem) const
{
    QStringList matches;
    for (auto it = m_paths.begin(); it != m_paths.end(); ++it) {
        if (samePath(route.pattern, it.key()))
            matches.append(it.key());
    }
    if (matches.size() == 1)
        return matches.first();
    *problem = matches.isEmpty() ? u"no path in the document for %1"_s.arg(route.pattern)
                                 : u"%1 is documented twice: %2"_s.arg(route.pattern, matches.join(u", "_s));
    return std::nullopt;
}

void TestOpenApi::servedOverHttp()
{
    auto client = m_server.client();
    const auto reply = client.get(u"/openapi.json"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.body, m_api->openApiDocument()); // generated once from the route table
    QCOMPARE(client.get(u"/openapi.json/"_s).body, reply.body);
    QVERIFY2(m_document.value(u"openapi"_s).toString().startsWith(u"3."_s),
             qPrintable(m_document.value(u"openapi"_s).toString()));
    QCOMPARE(m_document.value(u"openapi"_s).toString(), u"3.0.3"_s);
    const QJsonObject info = m_document.value(u"info"_s).toObject();
    QVERIFY(!info.value(u"title"_s).toString().isEmpty());
    QVERIFY(!info.value(u"version"_s).toString().isEmpty());
    QVERIFY(!m_paths.isEmpty());
    // A relative server URL: the document is right whatever address the server listens on.
    const QJsonArray servers = m_document.value(u"servers"_s).toArray();
    QCOMPARE(servers.size(), 1);
    QVERIFY2(servers.first()[u"url"_s].toString().startsWith(u'/'), qPrintable(servers.first()[u"url"_s].toString()));
    // PATCH /user/me documents currentPassword beside password.
    const QJsonObject profileChange = m_document.value(u"components"_s)[u"schemas"_s][u"ProfileChange"_s].toObject();
    QVERIFY(profileChange.value(u"properties"_s).toObject().contains(u"currentPassword"_s));
    // No authentication needed to read it.
    QCOMPARE(client.get(u"/openapi.json"_s).status, 200);
}

void TestOpenApi::pathsAreWellFormed()
{
    for (auto it = m_paths.begin(); it != m_paths.end(); ++it) {
        const QString& path = it.key();
        QVERIFY2(path.startsWith(u'/'), qPrintable(path));
        QVERIFY2(!path.contains(u'<'), qPrintable(path + u": templates are {name} in OpenAPI"_s));
        QVERIFY2(path == u"/"_s || !path.endsWith(u'/'), qPrintable(path));
        for (const QString& segment : path.split(u'/').mid(1)) {
            QVERIFY2(!segment.isEmpty(), qPrintable(path));
            QVERIFY2(!segment.contains(u'{') || isTemplateSegment(segment), qPrintable(path));
        }
        QVERIFY2(it.value().isObject(), qPrintable(path));
        const QJsonObject item = it.value().toObject();
        for (auto key = item.begin(); key != item.end(); ++key) {
            QVERIFY2(kHttpMethods.contains(key.key()) || kPathItemKeys.contains(key.key()),
                     qPrintable(path + u": unexpected key "_s + key.key()));
        }
    }
}

void TestOpenApi::everyRouteIsDocumented()
{
    const QList<api::Route>& routes = m_api->router().routes();
    for (const api::Route& route : routes) {
        QString problem;
        const auto path = documentPathOf(route, &problem);
        QVERIFY2(path, qPrintable(problem));
        const QString method = QString::fromLatin1(route.method).toLower();
        const QJsonObject operation = m_paths.value(*path).toObject().value(method).toObject();
        QVERIFY2(!operation.isEmpty(), qPrintable(routeName(route) + u" is not in the document under "_s + *path));
        QCOMPARE(operation.value(u"summary"_s).toString(), route.summary);
    }
    // The routes this suite must see whatever else changes (sections 1-4 and the superset).
    const QStringList required{u"POST /user"_s,
                               u"GET /user"_s,
                               u"GET /user/me"_s,
                               u"PATCH /user/me"_s,
                               u"POST /login"_s,
                               u"POST /logout"_s,
                               u"GET /instance"_s,
                               u"PATCH /instance"_s,
                               u"GET /mood"_s,
                               u"POST /mood"_s,
                               u"PATCH /mood/<arg>"_s,
                               u"DELETE /mood/<arg>"_s,
                               u"GET /board"_s,
                               u"GET /openapi.json"_s,
                               u"GET /health"_s,
                               u"GET /heath"_s,
                               u"GET /api/health"_s,
                               u"GET /api/healthz"_s,
                               u"POST /events"_s,
                               u"GET /events"_s,
                               u"POST /api/events"_s,
                               u"GET /api/events"_s,
                               u"POST /logs"_s,
                               u"GET /logs"_s,
                               u"POST /activity"_s,
                               u"POST /feed/<arg>"_s,
                               u"GET /feed/<arg>"_s,
                               u"GET /feed/<arg>/friends"_s,
                               u"GET /feed/<arg>/following"_s,
                               u"GET /feed/<arg>/followers"_s};
    QStringList present;
    for (const api::Route& route : routes)
        present.append(routeName(route));
    for (const QString& name : required)
        QVERIFY2(present.contains(name), qPrintable(u"the router has no route "_s + name));
}

void TestOpenApi::noStaleEntries()
{
    const QList<api::Route>& routes = m_api->router().routes();
    int operations = 0;
    for (auto it = m_paths.begin(); it != m_paths.end(); ++it) {
        const QJsonObject item = it.value().toObject();
        for (const QString& method : kHttpMethods) {
            if (!item.contains(method))
                continue;
            ++operations;
            const bool exists = std::any_of(routes.begin(), routes.end(), [&](const api::Route& route) {
                return QString::fromLatin1(route.method).toLower() == method && samePath(route.pattern, it.key());
            });
            QVERIFY2(exists, qPrintable(method.toUpper() + u' ' + it.key() + u" is documented but not routed"_s));
        }
    }
    QCOMPARE(operations, routes.size()); // one operation per route, none twice
}

void TestOpenApi::securityMatchesTheRoutes()
{
    const QJsonObject schemes = m_document.value(u"components"_s).toObject().value(u"securitySchemes"_s).toObject();
    for (const api::Route& route : m_api->router().routes()) {
        QString problem;
        const auto path = documentPathOf(route, &problem);
        QVERIFY2(path, qPrintable(problem));
        const QJsonObject operation =
            m_paths.value(*path).toObject().value(QString::fromLatin1(route.method).toLower()).toObject();
        const QJsonArray security = effectiveSecurity(operation);
        bool optional = false; // an empty requirement {} means "or no authentication"
        for (const QJsonValue& requirement : security) {
            QVERIFY2(requirement.isObject(), qPrintable(routeName(route)));
            const QJsonObject alternatives = requirement.toObject();
            optional = optional || alternatives.isEmpty();
            for (auto it = alternatives.begin(); it != alternatives.end(); ++it) {
                QVERIFY2(schemes.contains(it.key()),
                         qPrintable(routeName(route) + u": unknown security scheme "_s + it.key()));
                QVERIFY2(it.value().isArray(), qPrintable(routeName(route)));
            }
        }
        if (route.needsAuth) {
            QVERIFY2(!security.isEmpty() && !optional,
                     qPrintable(routeName(route) + u" needs authentication: the document must require it"_s));
            QVERIFY2(operation.value(u"responses"_s).toObject().contains(u"401"_s),
                     qPrintable(routeName(route) + u" needs authentication: document its 401"_s));
        } else {
            QVERIFY2(security.isEmpty() || optional,
                     qPrintable(routeName(route) + u" is public: the document must not require authentication"_s));
        }
    }
}

void TestOpenApi::securitySchemes()
{
    const QJsonObject schemes = m_document.value(u"components"_s).toObject().value(u"securitySchemes"_s).toObject();
    const QJsonObject basic = schemes.value(u"basicAuth"_s).toObject();
    QCOMPARE(basic.value(u"type"_s).toString(), u"http"_s);
    QCOMPARE(basic.value(u"scheme"_s).toString(), u"basic"_s);
    const QJsonObject bearer = schemes.value(u"bearerAuth"_s).toObject();
    QCOMPARE(bearer.value(u"type"_s).toString(), u"http"_s);
    QCOMPARE(bearer.value(u"scheme"_s).toString(), u"bearer"_s);
    // POST /logout revokes a bearer token; Basic credentials authenticate too, and get the 400 it documents.
    const QJsonArray logout = effectiveSecurity(m_paths.value(u"/logout"_s).toObject().value(u"post"_s).toObject());
    QCOMPARE(logout,
             (QJsonArray{QJsonObject{{u"bearerAuth"_s, QJsonArray()}}, QJsonObject{{u"basicAuth"_s, QJsonArray()}}}));
}

void TestOpenApi::pathParametersAreDeclared()
{
    for (auto it = m_paths.begin(); it != m_paths.end(); ++it) {
        QStringList templated;
        for (const QString& segment : it.key().split(u'/')) {
            if (isTemplateSegment(segment))
                templated.append(segment.mid(1, segment.size() - 2));
        }
        const QJsonObject item = it.value().toObject();
        for (const QString& method : kHttpMethods) {
            if (!item.contains(method))
                continue;
            const QString where = method.toUpper() + u' ' + it.key();
            QJsonArray parameters = item.value(u"parameters"_s).toArray();
            for (const QJsonValue& parameter : item.value(method).toObject().value(u"parameters"_s).toArray())
                parameters.append(parameter);
            QStringList declared;
            for (const QJsonValue& value : std::as_const(parameters)) {
                const QJsonObject parameter = resolve(value).toObject();
                QVERIFY2(!parameter.isEmpty(), qPrintable(where + u": unresolvable parameter"_s));
                QVERIFY2(!parameter.value(u"name"_s).toString().isEmpty(), qPrintable(where));
                const QString in = parameter.value(u"in"_s).toString();
                QVERIFY2(QStringList({u"path"_s, u"query"_s, u"header"_s, u"cookie"_s}).contains(in),
                         qPrintable(where + u": parameter location "_s + in));
                QVERIFY2(parameter.contains(u"schema"_s) || parameter.contains(u"content"_s), qPrintable(where));
                if (in != u"path"_s)
                    continue;
                QVERIFY2(parameter.value(u"required"_s).toBool(),
                         qPrintable(where + u": path parameters are required"_s));
                declared.append(parameter.value(u"name"_s).toString());
            }
            declared.sort();
            QStringList expected = templated;
            expected.sort();
            QVERIFY2(declared == expected, qPrintable(where + u": path parameters "_s + declared.join(u',')));
        }
    }
}

void TestOpenApi::referencesResolve()
{
    int references = 0;
    QList<QJsonValue> pending{m_document};
    while (!pending.isEmpty()) {
        const QJsonValue value = pending.takeLast();
        if (value.isArray()) {
            for (const QJsonValue& item : value.toArray())
                pending.append(item);
        } else if (value.isObject()) {
            const QJsonObject object = value.toObject();
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (it.key() == u"$ref"_s && it.value().isString()) {
                    ++references;
                    QVERIFY2(!resolve(object).isUndefined(), qPrintable(u"dangling $ref "_s + it.value().toString()));
                } else {
                    pending.append(it.value());
                }
            }
        }
    }
    QVERIFY(references > 0);
}

void TestOpenApi::responsesUseTheFamilyErrorShape()
{
    for (const api::Route& route : m_api->router().routes()) {
        QString problem;
        const auto path = documentPathOf(route, &problem);
        QVERIFY2(path, qPrintable(problem));
        const QJsonObject operation =
            m_paths.value(*path).toObject().value(QString::fromLatin1(route.method).toLower()).toObject();
        const QJsonObject responses = operation.value(u"responses"_s).toObject();
        QVERIFY2(!responses.isEmpty(), qPrintable(routeName(route)));
        bool success = false;
        // Unknown routes (404) and other methods (405) answer {"error": ...} on every path: the default response.
        QCOMPARE(responses.value(u"default"_s).toObject().value(u"$ref"_s).toString(),
                 u"#/components/responses/RouteError"_s);
        for (auto it = responses.begin(); it != responses.end(); ++it) {
            const QString where = routeName(route) + u' ' + it.key();
            if (it.key() == u"default"_s) {
                const QJsonObject schema =
                    resolve(resolve(it.value())[u"content"_s][u"application/json"_s][u"schema"_s]).toObject();
                QCOMPARE(schema.value(u"required"_s).toArray(), QJsonArray{u"error"_s});
                continue;
            }
            bool isNumber = false;
            const int status = it.key().toInt(&isNumber);
            QVERIFY2(isNumber && status >= 100 && status < 600, qPrintable(where));
            success = success || (status >= 200 && status < 300);
            const QJsonObject response = resolve(it.value()).toObject();
            QVERIFY2(!response.value(u"description"_s).toString().isEmpty(), qPrintable(where));
            const QJsonObject content = response.value(u"content"_s).toObject();
            if (status == 204) {
                QVERIFY2(content.isEmpty(), qPrintable(where));
                continue;
            }
            if (status == 401) {
                QCOMPARE(content.keys(), QStringList{u"text/plain; charset=utf-8"_s});
                QVERIFY2(response.value(u"headers"_s).toObject().contains(u"WWW-Authenticate"_s), qPrintable(where));
                continue;
            }
            if (status < 400) {
                // JSON, exactly (no charset); a download may come as CSV too (GET /export?format=csv).
                QVERIFY2(content.contains(u"application/json"_s), qPrintable(where));
                for (const QString& type : content.keys())
                    QVERIFY2(type == u"application/json"_s || type == u"text/csv; charset=utf-8"_s, qPrintable(where));
                continue;
            }
            QCOMPARE(content.keys(), QStringList{u"application/json"_s}); // exactly, no charset
            // Every 4xx/5xx answers in the route family's shape.
            QString key;
            switch (route.family) {
            case api::Family::Users:
            case api::Family::Feed:
                key = u"error"_s;
                break;
            case api::Family::Events:
                key = u"message"_s;
                break;
            case api::Family::Logs:
                key = u"code"_s;
                break;
            }
            static const QRegularExpression healthRoute(u"/(health|heath|healthz)$"_s);
            if (status == 503 && healthRoute.match(route.pattern).hasMatch())
                key = u"status"_s; // the health routes' superset 503: {"status": "unhealthy", ...}
            const QJsonObject schema =
                resolve(content.value(u"application/json"_s).toObject().value(u"schema"_s)).toObject();
            QList<QJsonObject> alternatives;
            if (schema.contains(u"oneOf"_s)) {
                for (const QJsonValue& option : schema.value(u"oneOf"_s).toArray())
                    alternatives.append(resolve(option).toObject());
            } else {
                alternatives.append(schema);
            }
            for (const QJsonObject& alternative : std::as_const(alternatives)) {
                QVERIFY2(alternative.value(u"required"_s).toArray().contains(QJsonValue(key)),
                         qPrintable(where + u": the family's error key is '"_s + key + u'\''));
            }
        }
        QVERIFY2(success, qPrintable(routeName(route) + u": no 2xx response documented"_s));
    }
}

void TestOpenApi::saysWhatTheServerChecks()
{
    const QJsonObject schemas = m_document.value(u"components"_s)[u"schemas"_s].toObject();
    // A verb that is not blank, follow or unfollow, the instance settings.
    const QJsonObject verb = schemas.value(u"ActivityInput"_s)[u"properties"_s][u"verb"_s].toObject();
    QCOMPARE(verb.value(u"minLength"_s).toInt(), 1);
    QCOMPARE(verb.value(u"pattern"_s).toString(), u"\\S"_s);
    const QJsonArray alternatives = schemas.value(u"FollowChange"_s)[u"oneOf"_s].toArray();
    QCOMPARE(alternatives.size(), 2);
    QCOMPARE(alternatives.at(0)[u"required"_s].toArray(), QJsonArray{u"follow"_s});
    QCOMPARE(alternatives.at(1)[u"required"_s].toArray(), QJsonArray{u"unfollow"_s});
    const QJsonObject instance = schemas.value(u"Instance"_s)[u"properties"_s].toObject();
    for (const QString& field : {u"backfillDays"_s, u"registrationOpen"_s, u"registrationsPerHour"_s, u"retention"_s})
        QVERIFY2(instance.contains(field), qPrintable(field));
    for (const QString& path : {u"/export"_s, u"/import"_s, u"/feed/{u}/following"_s, u"/feed/{u}/followers"_s})
        QVERIFY2(m_paths.contains(path), qPrintable(path));
}

void TestOpenApi::requestBodiesAreTheDeclarations()
{
    const QJsonObject schemas = m_document.value(u"components"_s)[u"schemas"_s].toObject();
    int declared = 0;
    for (const api::Route& route : m_api->router().routes()) {
        QString problem;
        const auto path = documentPathOf(route, &problem);
        QVERIFY2(path, qPrintable(problem));
        const QJsonObject operation =
            m_paths.value(*path).toObject().value(QString::fromLatin1(route.method).toLower()).toObject();
        const QJsonObject json = operation[u"requestBody"_s][u"content"_s][u"application/json"_s].toObject();
        if (!route.body) {
            // Only a route that takes a file documents a body it does not declare (POST /import).
            QVERIFY2(json.isEmpty() || route.pattern == u"/import"_s, qPrintable(routeName(route)));
            continue;
        }
        ++declared;
        QVERIFY2(operation[u"requestBody"_s][u"required"_s].toBool(), qPrintable(routeName(route)));
        QCOMPARE(json[u"schema"_s][u"$ref"_s].toString(), u"#/components/schemas/"_s + route.body->name);
        QCOMPARE(schemas.value(route.body->name).toObject(), route.body->schema());
    }
    QCOMPARE(declared, 11); // POST /user, /login, /mood, /events (2), /logs, /activity, /feed/<u>; PATCH 3
}

void TestOpenApi::operationIdsAreUnique()
{
    QStringList ids;
    for (auto it = m_paths.begin(); it != m_paths.end(); ++it) {
        const QJsonObject item = it.value().toObject();
        for (const QString& method : kHttpMethods) {
            if (!item.contains(method))
                continue;
            const QString id = item.value(method).toObject().value(u"operationId"_s).toString();
            QVERIFY2(!id.isEmpty(), qPrintable(method + u' ' + it.key()));
            QVERIFY2(!ids.contains(id), qPrintable(u"operationId used twice: "_s + id));
            ids.append(id);
        }
    }
}

QTEST_GUILESS_MAIN(TestOpenApi)
#include "TestOpenApi.moc"
