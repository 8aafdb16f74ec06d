#pragma once
// One function per screen. Each draws from the const AppState and emits actions through the
// UiContext; screens never call each other (the chrome decides which one is shown).
#include "app/app_state.h"
#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

// The frame around every screen: top bar (back, home, title, connectivity, text size) and the
// screen below it. Draws into the full window.
void draw_app(const AppState& state, UiContext& ctx);

void draw_home_screen(const AppState& state, UiContext& ctx);
void draw_topics_screen(const AppState& state, UiContext& ctx);
void draw_article_list_screen(const AppState& state, UiContext& ctx);
void draw_article_screen(const AppState& state, UiContext& ctx);
void draw_search_screen(const AppState& state, UiContext& ctx);
void draw_coming_soon_screen(const AppState& state, UiContext& ctx);
void draw_maintainer_pin_screen(const AppState& state, UiContext& ctx);
void draw_maintainer_screen(const AppState& state, UiContext& ctx);
void draw_status_screen(const AppState& state, UiContext& ctx);  // 查询进度, with 撤销求助
void draw_rating_screen(const AppState& state, UiContext& ctx);  // 服务评价

// The registration wizard (我要求助), one screen per step (state.registration.step).
void draw_wizard_category_screen(const AppState& state, UiContext& ctx);
void draw_emergency_screen(const AppState& state, UiContext& ctx);
void draw_wizard_crop_screen(const AppState& state, UiContext& ctx);
void draw_wizard_problem_screen(const AppState& state, UiContext& ctx);
void draw_consent_screen(const AppState& state, UiContext& ctx);
void draw_wizard_contact_screen(const AppState& state, UiContext& ctx);
void draw_wizard_review_screen(const AppState& state, UiContext& ctx);  // also while submitting
void draw_confirmation_screen(const AppState& state, UiContext& ctx);

}  // namespace xiangke::kiosk::ui
