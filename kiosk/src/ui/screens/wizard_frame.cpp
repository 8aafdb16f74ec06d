#include "ui/screens/wizard_frame.h"

#include <algorithm>

#include "ui/keyboard/typed_text.h"
#include "ui/widgets.h"

namespace xiangke::kiosk::ui {
namespace {

constexpr Str kPartLabels[kProgressParts] = {Str::ProgressCategory, Str::ProgressCrop, Str::ProgressProblem,
                                             Str::ProgressContact, Str::ProgressReview};

}  // namespace

void draw_wizard_header(const AppState& state, UiContext& ctx, Str prompt, const std::string& spoken) {
    const Theme& t = ctx.theme;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;

    // Progress: five segments, those done and the current one filled, labels under them.
    const int current = progress_part(state.registration.step);
    const float segment_gap = t.gap * 0.5f;
    const float segment_w = (width - segment_gap * (kProgressParts - 1)) / kProgressParts;
    const float bar_h = std::max(8.0f, t.mm(2.0f));
    for (int i = 0; i < kProgressParts; ++i) {
        ImVec2 min(origin.x + static_cast<float>(i) * (segment_w + segment_gap), origin.y);
        ImVec2 max(min.x + segment_w, min.y + bar_h);
        draw->AddRectFilled(min, max, i <= current ? t.primary : t.divider, bar_h * 0.5f);
        std::string_view label = text(kPartLabels[i]);
        ImU32 colour = i == current ? t.primary : t.text_muted;
        ImVec2 label_pos(min.x, max.y + t.gap * 0.25f);
        draw->AddText(t.body, t.body->FontSize, label_pos, colour, label.data(), label.data() + label.size());
        ImVec2 label_size = t.body->CalcTextSizeA(t.body->FontSize, FLT_MAX, 0, label.data(), label.data() + label.size());
        ctx.recorder.record(std::string(label), label_pos, ImVec2(label_pos.x + label_size.x, label_pos.y + label_size.y),
                            false);
    }
    const float progress_h = bar_h + t.gap * 0.25f + t.body->FontSize + t.gap * 0.5f;

    // Prompt with its speaker button on the right.
    const ButtonStyle speaker{t.primary, t.text_on_colour, ctx.text_font(), Icon::Speaker};
    const float speaker_w = button_width(ctx, text(Str::ReadAloud), speaker);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + width - speaker_w, origin.y + progress_h));
    if (button(ctx, "##wizard-speak", text(Str::ReadAloud), ImVec2(speaker_w, 0), speaker)) {
        ctx.emit(action::ReadAloud{spoken.empty() ? std::string(text(prompt)) : spoken});
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + progress_h));
    text(ctx, text(prompt), ctx.heading_font(), t.text, width - speaker_w - t.gap);
    float bottom = std::max(ImGui::GetCursorScreenPos().y, origin.y + progress_h + t.min_touch_px + t.gap * 0.5f);
    ImGui::SetCursorScreenPos(ImVec2(origin.x, bottom));
}

float wizard_footer_height(const UiContext& ctx) {
    // Tall enough for its labels in the heading font, which large-text mode makes huge.
    return std::max(ctx.theme.min_touch_px * 1.2f, ctx.heading_font()->FontSize * 1.35f);
}

void draw_wizard_footer(const AppState& state, UiContext& ctx, WizardForward forward) {
    const Theme& t = ctx.theme;
    const RegistrationState& reg = state.registration;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = wizard_footer_height(ctx);
    const ButtonStyle back_style{t.panel, t.text, ctx.heading_font(), Icon::Back};
    const ButtonStyle next_style{t.primary, t.text_on_colour, ctx.heading_font(), Icon::None};

    float left = origin.x;
    if (previous_step(reg.draft, reg.step)) {
        ImGui::SetCursorScreenPos(origin);
        if (button(ctx, "##wizard-previous", text(Str::WizardPrevious), ImVec2(t.min_touch_px * 3.2f, height),
                   back_style)) {
            ctx.emit(action::WizardPrevious{});
        }
        left += std::max(t.min_touch_px * 3.2f, button_width(ctx, text(Str::WizardPrevious), back_style)) + t.gap;
    }
    float right = origin.x + width;
    if (forward != WizardForward::None) {
        Str label = forward == WizardForward::Submit ? Str::Submit : Str::WizardNext;
        float w = std::max(t.min_touch_px * 3.2f, button_width(ctx, text(label), next_style));
        right -= w;
        ImGui::SetCursorScreenPos(ImVec2(right, origin.y));
        if (button(ctx, "##wizard-next", text(label), ImVec2(w, height), next_style)) {
            ctx.emit(forward == WizardForward::Submit ? Action{action::SubmitRegistration{}} : Action{action::WizardNext{}});
        }
        right -= t.gap;
    }
    std::string_view message = problem_text(reg.problem);
    if (reg.step == WizardStep::Submitting) {
        message = text(Str::Submitting);
    }
    if (!message.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(left, origin.y));
        ImGui::PushClipRect(ImVec2(left, origin.y), ImVec2(right, origin.y + height), true);
        text(ctx, message, ctx.text_font(), reg.step == WizardStep::Submitting ? t.text : t.problem, right - left);
        ImGui::PopClipRect();
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
}

std::string_view problem_text(RegistrationProblem problem) {
    switch (problem) {
        case RegistrationProblem::None:
            return {};
        case RegistrationProblem::ChooseCategory:
            return text(Str::ProblemChooseCategory);
        case RegistrationProblem::ChooseCrop:
            return text(Str::ProblemChooseCrop);
        case RegistrationProblem::CropTooLong:
            return text(Str::ProblemCropTooLong);
        case RegistrationProblem::DescribeProblem:
            return text(Str::ProblemDescribe);
        case RegistrationProblem::TooManySymptoms:
            return text(Str::ProblemTooManySymptoms);
        case RegistrationProblem::DescriptionTooLong:
            return text(Str::ProblemDescriptionTooLong);
        case RegistrationProblem::VoiceNoteTooLong:
            return text(Str::ProblemVoiceNoteTooLong);
        case RegistrationProblem::EnterName:
            return text(Str::ProblemEnterName);
        case RegistrationProblem::NameTooLong:
            return text(Str::ProblemNameTooLong);
        case RegistrationProblem::EnterPhone:
            return text(Str::ProblemEnterPhone);
        case RegistrationProblem::PhoneInvalid:
            return text(Str::ProblemPhoneInvalid);
        case RegistrationProblem::ChooseTime:
            return text(Str::ProblemChooseTime);
        case RegistrationProblem::ConsentNeeded:
            return text(Str::ProblemConsentNeeded);
        case RegistrationProblem::TooManyOpenRequests:
            return text(Str::ProblemTooManyOpenRequests);
        case RegistrationProblem::SubmitFailed:
            return text(Str::ProblemSubmitFailed);
    }
    return {};
}

bool uses_keyboard(DraftField field) {
    return field == DraftField::CropSearch || field == DraftField::Description || field == DraftField::FarmerName;
}

void draw_text_field(const AppState& state, UiContext& ctx, const char* id, DraftField field, Str placeholder,
                     float width) {
    const Theme& t = ctx.theme;
    const RegistrationState& reg = state.registration;
    const std::string& value = field_text(reg, field);
    const bool focused = reg.focused == field;
    const bool at_fault = reg.problem_field == field && reg.problem != RegistrationProblem::None;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    const float px = typed_text_px(ctx);  // follows large-text mode
    float height = std::max(t.min_touch_px, px * 1.8f);
    if (ImGui::InvisibleButton(id, ImVec2(width, height))) {
        ctx.emit(action::FocusField{field});
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 max(pos.x + width, pos.y + height);
    draw->AddRectFilled(pos, max, t.panel, t.rounding);
    ImU32 border = at_fault ? t.problem : (focused ? t.primary : t.divider);
    draw->AddRect(pos, max, border, t.rounding, 0, focused || at_fault ? 4.0f : 2.0f);
    // The composition being typed in pinyin shows after the text, so the farmer sees both.
    std::string shown = value;
    if (focused && state.keyboard.mode == KeyboardMode::Pinyin && state.keyboard.pinyin.composing()) {
        shown += state.keyboard.pinyin.composition;
    }
    bool empty = shown.empty();
    std::string label = empty ? std::string(text(placeholder)) : shown;
    // Long text keeps its end visible: the farmer sees what was typed last.
    ImVec2 size = typed_text_size(ctx, label, px);
    float inner = width - t.gap * 2;
    float x = pos.x + t.gap - std::max(0.0f, size.x - inner);
    ImVec2 text_pos(x, pos.y + (height - px) * 0.5f);
    draw->PushClipRect(ImVec2(pos.x + t.gap * 0.5f, pos.y), ImVec2(max.x - t.gap * 0.5f, max.y), true);
    draw_typed_text(ctx, draw, text_pos, label, px, empty ? t.text_muted : t.text);
    if (focused) {
        float caret_x = empty ? pos.x + t.gap : std::min(text_pos.x + size.x + 2.0f, max.x - t.gap);
        draw->AddLine(ImVec2(caret_x, pos.y + height * 0.2f), ImVec2(caret_x, pos.y + height * 0.8f), t.primary, 3.0f);
    }
    draw->PopClipRect();
    ctx.recorder.record(label, pos, max, true);
}

}  // namespace xiangke::kiosk::ui
