// The kiosk with the real corpus, built and signed by xiangke-content: nothing it shows may fall
// back to a missing glyph.
#include <gtest/gtest.h>

#include "services/pack_installer.h"
#include "shell/app_runner.h"
#include "support/backend_process.h"
#include "ui/fonts.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::kiosk;

namespace {

std::string content_tool() { return std::string(XIANGKE_BINARY_DIR) + "/content/tool/xiangke-content"; }

}  // namespace

TEST(RealCorpus, EveryTitleAndArticleRendersWithoutMissingGlyphs) {
    test::TempDir dir;
    auto key = test::run_command({content_tool(), "keygen", "--out", (dir.path() / "key").string()});
    ASSERT_EQ(key.exit_code, 0) << key.err;
    std::string pubkey = key.out.substr(0, 64);
    auto built = test::run_command({content_tool(), "build", std::string(XIANGKE_SOURCE_DIR) + "/content", "--out",
                                    (dir.path() / "pack").string(), "--key", (dir.path() / "key").string()});
    ASSERT_EQ(built.exit_code, 0) << built.err;

    KioskConfig config;
    config.data_dir = dir.path() / "data";
    config.content_public_key = pubkey;
    std::filesystem::create_directories(config.data_dir);
    {
        auto content = ContentService::open(config.data_dir / "kiosk.db").value();
        auto parsed_key = platform::parse_public_key(pubkey);
        ASSERT_TRUE(parsed_key.ok());
        auto installed = install_pack(*content, dir.path() / "pack", config.data_dir, *parsed_key,
                                      core::system_now_ms(), ExpiryCheck::Enforce);
        ASSERT_TRUE(installed.ok()) << installed.error().message;
    }
    AppRunner app(config, DisplayOptions{DisplayMode::Headless, 1280, 800}, ClockMode::Manual);
    ASSERT_TRUE(app.start().ok());
    app.settle();
    const auto& library = *app.state().library;
    ASSERT_GE(library.articles().size(), 59u);
    const ui::Theme& theme = app.theme();
    for (const auto& topic : library.topics()) {
        for (ImFont* font : {theme.body, theme.large, theme.huge}) {
            EXPECT_TRUE(ui::missing_glyphs(font, topic.name).empty()) << topic.name;
        }
    }
    for (const auto& article : library.articles()) {
        for (ImFont* font : {theme.large, theme.huge}) {
            EXPECT_TRUE(ui::missing_glyphs(font, article.title).empty()) << article.title;
        }
        for (ImFont* font : {theme.body, theme.large}) {
            auto missing = ui::missing_glyphs(font, article.summary + article.body_markdown);
            EXPECT_TRUE(missing.empty()) << article.id << ": U+" << std::hex << (missing.empty() ? 0 : missing[0]);
        }
    }
}
