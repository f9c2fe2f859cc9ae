#pragma once

#include "Authenticator.h"
#include "Services.h"

namespace mood::api {

// What every controller works with.
struct ApiContext {
    Services& services;
    Authenticator& authenticator;
};

} // namespace mood::api
