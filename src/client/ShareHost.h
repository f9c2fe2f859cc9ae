#pragma once

#include "ClientError.h"

#include <QFuture>
#include <QHostAddress>
#include <QObject>
#include <QThreadPool>

#include <memory>

namespace mood::api {
class ApiServer;
}

namespace mood::client {

class LocalInstance;

struct ShareSettings {
    bool enabled = false;
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 5000; // 0 picks a free port
};

struct ShareStatus {
    bool running = false;
    QHostAddress address; // what the server listens on
    quint16 port = 0;     // the real port
};

struct InstanceRules {
    bool registrationOpen = true;
    int backfillDays = 7;
};

// Shares "this computer" on the network: the embedded HTTP server (api::ApiServer) in this process, on the same
// database and services as the window. Starting, moving and stopping the server take their own thread, one
// change after the other, so the GUI never waits for a port or for requests still being answered.
class ShareHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShareHost)

public:
    explicit ShareHost(LocalInstance& instance);
    ~ShareHost() override; // stops the server (requests in progress are answered first)

    // Starts, moves (new address or port) or stops the server as settings say.
    QFuture<Result<ShareStatus>> apply(const ShareSettings& settings);
    ShareStatus status() const { return m_status; } // as of the last answer delivered to the GUI thread

    QFuture<Result<InstanceRules>> rules();
    // Only the instance's admin may change them.
    QFuture<Result<InstanceRules>> setRules(const QString& admin, const InstanceRules& rules);

signals:
    void statusChanged(const mood::client::ShareStatus& status);

private:
    Result<ShareStatus> applyNow(const ShareSettings& settings); // on m_thread

    LocalInstance& m_instance;
    QThreadPool m_thread;                     // one thread: changes happen in order
    std::unique_ptr<api::ApiServer> m_server; // created, used and destroyed on m_thread only
    ShareStatus m_status;
};

} // namespace mood::client
