#pragma once

#include "BoardArtwork.h"

#include <memory>

namespace mood::app {

// The board pictures the year-end mail carries. Until the year-grid painter (src/render) is wired in here,
// this is an interim plain grid: twelve rows of days coloured by level, no text.
std::unique_ptr<yearend::BoardArtwork> makeBoardArtwork();

} // namespace mood::app
