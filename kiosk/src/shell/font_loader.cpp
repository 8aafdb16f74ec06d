#include "shell/font_loader.h"

#include "app/registration.h"
#include "input/gb2312.h"
#include "services/kiosk_log.h"

namespace xiangke::kiosk {

core::Result<bool> FontLoader::load_first(ui::Theme& theme, Display& display, const std::string& outside_text) {
    // The first frame needs only the UI strings and the village name: a small atlas, built now.
    ui::GlyphSet first = ui::catalogue_glyphs();
    ui::add_to_every_size(first, outside_text);
    auto fonts = ui::build_font_set(theme, first, m_font_path);
    if (!fonts.ok()) {
        return fonts.error();
    }
    m_fonts = std::move(fonts).value();
    display.use_font_atlas(m_fonts->atlas.get());
    ui::use_fonts(theme, *m_fonts);
    return true;
}

void FontLoader::request(const ui::Theme& theme, Worker& worker, ActionQueue& queue, const ContentLibrary* library,
                         const core::Vocabulary* vocabulary) {
    ui::GlyphSet glyphs = ui::catalogue_glyphs();
    ui::add_to_every_size(glyphs, m_outside_text);
    if (library != nullptr) {
        std::string all = library->all_text();
        glyphs.body_text += all;
        glyphs.large_text += all;  // large-text mode shows whole articles at this size
        glyphs.huge_text += library->heading_text();
    }
    if (vocabulary != nullptr) {
        ui::add_to_every_size(glyphs, vocabulary_text(*vocabulary));
    }
    // Whatever the keyboards can type (GB2312), at the body size only: typed text is drawn there.
    if (auto gb2312 = input::gb2312_set(); gb2312.ok()) {
        glyphs.body_text += gb2312.value()->keyboard_glyphs();
    }
    uint64_t generation = ++m_requested;
    ui::Theme sizes = theme;
    std::string font_path = m_font_path;
    worker.post([this, &queue, glyphs, sizes, font_path, generation] {
        auto built = ui::build_font_set(sizes, glyphs, font_path);
        if (!built.ok()) {
            kiosk_log::write("font_build_failed", built.error().message);
            return;
        }
        {
            std::lock_guard lock(m_ready_mutex);
            m_ready = std::move(built).value();
        }
        m_built = generation;
        queue.wake();
    });
}

bool FontLoader::update(ui::Theme& theme, Display& display, Worker& worker, ActionQueue& queue,
                        const std::string& outside_text, const ContentLibrary* library,
                        const core::Vocabulary* vocabulary) {
    // New content or new outside text: ask for an atlas that covers it.
    if (outside_text != m_outside_text || library != m_library) {
        m_outside_text = outside_text;
        m_library = library;
        request(theme, worker, queue, library, vocabulary);
    }
    std::unique_ptr<ui::FontSet> ready;
    {
        std::lock_guard lock(m_ready_mutex);
        ready = std::move(m_ready);
    }
    if (!ready || m_built != m_requested) {
        return false;
    }
    display.use_font_atlas(ready->atlas.get());
    ui::use_fonts(theme, *ready);
    m_fonts = std::move(ready);  // the old atlas goes; its texture went in use_font_atlas
    return true;
}

}  // namespace xiangke::kiosk
