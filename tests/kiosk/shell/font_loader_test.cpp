// The font atlases over time: the first frame's small one, then a full one for new content,
// built on the worker and installed between frames; nothing new, nothing rebuilt.
#include "shell/font_loader.h"

#include <gtest/gtest.h>

#include <chrono>

#include "app/strings.h"
#include "support/eventually.h"

using namespace xiangke;
using namespace xiangke::kiosk;

namespace {

class FontLoaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
        auto opened = display.open({DisplayMode::Headless, 1280, 800});
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        theme = ui::Theme::for_display(1280, 800, 476.0f);
    }

    std::shared_ptr<const ContentLibrary> library_with(const std::string& title, const std::string& body) {
        Article article;
        article.id = "rice-blast";
        article.title = title;
        article.body_markdown = body;
        return std::make_shared<const ContentLibrary>(1, std::vector<Topic>{}, std::vector<Article>{article}, "");
    }

    // Declared in this order for the same reason as in AppRunner: the atlas outlives the ImGui
    // context, and the worker stops before the loader it builds for goes.
    FontLoader loader{ui::kDefaultFontPath};
    Display display;
    ui::Theme theme;
    ActionQueue queue;
    Worker worker;
};

}  // namespace

TEST_F(FontLoaderTest, TheFirstAtlasHoldsTheCatalogueAndTheOutsideText) {
    auto loaded = loader.load_first(theme, display, "鏖战村");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_TRUE(ui::missing_glyphs(theme.body, std::string(text(Str::AppTitle)) + "鏖战村").empty());
    EXPECT_TRUE(loader.complete());
}

TEST_F(FontLoaderTest, NewContentGetsAFullAtlasFromTheWorker) {
    ASSERT_TRUE(loader.load_first(theme, display, "").ok());
    EXPECT_FALSE(ui::missing_glyphs(theme.large, "鏖").empty());  // not in the catalogue
    auto library = library_with("稻瘟病防治", "鏖战稻瘟病");
    ASSERT_TRUE(
        test::eventually([&] { return loader.update(theme, display, worker, queue, "", library.get(), nullptr); },
                         std::chrono::seconds(60), std::chrono::milliseconds(10)));
    EXPECT_TRUE(loader.complete());
    EXPECT_TRUE(ui::missing_glyphs(theme.large, "鏖战稻瘟病防治").empty());
    // The same content and texts again: no new atlas is asked for.
    EXPECT_FALSE(loader.update(theme, display, worker, queue, "", library.get(), nullptr));
    EXPECT_TRUE(loader.complete());
}
