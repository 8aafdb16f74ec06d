#pragma once
// The voice note panel (语音留言) that the wizard's problem step embeds: 录音 / 停止 / 播放 / 重录 /
// 删除 as big buttons, the time recorded and the time left, and a level bar while recording.
// Draws at the cursor across the available width, from the const state like every screen.
#include "app/app_state.h"
#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

void draw_voice_note_panel(const AppState& state, UiContext& ctx);

}  // namespace xiangke::kiosk::ui
