#pragma once

#include "ApiTypes.h"

#include <functional>
#include <memory>

class QObject;
class QTcpServer;
class QTcpSocket;

namespace mood::api {

// The one place that knows QHttpServer (6.4 here; 6.8 renames parts of it): QAbstractHttpServer parses the
// requests of the connections it is given and hands each, as an ApiRequest, to the sink. It writes nothing:
// answers go out through RequestQueue, in order.
class HttpFrontend final
{
public:
    using Sink = std::function<void(QTcpSocket* socket, ApiRequest request)>;

    explicit HttpFrontend(Sink sink);
    ~HttpFrontend();
    HttpFrontend(const HttpFrontend&) = delete;
    HttpFrontend& operator=(const HttpFrontend&) = delete;

    void bind(QTcpServer* server); // takes ownership; its connections are parsed from then on
    QObject* object() const;       // owns the bound servers, and through them the sockets

private:
    class Server;
    std::unique_ptr<Server> m_server;
};

} // namespace mood::api
