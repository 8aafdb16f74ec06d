#pragma once
// What 查询进度 and 服务评价 share: finding a request by 求助码 or phone number on a big numeric
// keypad, and a request's masked summary with its timeline in plain Chinese.
#include "app/app_state.h"
#include "app/strings.h"
#include "ui/ui_context.h"

namespace xiangke::kiosk::ui {

// Mode buttons, the entry, the keypad and the results; emits tracking actions.
void draw_request_lookup(const AppState& state, UiContext& ctx);
// 求助码, crop, masked phone, 提交失败 when refused, and the timeline (已提交, 已送达, …).
void draw_request_summary(const TrackedRequest& request, UiContext& ctx, float width);
// What both screens draw before a request's own page: the lookup while the farmer searches, or
// the closing page (撤销 done, 评价 done: a big title, a hint and 返回首页) once done. Returns the
// selected request when its page is to be drawn, nullptr when this frame is finished.
const TrackedRequest* draw_tracking_frame(const AppState& state, UiContext& ctx, Str done_title, Str done_hint,
                                          float width);
// The status names of CONTRACT.md in the words a farmer reads ("claimed" → 专家已接单).
std::string status_label(const StatusStep& step);
// The rating screen's ready-made comments (服务态度好, …), as sent in feedback.create.
std::string_view rating_comment_text(int index);

}  // namespace xiangke::kiosk::ui
