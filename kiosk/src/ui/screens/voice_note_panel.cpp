#include "ui/screens/voice_note_panel.h"

#include <algorithm>
#include <string>

#include "app/strings.h"
#include "ui/widgets.h"
#include "xiangke/core/protocol.h"

namespace xiangke::kiosk::ui {
namespace {

std::string seconds(int64_t ms) {
    return std::to_string(ms / 1000) + " " + std::string(text(Str::VoiceSeconds));
}

// A horizontal bar filled to `fraction`; the level meter and the playback position.
void bar(const UiContext& ctx, float width, float fraction, ImU32 fill) {
    const Theme& t = ctx.theme;
    const float height = t.mm(3.0f);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), t.divider, height * 0.5f);
    float filled = width * std::clamp(fraction, 0.0f, 1.0f);
    if (filled > 0.5f) {
        draw->AddRectFilled(pos, ImVec2(pos.x + filled, pos.y + height), fill, height * 0.5f);
    }
    ImGui::Dummy(ImVec2(width, height));
}

Str notice_text(VoiceNotice notice) {
    switch (notice) {
        case VoiceNotice::TooShort:
            return Str::VoiceTooShort;
        case VoiceNotice::NoMicrophone:
            return Str::VoiceNoMicrophone;
        case VoiceNotice::LimitReached:
            return Str::VoiceLimitReached;
        case VoiceNotice::CannotPlay:
            return Str::VoiceCannotPlay;
        case VoiceNotice::None:
            break;
    }
    return Str::VoiceNoteHint;
}

}  // namespace

void draw_voice_note_panel(const AppState& state, UiContext& ctx) {
    const Theme& t = ctx.theme;
    const VoiceNoteState& voice = state.voice;
    const auto& note = state.registration.draft.voice_note;
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 button_size(t.min_touch_px * 2.6f, t.min_touch_px * 1.2f);
    const ButtonStyle main{t.tile_help, t.text_on_colour, ctx.text_font(), Icon::None};
    const ButtonStyle plain{t.panel, t.text, ctx.text_font(), Icon::None};

    ImGui::PushID("voice-note");
    text(ctx, text(Str::VoiceNoteTitle), ctx.heading_font(), t.text);
    if (voice.notice == VoiceNotice::None) {
        text(ctx, text(Str::VoiceNoteHint), t.body, t.text_muted, width);
    } else {
        text(ctx, text(notice_text(voice.notice)), t.body, t.tile_help, width);
    }

    switch (voice.phase) {
        case VoicePhase::Idle:
            if (!note) {
                if (button(ctx, "##record", text(Str::VoiceRecord), button_size, main)) {
                    ctx.emit(action::VoiceRecord{});
                }
                break;
            }
            if (button(ctx, "##play", text(Str::VoicePlay), button_size,
                       {t.primary, t.text_on_colour, ctx.text_font(), Icon::Speaker})) {
                ctx.emit(action::VoicePlay{});
            }
            ImGui::SameLine(0, t.gap);
            if (button(ctx, "##rerecord", text(Str::VoiceRerecord), button_size, plain)) {
                ctx.emit(action::VoiceRecord{});
            }
            ImGui::SameLine(0, t.gap);
            if (button(ctx, "##delete", text(Str::Delete), button_size, plain)) {
                ctx.emit(action::VoiceDelete{});
            }
            ImGui::SameLine(0, t.gap * 2);
            text(ctx, std::string(text(Str::VoiceRecorded)) + " " + seconds(note->duration_ms), ctx.text_font(),
                 t.text);
            break;
        case VoicePhase::Starting:
        case VoicePhase::Recording: {
            if (button(ctx, "##stop", text(Str::VoiceStop), button_size,
                       {t.tile_help, t.text_on_colour, ctx.text_font(), Icon::Stop})) {
                ctx.emit(action::VoiceStop{});
            }
            ImGui::SameLine(0, t.gap * 2);
            ImGui::BeginGroup();
            if (voice.phase == VoicePhase::Starting) {
                text(ctx, text(Str::VoiceStarting), ctx.text_font(), t.text);
            } else {
                const int64_t left = core::protocol::limits::kVoiceNoteMaxMs - voice.elapsed_ms;
                text(ctx,
                     std::string(text(Str::VoiceRecording)) + " " + seconds(voice.elapsed_ms) + "    " +
                         std::string(text(Str::VoiceRemaining)) + " " + seconds(std::max<int64_t>(left, 0) + 999),
                     ctx.text_font(), t.text);
            }
            bar(ctx, std::max(width - button_size.x - t.gap * 3, t.min_touch_px), voice.level, t.primary);
            ImGui::EndGroup();
            break;
        }
        case VoicePhase::Stopping:
            text(ctx, text(Str::VoiceSaving), ctx.text_font(), t.text);
            break;
        case VoicePhase::Playing: {
            if (button(ctx, "##stop", text(Str::VoiceStop), button_size,
                       {t.primary, t.text_on_colour, ctx.text_font(), Icon::Stop})) {
                ctx.emit(action::VoiceStop{});
            }
            ImGui::SameLine(0, t.gap * 2);
            ImGui::BeginGroup();
            const int64_t duration = note ? note->duration_ms : 0;
            text(ctx,
                 std::string(text(Str::VoicePlaying)) + " " + seconds(voice.elapsed_ms) + " / " + seconds(duration),
                 ctx.text_font(), t.text);
            float fraction = duration > 0 ? static_cast<float>(voice.elapsed_ms) / static_cast<float>(duration) : 0.0f;
            bar(ctx, std::max(width - button_size.x - t.gap * 3, t.min_touch_px), fraction, t.primary);
            ImGui::EndGroup();
            break;
        }
    }
    ImGui::PopID();
}

}  // namespace xiangke::kiosk::ui
