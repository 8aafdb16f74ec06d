#pragma once
// FontLoader: the kiosk's font atlases over time. The first frame gets a small atlas (the string
// catalogue and the few texts from enrollment), built at once; the full one (all installed
// content, the wizard's vocabulary, what the keyboards can type) is built on the worker and
// swapped in between frames, and again whenever the content or the texts from the backend change.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "app/action_queue.h"
#include "app/content_library.h"
#include "shell/display.h"
#include "shell/worker.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "xiangke/core/vocabulary.h"

namespace xiangke::kiosk {

class FontLoader {
public:
    explicit FontLoader(std::string font_path) : m_font_path(std::move(font_path)) {}

    // Builds the first frame's atlas and makes it the display's.
    core::Result<bool> load_first(ui::Theme& theme, Display& display, const std::string& outside_text);
    // Once per frame: asks for a full atlas when `outside_text` or `library` changed since the last
    // request; installs a finished one that is still the newest. True when one was installed.
    bool update(ui::Theme& theme, Display& display, Worker& worker, ActionQueue& queue, const std::string& outside_text,
                const ContentLibrary* library, const core::Vocabulary* vocabulary);
    // True once the atlas covers everything last asked for.
    bool complete() const { return m_built == m_requested; }

private:
    void request(const ui::Theme& theme, Worker& worker, ActionQueue& queue, const ContentLibrary* library,
                 const core::Vocabulary* vocabulary);

    std::string m_font_path;
    std::unique_ptr<ui::FontSet> m_fonts;  // the display's atlas points into this
    std::mutex m_ready_mutex;
    std::unique_ptr<ui::FontSet> m_ready;  // built by the worker, installed by update()
    uint64_t m_requested = 0;              // generation of the last request (UI thread)
    std::atomic<uint64_t> m_built{0};      // generation of m_ready
    std::string m_outside_text;
    const ContentLibrary* m_library = nullptr;
};

}  // namespace xiangke::kiosk
