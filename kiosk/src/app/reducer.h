#pragma once
// The reducer: the only code that changes AppState. Pure: no I/O, no clock, no threads; what it
// needs from outside comes in actions, what it wants done goes out as effects.
#include <vector>

#include "app/actions.h"
#include "app/app_state.h"

namespace xiangke::kiosk {

std::vector<Effect> reduce(AppState& state, const Action& action);

// True while the idle screen should animate (attract loop) — the event loop then wakes for it.
bool wants_attract_frames(const AppState& state);

}  // namespace xiangke::kiosk
