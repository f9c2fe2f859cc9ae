#include "OpenApiDocument.h"

#include "JsonWriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
QJsonObject resource()
{
    QFile file(u":/api/openapi.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The path of the document for a route: the resource's, or one made from the pattern.
QString documentPath(const QJsonObject& paths, const QString& pattern)
{
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        if (OpenApiDocument::samePath(pattern, it.key()))
            return it.key();
    }
    QString path = pattern;
    return path.replace(u"<arg>"_s, u"{arg}"_s);
}

QJsonObject bodyOf(const BodyShape& shape)
{
    return QJsonObject{
        {u"required"_s, true},
        {u"content"_s,
         QJsonObject{{u"application/json"_s,
                      QJsonObject{{u"schema"_s,
                                   QJsonObject{{u"$ref"_s, QString(u"#/components/schemas/"_s + shape.name)}}}}}}}};
}
} // namespace

bool OpenApiDocument::samePath(const QString& pattern, const QString& path)
{
    const QStringList want = pattern.split(u'/');
    const QStringList have = path.split(u'/');
    if (want.size() != have.size())
        return false;
    for (qsizetype i = 0; i < want.size(); ++i) {
        const bool parameter = have.at(i).startsWith(u'{') && have.at(i).endsWith(u'}');
        if ((want.at(i) == u"<arg>"_s) != parameter || (!parameter && want.at(i) != have.at(i)))
            return false;
    }
    return true;
}

QByteArray OpenApiDocument::build(const QList<Route>& routes)
{
    QJsonObject document = resource();
    const QJsonObject written = document.value(u"paths"_s).toObject();
    QJsonObject components = document.value(u"components"_s).toObject();
    QJsonObject schemas = components.value(u"schemas"_s).toObject();
    QJsonObject paths;
    for (const Route& route : routes) {
        const QString path = documentPath(written, route.pattern);
        QJsonObject item = paths.contains(path) ? paths.value(path).toObject() : QJsonObject();
        const QJsonObject writtenItem = written.value(path).toObject();
        if (writtenItem.contains(u"parameters"_s))
            item.insert(u"parameters"_s, writtenItem.value(u"parameters"_s));
        const QString method = QString::fromLatin1(route.method).toLower();
        QJsonObject operation = writtenItem.value(method).toObject();
        operation.insert(u"summary"_s, route.summary);
        if (!route.needsAuth)
            operation.insert(u"security"_s, QJsonArray());
        if (!operation.contains(u"responses"_s))
            operation.insert(
                u"responses"_s,
                QJsonObject{{u"default"_s, QJsonObject{{u"$ref"_s, u"#/components/responses/RouteError"_s}}}});
        if (route.body) {
            schemas.insert(route.body->name, route.body->schema());
            operation.insert(u"requestBody"_s, bodyOf(*route.body));
        }
        item.insert(method, operation);
        paths.insert(path, item);
    }
    components.insert(u"schemas"_s, schemas);
    document.insert(u"components"_s, components);
    document.insert(u"paths"_s, paths);
    return JsonWriter::serialize(document);
}

} // namespace mood::api
