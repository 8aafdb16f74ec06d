#include "ui/screens/request_lookup.h"

#include <algorithm>
#include <string>

#include "app/strings.h"
#include "ui/widgets.h"
#include "xiangke/core/category.h"
#include "xiangke/core/time.h"

namespace xiangke::kiosk::ui {
namespace {

Action track(TrackingAction action) {
    return action::Tracking{std::move(action)};
}

void draw_keypad(UiContext& ctx, float key_width) {
    const Theme& t = ctx.theme;
    const char* keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "find"};
    const float key_height = t.min_touch_px * 1.3f;
    for (int i = 0; i < 12; ++i) {
        if (i % 3 != 0) {
            ImGui::SameLine(0, t.gap * 0.5f);
        }
        std::string id = std::string("##track-") + keys[i];
        std::string_view label = keys[i];
        ButtonStyle style{t.panel, t.text, t.huge, Icon::None};
        if (i == 9) {
            label = text(Str::Delete);
            style.font = ctx.heading_font();
        } else if (i == 11) {
            label = text(Str::TrackFind);
            style = {t.primary, t.text_on_colour, ctx.heading_font(), Icon::Search};
        }
        if (button(ctx, id.c_str(), label, ImVec2(key_width, key_height), style)) {
            if (i == 9) {
                ctx.emit(track(tracking::Backspace{}));
            } else if (i == 11) {
                ctx.emit(track(tracking::Search{}));
            } else {
                ctx.emit(track(tracking::Digit{keys[i][0]}));
            }
        }
    }
}

std::string one_line(const TrackedRequest& request) {
    std::string line = std::string(text(Str::TrackedCodeLabel)) + " " + request.code;
    if (!request.crop.empty()) {
        line += " · " + request.crop;
    }
    return line + " · " + status_label(StatusStep{request.status, request.agent_name, request.visit_date, 0});
}

}  // namespace

std::string_view rating_comment_text(int index) {
    static constexpr Str kComments[kRatingCommentCount] = {Str::Comment0, Str::Comment1, Str::Comment2, Str::Comment3};
    return index >= 0 && index < kRatingCommentCount ? text(kComments[index]) : std::string_view();
}

std::string status_label(const StatusStep& step) {
    struct Name {
        const char* status;
        Str label;
    };
    static constexpr Name kNames[] = {
        {"submitted", Str::StatusSubmitted}, {"received", Str::StatusReceived},
        {"offered", Str::StatusOffered},     {"claimed", Str::StatusClaimed},
        {"contacted", Str::StatusContacted}, {"visited", Str::StatusVisited},
        {"resolved", Str::StatusResolved},   {"partly_resolved", Str::StatusPartlyResolved},
        {"referred", Str::StatusReferred},   {"cannot_resolve", Str::StatusCannotResolve},
        {"confirmed", Str::StatusConfirmed}, {"closed_unconfirmed", Str::StatusClosedUnconfirmed},
        {"cancelled", Str::StatusCancelled}, {"reopened", Str::StatusReopened},
        {"rejected", Str::StatusRejected},
    };
    std::string label = step.status;
    for (const auto& name : kNames) {
        if (step.status == name.status) {
            label = std::string(text(name.label));
        }
    }
    if (step.status == "claimed" && step.agent_name) {
        label += "：" + *step.agent_name;
    }
    if (step.visit_date && (step.status == "contacted" || step.status == "visited")) {
        label += "（" + std::string(text(step.status == "visited" ? Str::VisitedOn : Str::VisitPlanned)) + " " +
                 *step.visit_date + "）";
    }
    return label;
}

void draw_request_lookup(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const LookupState& lookup = state.tracking.lookup;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_width = std::min(avail.x * 0.45f, t.min_touch_px * 9.0f);
    const float key_width = (left_width - t.gap) / 3.0f;

    ImGui::BeginGroup();
    const ButtonStyle chosen{t.tile_progress, t.text_on_colour, ctx.text_font(), Icon::None};
    const ButtonStyle other{t.panel, t.text, ctx.text_font(), Icon::None};
    const float mode_width = (left_width - t.gap * 0.5f) * 0.5f;
    if (button(ctx, "##by-code", text(Str::LookupByCode), ImVec2(mode_width, t.min_touch_px),
               lookup.mode == LookupMode::Code ? chosen : other)) {
        ctx.emit(track(tracking::SetMode{LookupMode::Code}));
    }
    ImGui::SameLine(0, t.gap * 0.5f);
    if (button(ctx, "##by-phone", text(Str::LookupByPhone), ImVec2(mode_width, t.min_touch_px),
               lookup.mode == LookupMode::Phone ? chosen : other)) {
        ctx.emit(track(tracking::SetMode{LookupMode::Phone}));
    }
    text(ctx, text(lookup.mode == LookupMode::Code ? Str::EnterCode : Str::EnterPhone), ctx.text_font(), t.text,
             left_width);
    text(ctx, lookup.entry.empty() ? std::string("_") : lookup.entry, t.huge, t.primary, left_width);
    draw_keypad(ctx, key_width);
    ImGui::EndGroup();

    ImGui::SameLine(0, t.gap * 2);
    ImGui::BeginGroup();
    const float right_width = avail.x - left_width - t.gap * 2;
    if (lookup.searching) {
        text(ctx, text(Str::Searching), ctx.heading_font(), t.text_muted, right_width);
    } else if (lookup.searched && lookup.found.empty()) {
        text(ctx, text(Str::NotFound), ctx.heading_font(), t.problem, right_width);
        text(ctx, text(Str::NotFoundHint), ctx.text_font(), t.text_muted, right_width);
    } else if (!lookup.found.empty()) {
        text(ctx, text(Str::ChooseRequest), ctx.heading_font(), t.text, right_width);
        for (const auto& request : lookup.found) {
            std::string id = "##found-" + request.request_id;
            if (button(ctx, id.c_str(), one_line(request), ImVec2(right_width, t.min_touch_px * 1.2f),
                       {t.panel, t.text, ctx.text_font(), Icon::Progress})) {
                ctx.emit(track(tracking::Select{request.request_id}));
            }
        }
    } else {
        text(ctx, text(Str::LookupHint), ctx.text_font(), t.text_muted, right_width);
    }
    ImGui::EndGroup();
}

void draw_request_summary(const TrackedRequest& request, UiContext& ctx, float width) {
    const Theme& t = ctx.theme;
    text(ctx, std::string(text(Str::TrackedCodeLabel)) + " " + request.code, t.huge, t.primary, width);
    std::string about;
    if (auto category = core::category_from_code(request.category)) {
        about = std::string(core::category_label(*category));
    }
    if (!request.crop.empty()) {
        about += (about.empty() ? "" : " · ") + request.crop;
    }
    if (!request.masked_phone.empty()) {
        about += (about.empty() ? "" : " · ") + std::string(text(Str::PhoneLabel)) + " " + request.masked_phone;
    }
    if (!about.empty()) {
        text(ctx, about, ctx.text_font(), t.text_muted, width);
    }
    if (request.failure) {
        text(ctx, text(Str::SubmitFailedTitle), ctx.heading_font(), t.problem, width);
        text(ctx, text(Str::SubmitFailedAdvice), ctx.text_font(), t.text, width);
        return;
    }
    ImGui::Dummy(ImVec2(0, t.gap * 0.5f));
    for (const auto& step : request.timeline) {
        std::string line = core::format_shanghai_short_chinese(step.at) + "  " + status_label(step);
        text(ctx, "· " + line, ctx.text_font(), step.status == request.status ? t.text : t.text_muted, width);
    }
    if (request.status == "submitted") {
        text(ctx, text(Str::NotYetSent), ctx.text_font(), t.offline, width);
    }
}

const TrackedRequest* draw_tracking_frame(const AppState& state, UiContext& ctx, Str done_title, Str done_hint,
                                          float width) {
    const Theme& t = ctx.theme;
    const TrackingState& tracking = state.tracking;
    if (tracking.phase == TrackingPhase::Lookup) {
        draw_request_lookup(state, ctx);
        return nullptr;
    }
    if (tracking.phase != TrackingPhase::Done) {
        return selected_request(tracking);
    }
    ImGui::Dummy(ImVec2(0, t.gap * 2));
    text(ctx, text(done_title), t.huge, t.primary, width);
    text(ctx, text(done_hint), ctx.text_font(), t.text, width);
    ImGui::Dummy(ImVec2(0, t.gap));
    if (button(ctx, "##done-home", text(Str::Home), ImVec2(t.min_touch_px * 4, t.min_touch_px * 1.3f),
               {t.primary, t.text_on_colour, ctx.heading_font(), Icon::Home})) {
        ctx.emit(action::GoHome{});
    }
    return nullptr;
}

}  // namespace xiangke::kiosk::ui
