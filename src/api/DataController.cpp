#include "DataController.h"

#include "ApiErrors.h"
#include "BrowserGuard.h"
#include "JsonInput.h"
#include "PythonRepr.h"

#include <QJsonDocument>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
constexpr Family kFamily = Family::Users;
} // namespace

DataController::DataController(ApiContext context)
    : m_context(context)
{
}

void DataController::addRoutes(Router& router)
{
    router.add({"GET", u"/export"_s, kFamily, true, u"Export the caller's data as JSON or CSV"_s,
                bindTo(this, &DataController::exportData)});
    router.add({"POST", u"/import"_s, kFamily, true, u"Import moods from a Moodboard export or a Daylio CSV"_s,
                bindTo(this, &DataController::importData)});
}

ApiResponse DataController::exportData(ApiRequest& request)
{
    const QString format = request.hasQuery(u"format"_s) ? request.queryValue(u"format"_s) : u"json"_s;
    if (format != u"json"_s && format != u"csv"_s)
        return errors::make(kFamily, 400, json::notOneOf(python::reprOfString(format), {u"json"_s, u"csv"_s}));
    const User& user = *request.user;
    const auto data =
        format == u"csv"_s ? m_context.services.dataExport.csv(user.id) : m_context.services.dataExport.json(user.id);
    if (!data)
        return errors::fromDomain(kFamily, data.error());
    ApiResponse response = ApiResponse::json(200, *data);
    if (format == u"csv"_s)
        response.contentType = "text/csv; charset=utf-8";
    response.headers.append(
        {"Content-Disposition",
         "attachment; filename=\"moodboard-" + user.username.toUtf8() + '.' + format.toUtf8() + '"'});
    return response;
}

ApiResponse DataController::importData(ApiRequest& request)
{
    const QByteArray type = request.header("content-type");
    const bool asJson = BrowserGuard::isJsonMediaType(type);
    if (!asJson && !BrowserGuard::isCsvMediaType(type))
        return errors::make(kFamily, 415, u"send a Moodboard export as application/json, or a CSV file as text/csv"_s);
    const QByteArray& data = asJson ? request.body : request.file; // BrowserGuard put the CSV file there
    if (data.trimmed().isEmpty())
        return errors::make(kFamily, 400, u"the request body is empty: send the file to import"_s);
    DataImport& importer = m_context.services.dataImport;
    const auto report =
        asJson ? importer.importJson(request.user->id, data) : importer.importCsv(request.user->id, data);
    if (!report)
        return errors::fromDomain(kFamily, report.error());
    return ApiResponse::json(200, QJsonValue(report->toJson()));
}

} // namespace mood::api
