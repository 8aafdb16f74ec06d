#pragma once
// The reducer's part for the article search (搜索): the query, typed on the on-screen keyboard or
// chosen from a suggestion, and whether the keyboard is shown under it. Every change of the query
// asks for its results with effect::RunSearch, which runs off the UI thread. Pure like reduce().
#include <string>
#include <vector>

#include "app/actions.h"
#include "app/app_state.h"

namespace xiangke::kiosk::search {

// Replaces the query (refused past the field's length: nothing typed before is lost).
void set_query(AppState& state, const std::string& query, std::vector<Effect>& effects);
void input_text(AppState& state, const std::string& text, std::vector<Effect>& effects);
void input_backspace(AppState& state, std::vector<Effect>& effects);
void input_clear(AppState& state, std::vector<Effect>& effects);

void open_keyboard(AppState& state, std::vector<Effect>& effects);
// The results get the whole screen; the query stays.
void close_keyboard(AppState& state);
// Leaving the search screen (返回): the keyboard closes and half-typed input is dropped.
void leave(AppState& state, std::vector<Effect>& effects);

inline constexpr size_t kMaxQueryBytes = 60;

}  // namespace xiangke::kiosk::search
