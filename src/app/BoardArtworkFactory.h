#pragma once

#include "BoardArtwork.h"

#include <memory>

namespace mood::app {

// The board pictures the year-end mail carries: render::BoardRenderer through yearend::RenderedBoardArtwork.
std::unique_ptr<yearend::BoardArtwork> makeBoardArtwork();

} // namespace mood::app
