#pragma once

#include "Authenticator.h"

#include <QHostAddress>
#include <QStringList>

namespace mood::api {

struct ServerOptions {
    QHostAddress address = QHostAddress::LocalHost; // LAN sharing is the owner's explicit choice
    quint16 port = 5000;                            // 0 picks a free port
    // Host names this server answers for besides localhost and its addresses (BrowserGuard): the names
    // colleagues use to reach it. Any other Host gets 421 (DNS rebinding).
    QStringList publicHosts;
    qint64 maxBodyBytes = 1024 * 1024;
    int maxHeaderBytes = 64 * 1024; // at most 79 KiB: QHttpServer's parser stops at 80
    int idleTimeoutMs = 30000;
    int headerTimeoutMs = 10000; // a request head must be complete this long after its first byte (slowloris)
    int maxConnections = 256;
    int maxConnectionsPerClient = 64; // per IPv4 address or IPv6 /64
    int maxWaitingPerConnection = 16; // pipelined requests a connection may have waiting (and 2 x maxBodyBytes)
    int handlerThreads = 0;           // socket threads; 0: one per core, from 2 to 8
    int requestThreads = 0;           // where requests run; 0: four per core, from 8 to 32
    Authenticator::Options auth;
};

} // namespace mood::api
