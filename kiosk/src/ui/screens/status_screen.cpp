// 查询进度: find a request, see its timeline, withdraw it (撤销求助) while it is still open.
#include <iterator>
#include <string>

#include "ui/screens/request_lookup.h"
#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

Action track(TrackingAction action) {
    return action::Tracking{std::move(action)};
}

void draw_cancel_choice(const AppState& state, UiContext& ctx, float width) {
    const Theme& t = ctx.theme;
    text(ctx, text(Str::CancelWhy), ctx.heading_font(), t.text, width);
    struct Choice {
        CancelReason reason;
        Str label;
    };
    static constexpr Choice kChoices[] = {{CancelReason::SolvedMyself, Str::CancelSolvedMyself},
                                          {CancelReason::NoLongerNeeded, Str::CancelNoLongerNeeded},
                                          {CancelReason::WrongEntry, Str::CancelWrongEntry},
                                          {CancelReason::Other, Str::CancelOther}};
    const float choice_width = (width - t.gap) * 0.5f;
    for (size_t i = 0; i < std::size(kChoices); ++i) {
        if (i % 2 != 0) {
            ImGui::SameLine(0, t.gap);
        }
        bool chosen = state.tracking.cancel_reason == kChoices[i].reason;
        std::string id = "##cancel-reason-" + std::to_string(i);
        if (button(ctx, id.c_str(), text(kChoices[i].label), ImVec2(choice_width, t.min_touch_px * 1.3f),
                   {chosen ? t.tile_progress : t.panel, chosen ? t.text_on_colour : t.text, ctx.heading_font(),
                    Icon::None})) {
            ctx.emit(track(tracking::ChooseCancelReason{kChoices[i].reason}));
        }
    }
    ImGui::Dummy(ImVec2(0, t.gap));
    bool ready = state.tracking.cancel_reason.has_value() && !state.tracking.busy;
    if (button(ctx, "##confirm-cancel", text(Str::ConfirmCancel), ImVec2(choice_width, t.min_touch_px * 1.3f),
               {ready ? t.problem : t.divider, t.text_on_colour, ctx.heading_font(), Icon::None})) {
        ctx.emit(track(tracking::ConfirmCancel{}));
    }
    ImGui::SameLine(0, t.gap);
    if (button(ctx, "##keep-request", text(Str::KeepRequest), ImVec2(choice_width, t.min_touch_px * 1.3f),
               {t.panel, t.text, ctx.heading_font(), Icon::Back})) {
        ctx.emit(track(tracking::Select{state.tracking.lookup.selected_id}));
    }
}

}  // namespace

void draw_status_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const TrackingState& tracking = state.tracking;
    const float width = ImGui::GetContentRegionAvail().x - t.gap;
    const TrackedRequest* request = draw_tracking_frame(state, ctx, Str::CancelDone, Str::CancelDoneHint, width);
    if (request == nullptr) {
        return;
    }
    ImGui::BeginChild("status-details", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    if (tracking.phase == TrackingPhase::ConfirmCancel) {
        text(ctx, std::string(text(Str::TrackedCodeLabel)) + " " + request->code, t.huge, t.primary, width);
        draw_cancel_choice(state, ctx, width);
    } else {
        draw_request_summary(*request, ctx, width);
        ImGui::Dummy(ImVec2(0, t.gap));
        if (is_cancellable(*request)) {
            if (button(ctx, "##cancel-request", text(Str::CancelRequest),
                       ImVec2(t.min_touch_px * 4, t.min_touch_px * 1.2f),
                       {t.panel, t.problem, ctx.heading_font(), Icon::None})) {
                ctx.emit(track(tracking::StartCancel{}));
            }
            ImGui::SameLine(0, t.gap);
        } else if (request->cancel_requested) {
            text(ctx, text(Str::CancelPending), ctx.text_font(), t.text_muted, width);
        }
        if (button(ctx, "##other-request", text(Str::ViewAnother), ImVec2(t.min_touch_px * 4, t.min_touch_px * 1.2f),
                   {t.panel, t.text, ctx.heading_font(), Icon::Search})) {
            ctx.emit(track(tracking::BackToResults{}));
        }
    }
    if (tracking.failed) {
        text(ctx, text(Str::SaveFailed), ctx.text_font(), t.problem, width);
    }
    ImGui::EndChild();
}

}  // namespace xiangke::kiosk::ui
