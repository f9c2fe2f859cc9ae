#pragma once

#include "Result.h"
#include "YearReport.h"

#include <QByteArray>

namespace mood::yearend {

// The picture of a user's year for the year-end mail: the board inline as PNG, and as a PDF attachment.
// The mailer calls it from a worker thread (never the GUI thread), once per user and year, before the send.
// An implementation may paint with QPainter on QImage / QPdfWriter (a QGuiApplication must exist: the
// command line runs year-end with the offscreen platform).
class BoardArtwork
{
public:
    virtual ~BoardArtwork() = default;
    virtual Result<QByteArray> png(const YearReport& report) const = 0;
    virtual Result<QByteArray> pdf(const YearReport& report) const = 0;
};

} // namespace mood::yearend
