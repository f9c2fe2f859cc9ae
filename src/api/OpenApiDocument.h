#pragma once

#include "Router.h"

#include <QByteArray>

namespace mood::api {

// /openapi.json, generated from the route table: one operation per route, its summary and its request body
// from the route's declaration (BodyShape), so the document checks bodies exactly as the server does. The
// prose the table does not know (descriptions, responses, parameters, response schemas) comes from the
// resource openapi.json; a path there that no route serves is left out.
class OpenApiDocument final
{
public:
    static QByteArray build(const QList<Route>& routes);
    // "/feed/<arg>/friends" matches "/feed/{u}/friends".
    static bool samePath(const QString& pattern, const QString& documentPath);
};

} // namespace mood::api
