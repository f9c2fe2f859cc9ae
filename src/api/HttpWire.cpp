#include "HttpWire.h"

namespace mood::api::wire {

const QList<QPair<QByteArray, QByteArray>>& commonHeaders()
{
    static const QList<QPair<QByteArray, QByteArray>> headers{
        {"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}, {"X-Frame-Options", "DENY"}};
    return headers;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 421:
        return "Misdirected Request";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
    }
}

QByteArray serialize(const ApiResponse& response, const Framing& framing)
{
    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    if (response.status != 204)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto& [name, value] : commonHeaders())
        out += name + ": " + value + "\r\n";
    for (const auto& [name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (framing.close)
        out += "Connection: close\r\n";
    else if (framing.keepAlive)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (!framing.headOnly && response.status != 204)
        out += response.body;
    return out;
}

} // namespace mood::api::wire
