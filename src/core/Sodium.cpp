#include "Sodium.h"

#include <QtGlobal>

#include <sodium.h>

namespace mood {

void ensureSodium()
{
    static const bool ready = sodium_init() >= 0; // thread-safe static initialisation: exactly one call
    if (!ready)
        qFatal("libsodium failed to initialise");
}

} // namespace mood
