#pragma once

#include "ApiTypes.h"

#include <limits>

namespace mood::api {

// The one reader of whole-number query parameters (page, per_page, before, year, limit, ...): each route says
// the range and words its own 400.
struct QueryInteger {
    enum class State { Absent, Valid, Invalid };
    State state = State::Absent;
    qint64 value = 0;

    bool absent() const { return state == State::Absent; }
    bool invalid() const { return state == State::Invalid; }

    // A decimal integer in [min, max]. With saturate, a positive number too large for 64 bits counts as
    // max (per_page=10^30 is still a positive integer, clamped like any per_page above 100).
    static QueryInteger read(const ApiRequest& request, const QString& key, qint64 min = 1,
                             qint64 max = std::numeric_limits<qint64>::max(), bool saturate = false);
};

} // namespace mood::api
