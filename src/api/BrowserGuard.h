#pragma once

#include "ApiTypes.h"

#include <QHostAddress>
#include <QStringList>

#include <optional>

namespace mood::api {

// Keeps web pages from driving the API through the user's browser (CONTRACTS.md, general rules):
// - Host: a page on a rebinding domain (evil.example resolving to 127.0.0.1) sends its own name as Host. Only
//   a listening address (any address of the machine for a server bound to 0.0.0.0 or ::), localhost, or a
//   name the owner configured passes; any other gets 421.
// - Origin: a request that carries one from another origin gets 403. Apps, scripts and curl send none.
// - Content-Type: a body counts as JSON only when sent as application/json or application/*+json. A page can
//   post text/plain across sites without asking (a "simple" request); such a body reads as no JSON at all,
//   as the original services read it (JSON null), so it is refused in each family's words and writes nothing.
//   A text/csv body (a file for POST /import) moves to ApiRequest::file: text/csv is not a type a page may
//   post across sites without a CORS preflight, which this server never grants.
// The absolute URLs of answers are built only from a host that passed (ApiRequest::baseUrl).
class BrowserGuard final
{
public:
    BrowserGuard(QHostAddress listenAddress, const QStringList& publicHosts);

    // nullopt when the request may go on, with baseUrl set and a non-JSON body replaced by "null".
    // (A text/csv body is kept in ApiRequest::file.)
    std::optional<ApiResponse> admit(ApiRequest& request, const QHostAddress& localAddress, quint16 localPort) const;

    static bool isJsonMediaType(const QByteArray& contentType);
    static bool isCsvMediaType(const QByteArray& contentType);
    static bool isValidHostName(const QString& name); // what --public-host accepts

private:
    struct Authority {
        QString host; // lower case; IPv6 without brackets
        std::optional<quint16> port;
        QString text() const; // host[:port], IPv6 in brackets
    };
    static std::optional<Authority> parseAuthority(const QByteArray& text);
    bool isOwnHost(const QString& host, const QHostAddress& localAddress) const;
    static bool sameOrigin(const QByteArray& origin, const Authority& own);

    QHostAddress m_listen;
    bool m_listensEverywhere;
    QStringList m_publicHosts; // lower case
};

} // namespace mood::api
