#pragma once

#include "ShareHost.h"

#include <QList>
#include <QString>

namespace mood::gui {

// The address other people type to reach a shared Moodboard, and the addresses it can listen on.
class ShareAddress final
{
public:
    static QString url(const client::ShareStatus& status); // "http://192.168.1.20:5000"; empty when not running
    static QList<QHostAddress> machineAddresses();         // up, not loopback, not link-local; IPv4 first
};

} // namespace mood::gui
