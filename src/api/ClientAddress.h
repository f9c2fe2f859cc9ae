#pragma once

#include <QHostAddress>
#include <QString>

namespace mood::api {

// How the server names a client's address, and which addresses it treats as one client.
namespace clientAddress {

// "a.b.c.d" for IPv4 peers, also those a dual-stack listener reports as ::ffff:a.b.c.d; IPv6 as Qt writes it.
QString display(const QHostAddress& peer);

// The unit that bans, throttles and connection caps apply to: an IPv4 address, or the /64 network of an
// IPv6 address (one subscriber usually gets a whole /64, so its 2^64 addresses are one client).
// "2001:db8:1:2::/64" for IPv6; text that is not an address stays as it is.
QString group(const QHostAddress& peer);
QString group(const QString& address);

} // namespace clientAddress
} // namespace mood::api
