// 服务评价: find the request, then 解决了 / 部分解决 / 没解决, one to five faces, an optional
// ready-made comment → feedback.create. Feedback before the agent reported an outcome is taken
// by the server as a complaint (催办), so it is never refused here either.
#include <algorithm>
#include <iterator>
#include <string>

#include "ui/screens/request_lookup.h"
#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

namespace protocol = core::protocol;

Action track(TrackingAction action) {
    return action::Tracking{std::move(action)};
}

// A face whose mouth curves from a frown (1) to a wide smile (5).
void draw_face(ImDrawList* draw, ImVec2 centre, float radius, int rating, ImU32 colour) {
    draw->AddCircle(centre, radius, colour, 32, radius * 0.1f);
    float eye_y = centre.y - radius * 0.3f;
    draw->AddCircleFilled(ImVec2(centre.x - radius * 0.35f, eye_y), radius * 0.1f, colour);
    draw->AddCircleFilled(ImVec2(centre.x + radius * 0.35f, eye_y), radius * 0.1f, colour);
    float curve = static_cast<float>(rating - 3) * radius * 0.18f;  // negative: frown
    float mouth_y = centre.y + radius * 0.35f - curve * 0.5f;
    ImVec2 left(centre.x - radius * 0.45f, mouth_y);
    ImVec2 right(centre.x + radius * 0.45f, mouth_y);
    draw->AddBezierCubic(left, ImVec2(left.x + radius * 0.2f, mouth_y + curve),
                         ImVec2(right.x - radius * 0.2f, mouth_y + curve), right, colour, radius * 0.1f);
}

void draw_questions(const AppState& state, const TrackedRequest& request, UiContext& ctx, float width) {
    const Theme& t = ctx.theme;
    const TrackingState& tracking = state.tracking;
    text(ctx, std::string(text(Str::TrackedCodeLabel)) + " " + request.code, t.large, t.primary, width);

    text(ctx, text(Str::RateOutcomeQuestion), ctx.heading_font(), t.text, width);
    struct Outcome {
        protocol::FeedbackOutcome outcome;
        Str label;
    };
    static constexpr Outcome kOutcomes[] = {{protocol::FeedbackOutcome::Solved, Str::OutcomeSolved},
                                            {protocol::FeedbackOutcome::Partly, Str::OutcomePartly},
                                            {protocol::FeedbackOutcome::NotSolved, Str::OutcomeNotSolved}};
    const float third = (width - t.gap * 2) / 3.0f;
    for (size_t i = 0; i < std::size(kOutcomes); ++i) {
        if (i > 0) {
            ImGui::SameLine(0, t.gap);
        }
        bool chosen = tracking.outcome == kOutcomes[i].outcome;
        std::string id = "##outcome-" + std::to_string(i);
        if (button(ctx, id.c_str(), text(kOutcomes[i].label), ImVec2(third, t.min_touch_px * 1.3f),
                   {chosen ? t.tile_rating : t.panel, chosen ? t.text_on_colour : t.text, ctx.heading_font(),
                    Icon::None})) {
            ctx.emit(track(tracking::ChooseOutcome{kOutcomes[i].outcome}));
        }
    }

    text(ctx, text(Str::RateFacesQuestion), ctx.heading_font(), t.text, width);
    static constexpr Str kFaceLabels[] = {Str::Face1, Str::Face2, Str::Face3, Str::Face4, Str::Face5};
    const float face_width = (width - t.gap * 4) / 5.0f;
    const float face_height = t.min_touch_px * 2.2f;
    for (int rating = 1; rating <= 5; ++rating) {
        if (rating > 1) {
            ImGui::SameLine(0, t.gap);
        }
        bool chosen = tracking.rating == rating;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        std::string id = "##face-" + std::to_string(rating);
        // The label sits at the bottom of the tile, the face above it.
        if (button(ctx, id.c_str(), text(kFaceLabels[rating - 1]), ImVec2(face_width, face_height),
                   {chosen ? t.tile_rating : t.panel, chosen ? t.text_on_colour : t.text, t.body, Icon::None})) {
            ctx.emit(track(tracking::ChooseRating{rating}));
        }
        float radius = std::min(face_width, face_height) * 0.22f;
        draw_face(ImGui::GetWindowDrawList(), ImVec2(pos.x + face_width * 0.5f, pos.y + radius * 1.3f), radius, rating,
                  chosen ? t.text_on_colour : t.tile_rating);
    }

    text(ctx, text(Str::RateCommentQuestion), ctx.text_font(), t.text, width);
    const float quarter = (width - t.gap * 3) / 4.0f;
    for (int i = 0; i < kRatingCommentCount; ++i) {
        if (i > 0) {
            ImGui::SameLine(0, t.gap);
        }
        bool chosen = tracking.comment == i;
        std::string id = "##comment-" + std::to_string(i);
        if (button(
                ctx, id.c_str(), rating_comment_text(i), ImVec2(quarter, t.min_touch_px),
                {chosen ? t.tile_rating : t.panel, chosen ? t.text_on_colour : t.text, ctx.text_font(), Icon::None})) {
            ctx.emit(track(tracking::ChooseComment{i}));
        }
    }
    ImGui::Dummy(ImVec2(0, t.gap * 0.5f));
    bool ready = tracking.outcome && tracking.rating > 0 && !tracking.busy;
    if (button(ctx, "##submit-rating", text(Str::SubmitRating), ImVec2(t.min_touch_px * 5, t.min_touch_px * 1.3f),
               {ready ? t.primary : t.divider, t.text_on_colour, ctx.heading_font(), Icon::Rating})) {
        ctx.emit(track(tracking::SubmitRating{}));
    }
    if (!ready && !tracking.busy) {
        ImGui::SameLine(0, t.gap);
        text(ctx, text(Str::RateChooseFirst), ctx.text_font(), t.text_muted);
    }
}

}  // namespace

void draw_rating_screen(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const TrackingState& tracking = state.tracking;
    const float width = ImGui::GetContentRegionAvail().x - t.gap;
    const TrackedRequest* request = draw_tracking_frame(state, ctx, Str::RatingDone, Str::RatingDoneHint, width);
    if (request == nullptr) {
        return;
    }
    ImGui::BeginChild("rating", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    if (!accepts_feedback(*request)) {
        draw_request_summary(*request, ctx, width);
        text(ctx, text(Str::RatingNotAvailable), ctx.heading_font(), t.problem, width);
    } else if (request->feedback_given) {
        draw_request_summary(*request, ctx, width);
        text(ctx, text(Str::RatingAlreadyGiven), ctx.heading_font(), t.text_muted, width);
    } else {
        draw_questions(state, *request, ctx, width);
    }
    if (tracking.failed) {
        text(ctx, text(Str::SaveFailed), ctx.text_font(), t.problem, width);
    }
    ImGui::Dummy(ImVec2(0, t.gap * 0.5f));
    if (button(ctx, "##other-request", text(Str::ViewAnother), ImVec2(t.min_touch_px * 4, t.min_touch_px),
               {t.panel, t.text, ctx.text_font(), Icon::Search})) {
        ctx.emit(track(tracking::BackToResults{}));
    }
    ImGui::EndChild();
}

}  // namespace xiangke::kiosk::ui
