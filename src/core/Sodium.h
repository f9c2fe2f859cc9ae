#pragma once

namespace mood {

// libsodium's one initialisation for the whole program. Every class that calls libsodium calls this first
// (cheap after the first time; safe from any thread).
void ensureSodium();

} // namespace mood
