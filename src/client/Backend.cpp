#include "Backend.h"

namespace mood::client {

using namespace Qt::StringLiterals;

Backend::Backend(QObject* parent)
    : QObject(parent)
{
}

Backend::~Backend() = default;

QFuture<Result<QByteArray>> Backend::exportData(DataFormat)
{
    return QtFuture::makeReadyFuture(
        Result<QByteArray>(Error{ErrorKind::Unavailable, u"export is not available here"_s}));
}

QFuture<Result<ImportResult>> Backend::importData(const QByteArray&, DataFormat)
{
    return QtFuture::makeReadyFuture(
        Result<ImportResult>(Error{ErrorKind::Unavailable, u"import is not available here"_s}));
}

QFuture<Result<QByteArray>> Backend::sessionToken()
{
    return QtFuture::makeReadyFuture(
        Result<QByteArray>(Error{ErrorKind::Unavailable, u"staying signed in is not available here"_s}));
}

QFuture<Result<Session>> Backend::resume(const QByteArray&)
{
    return QtFuture::makeReadyFuture(
        Result<Session>(Error{ErrorKind::Unavailable, u"staying signed in is not available here"_s}));
}

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
