#pragma once

#include <QObject>

class QSocketNotifier;

namespace mood::app {

// Turns SIGINT/SIGTERM into a Qt signal, safely: the handler only writes a byte to a socket pair.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

signals:
    void stopRequested();

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace mood::app
