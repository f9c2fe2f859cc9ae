#pragma once

namespace mood::app {

// moodboard with no arguments: the window. Without a display it says so and returns 2 instead of aborting.
int runDesktop(int& argc, char** argv);

} // namespace mood::app
