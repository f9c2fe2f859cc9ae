#include "Backend.h"

namespace mood::client {

Backend::Backend(QObject* parent)
    : QObject(parent)
{
}

Backend::~Backend() = default;

void Backend::callStarted()
{
    if (m_inFlight++ == 0)
        emit busyChanged(true);
}

void Backend::callFinished()
{
    if (--m_inFlight == 0)
        emit busyChanged(false);
}

} // namespace mood::client
