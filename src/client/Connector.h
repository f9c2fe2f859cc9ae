#pragma once

#include "ClientError.h"
#include "ClientTypes.h"
#include "RemoteBackend.h"

#include <QUrl>

#include <memory>

namespace mood::client {

class Backend;
class LocalInstance;

// Opens the backend for where the data lives, as chosen on the sign-in page.
class Connector final
{
public:
    explicit Connector(LocalInstance& local);

    // Nobody is signed in on the new backend. nullptr and *error set when it cannot be opened.
    std::unique_ptr<Backend> open(Location where, const QString& serverAddress, Error* error);
    LocalInstance& local() { return m_local; }
    // Timeout and clock of the shared Moodboards opened from now on (the address comes from open()).
    void setRemoteOptions(const RemoteOptions& options) { m_remote = options; }

    // "192.168.1.20:5000" or "http://host:5000/": an http(s) URL with a host, or nothing when it cannot be one.
    static QUrl serverUrl(const QString& address);

private:
    LocalInstance& m_local;
    RemoteOptions m_remote;
};

} // namespace mood::client
