#include <algorithm>
#include <string>

#include "ui/screens/screens.h"
#include "app/strings.h"
#include "ui/widgets.h"
#include "xiangke/core/time.h"

namespace xiangke::kiosk::ui {
namespace {

std::string screen_title(const AppState& state) {
    switch (state.screen) {
        case Screen::Home:
            return std::string(text(Str::AppTitle)) + (state.village_name.empty() ? "" : " · " + state.village_name);
        case Screen::Topics:
            return std::string(text(Str::Topics));
        case Screen::ArticleList: {
            const Topic* topic = state.library ? state.library->find_topic(state.topic_id) : nullptr;
            return topic ? topic->name : std::string(text(Str::Topics));
        }
        case Screen::Article:
            return std::string(text(Str::TileLearn));
        case Screen::Search:
            return std::string(text(Str::Search));
        case Screen::ComingSoon:
            return state.coming_soon_title;
        case Screen::MaintainerPin:
        case Screen::Maintainer:
            return std::string(text(Str::Maintenance));
        case Screen::Status:
            return std::string(text(Str::TileProgress));
        case Screen::Rating:
            return std::string(text(Str::TileRating));
        case Screen::Registration:
            return std::string(text(Str::RegisterTitle));
    }
    return {};
}

void draw_connectivity(const AppState& state, UiContext& ctx, float right_edge, float y, float height) {
    const Theme& t = ctx.theme;
    std::string label;
    ImU32 colour = t.text_muted;
    switch (state.connectivity) {
        case Connectivity::Online:
            label = std::string(text(Str::Online));
            colour = t.online;
            break;
        case Connectivity::Offline:
            label = std::string(text(Str::Offline));
            colour = t.offline;
            break;
        case Connectivity::NotEnrolled:
            label = std::string(text(Str::NotEnrolled));
            colour = t.offline;
            break;
        case Connectivity::Unknown:
            label = std::string(text(Str::Checking));
            break;
    }
    if (state.screen == Screen::Home) {
        label += "  " + std::string(text(Str::LastSync)) + "：" +
                 (state.last_sync_ms ? core::format_shanghai_short_chinese(*state.last_sync_ms)
                                     : std::string(text(Str::NeverSynced)));
    }
    ImFont* font = t.body;
    ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.c_str());
    float dot = font->FontSize * 0.4f;
    ImVec2 pos(right_edge - size.x, y + (height - size.y) * 0.5f);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddCircleFilled(ImVec2(pos.x - dot * 1.5f, y + height * 0.5f), dot * 0.5f * 1.2f, colour, 16);
    draw->AddText(font, font->FontSize, pos, colour, label.c_str());
    ctx.recorder.record(label, pos, ImVec2(pos.x + size.x, pos.y + size.y), false);
}

// The wizard's steps are screens of their own; the chrome picks the one for the current step.
void draw_registration_step(const AppState& state, UiContext& ctx) {
    switch (state.registration.step) {
        case WizardStep::Category:
            draw_wizard_category_screen(state, ctx);
            break;
        case WizardStep::Emergency:
            draw_emergency_screen(state, ctx);
            break;
        case WizardStep::Crop:
            draw_wizard_crop_screen(state, ctx);
            break;
        case WizardStep::Problem:
            draw_wizard_problem_screen(state, ctx);
            break;
        case WizardStep::Consent:
            draw_consent_screen(state, ctx);
            break;
        case WizardStep::Contact:
            draw_wizard_contact_screen(state, ctx);
            break;
        case WizardStep::Review:
        case WizardStep::Submitting:
            draw_wizard_review_screen(state, ctx);
            break;
        case WizardStep::Confirmation:
            draw_confirmation_screen(state, ctx);
            break;
    }
}

}  // namespace

void draw_app(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);

    // Top bar: always shows where you are; off the home screen, 返回 and 首页 are always there.
    const float bar_height = t.min_touch_px + t.gap * 0.5f;
    const float width = ImGui::GetContentRegionAvail().x;
    ImVec2 bar_origin = ImGui::GetCursorScreenPos();
    float x = bar_origin.x;
    if (state.screen != Screen::Home) {
        const ButtonStyle back_style{t.primary, t.text_on_colour, t.body, Icon::Back};
        const ButtonStyle home_style{t.primary, t.text_on_colour, t.body, Icon::Home};
        ImGui::SetCursorScreenPos(ImVec2(x, bar_origin.y));
        if (button(ctx, "##back", text(Str::Back), ImVec2(0, bar_height), back_style)) {
            ctx.emit(action::Back{});
        }
        x += button_width(ctx, text(Str::Back), back_style) + t.gap;
        ImGui::SetCursorScreenPos(ImVec2(x, bar_origin.y));
        if (button(ctx, "##home", text(Str::Home), ImVec2(0, bar_height), home_style)) {
            ctx.emit(action::GoHome{});
        }
        x += button_width(ctx, text(Str::Home), home_style) + t.gap;
    }
    std::string title = screen_title(state);
    ImVec2 title_size = t.large->CalcTextSizeA(t.large->FontSize, FLT_MAX, 0, title.c_str());
    ImVec2 title_pos(x, bar_origin.y + (bar_height - title_size.y) * 0.5f);
    ImGui::GetWindowDrawList()->AddText(t.large, t.large->FontSize, title_pos, t.text, title.c_str());
    // The hidden maintainer entrance: the title is an unmarked tap area (not a visitor's target).
    ImGui::SetCursorScreenPos(ImVec2(x, bar_origin.y));
    if (ImGui::InvisibleButton("##secret", ImVec2(std::max(title_size.x, t.min_touch_px), bar_height))) {
        ctx.emit(action::SecretTap{state.now_ms});
    }
    ctx.recorder.record(title, title_pos, ImVec2(title_pos.x + title_size.x, title_pos.y + title_size.y), false);

    float right = bar_origin.x + width;
    if (state.screen != Screen::Home) {
        const ButtonStyle size_style{t.panel, t.text, t.body, Icon::TextSize};
        // Wide enough for either label, so the button does not jump when it is tapped.
        float text_button = std::max(button_width(ctx, text(Str::NormalText), size_style),
                                     button_width(ctx, text(Str::LargeText), size_style));
        ImGui::SetCursorScreenPos(ImVec2(right - text_button, bar_origin.y));
        if (button(ctx, "##textsize", state.large_text ? text(Str::NormalText) : text(Str::LargeText),
                   ImVec2(text_button, bar_height), size_style)) {
            ctx.emit(action::ToggleLargeText{});
        }
        right -= text_button + t.gap;
    }
    draw_connectivity(state, ctx, right, bar_origin.y, bar_height);

    ImGui::SetCursorScreenPos(ImVec2(bar_origin.x, bar_origin.y + bar_height + t.gap));
    ImGui::BeginChild("screen", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    switch (state.screen) {
        case Screen::Home:
            draw_home_screen(state, ctx);
            break;
        case Screen::Topics:
            draw_topics_screen(state, ctx);
            break;
        case Screen::ArticleList:
            draw_article_list_screen(state, ctx);
            break;
        case Screen::Article:
            draw_article_screen(state, ctx);
            break;
        case Screen::Search:
            draw_search_screen(state, ctx);
            break;
        case Screen::ComingSoon:
            draw_coming_soon_screen(state, ctx);
            break;
        case Screen::MaintainerPin:
            draw_maintainer_pin_screen(state, ctx);
            break;
        case Screen::Maintainer:
            draw_maintainer_screen(state, ctx);
            break;
        case Screen::Status:
            draw_status_screen(state, ctx);
            break;
        case Screen::Rating:
            draw_rating_screen(state, ctx);
            break;
        case Screen::Registration:
            draw_registration_step(state, ctx);
            break;
    }
    ImGui::EndChild();
    ImGui::End();
}

void draw_coming_soon_screen(const AppState& /*state*/, UiContext& ctx) {
    const Theme& t = ctx.theme;
    ImGui::Dummy(ImVec2(0, t.gap * 2));
    text(ctx, text(Str::ComingSoon), ctx.heading_font(), t.text);
    text(ctx, text(Str::ComingSoonBody), ctx.text_font(), t.text_muted);
    ImGui::Dummy(ImVec2(0, t.gap));
    if (button(ctx, "##learn", text(Str::TileLearn), ImVec2(t.min_touch_px * 4, t.min_touch_px * 1.2f),
               {t.tile_learn, t.text_on_colour, ctx.heading_font(), Icon::Learn})) {
        ctx.emit(action::GoHome{});
        ctx.emit(action::Navigate{Screen::Topics, ""});
    }
}

}  // namespace xiangke::kiosk::ui
