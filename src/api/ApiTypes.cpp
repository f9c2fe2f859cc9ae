#include "ApiTypes.h"

#include "JsonWriter.h"

namespace mood::api {

ApiResponse ApiResponse::json(int status, const QJsonValue& value)
{
    return json(status, JsonWriter::serialize(value));
}

ApiResponse ApiResponse::json(int status, QByteArray serialized)
{
    ApiResponse response;
    response.status = status;
    response.body = std::move(serialized);
    return response;
}

ApiResponse ApiResponse::noContent()
{
    ApiResponse response;
    response.status = 204;
    response.contentType.clear();
    return response;
}

} // namespace mood::api
