#include "app/search_reducer.h"

#include "app/keyboard_reducer.h"

namespace xiangke::kiosk::search {

void set_query(AppState& state, const std::string& query, std::vector<Effect>& effects) {
    if (query.size() > kMaxQueryBytes) {
        return;  // the field is full; nothing typed before is lost
    }
    state.search.query = query;
    state.search.hits.clear();
    state.search.searching = !query.empty();
    if (!query.empty()) {
        effects.push_back(effect::RunSearch{query});
    }
}

void input_text(AppState& state, const std::string& text, std::vector<Effect>& effects) {
    set_query(state, state.search.query + text, effects);
}

void input_backspace(AppState& state, std::vector<Effect>& effects) {
    const std::string& query = state.search.query;
    if (query.empty()) {
        return;
    }
    size_t cut = query.size() - 1;
    while (cut > 0 && (static_cast<unsigned char>(query[cut]) & 0xC0) == 0x80) {
        --cut;  // remove a whole UTF-8 character
    }
    set_query(state, query.substr(0, cut), effects);
}

void input_clear(AppState& state, std::vector<Effect>& effects) {
    set_query(state, "", effects);
}

void open_keyboard(AppState& state, std::vector<Effect>& effects) {
    if (state.screen != Screen::Search) {
        return;
    }
    state.search.typing = true;
    keyboard::prepare_engines(state.keyboard, effects);
}

void close_keyboard(AppState& state) {
    state.search.typing = false;
}

void leave(AppState& state, std::vector<Effect>& effects) {
    close_keyboard(state);
    keyboard::drop_input(state.keyboard, effects);
}

}  // namespace xiangke::kiosk::search
