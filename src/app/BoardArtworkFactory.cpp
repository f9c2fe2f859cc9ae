#include "BoardArtworkFactory.h"

#include "RenderedBoardArtwork.h"

namespace mood::app {

std::unique_ptr<yearend::BoardArtwork> makeBoardArtwork()
{
    return std::make_unique<yearend::RenderedBoardArtwork>();
}

} // namespace mood::app
