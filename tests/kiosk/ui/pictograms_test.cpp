// The wizard's pictograms: every icon the real vocabulary names is drawn, inside its square,
// each different from the others; an unknown name draws nothing. Then all of them rasterised by
// the real software renderer, each cell showing a picture (XIANGKE_PICTOGRAM_GALLERY=file.png
// keeps the gallery for a person to look at).
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "shell/display.h"
#include "ui/pictograms.h"
#include "xiangke/platform/data_paths.h"

using namespace xiangke;
using namespace xiangke::kiosk;

namespace {

std::set<std::string> vocabulary_icons() {
    auto loaded = platform::load_vocabulary(std::filesystem::path(XIANGKE_SOURCE_DIR) / "content" / "vocab");
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    std::set<std::string> icons;
    if (!loaded.ok()) {
        return icons;
    }
    for (const auto& category : loaded.value().categories()) {
        icons.insert(category.icon);
    }
    for (const auto& crop : loaded.value().crops()) {
        icons.insert(crop.icon);
    }
    return icons;
}

// A bare ImGui context: pictograms only need a draw list's shared data.
class Pictograms : public ::testing::Test {
protected:
    void SetUp() override {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1024, 768);
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
        ImGui::NewFrame();
    }
    void TearDown() override {
        ImGui::EndFrame();
        ImGui::DestroyContext();
    }

    // The draw list after drawing `name` at `min`, `size`; `known` receives draw_pictogram's answer.
    static ImDrawList drawn(std::string_view name, ImVec2 min, float size, bool* known = nullptr) {
        ImDrawList list(ImGui::GetDrawListSharedData());
        list._ResetForNewFrame();
        list.PushClipRectFullScreen();
        bool ok = ui::draw_pictogram(&list, name, min, size);
        if (known != nullptr) {
            *known = ok;
        }
        return list;
    }
};

}  // namespace

TEST_F(Pictograms, EveryVocabularyIconDrawsInsideItsSquare) {
    const std::set<std::string> icons = vocabulary_icons();
    ASSERT_EQ(icons.size(), 41u) << "8 category icons and 33 crop and animal icons";
    const ImVec2 min(100.0f, 50.0f);
    const float size = 160.0f;
    const float tolerance = 1.0f;  // anti-aliasing fringe
    for (const std::string& icon : icons) {
        bool known = false;
        ImDrawList list = drawn(icon, min, size, &known);
        ASSERT_TRUE(known) << icon;
        EXPECT_TRUE(ui::has_pictogram(icon)) << icon;
        // The plate alone is a rounded rectangle of ~40 vertices; a picture has hundreds.
        EXPECT_GE(list.VtxBuffer.Size, 150) << icon;
        ImVec2 lo(FLT_MAX, FLT_MAX), hi(-FLT_MAX, -FLT_MAX);
        std::set<ImU32> colours;
        for (const ImDrawVert& v : list.VtxBuffer) {
            lo = ImVec2(std::min(lo.x, v.pos.x), std::min(lo.y, v.pos.y));
            hi = ImVec2(std::max(hi.x, v.pos.x), std::max(hi.y, v.pos.y));
            colours.insert(v.col | IM_COL32_A_MASK);
        }
        EXPECT_GE(lo.x, min.x - tolerance) << icon;
        EXPECT_GE(lo.y, min.y - tolerance) << icon;
        EXPECT_LE(hi.x, min.x + size + tolerance) << icon;
        EXPECT_LE(hi.y, min.y + size + tolerance) << icon;
        EXPECT_GE(colours.size(), 3u) << icon << " is a colourful picture, not a silhouette";
        list._ClearFreeMemory();
    }
}

TEST_F(Pictograms, NoTwoNamesDrawTheSamePicture) {
    std::map<std::string, std::string_view> seen;  // vertices and colours → name
    for (std::string_view name : ui::pictogram_names()) {
        ImDrawList list = drawn(name, ImVec2(10, 10), 120.0f);
        std::string bytes;
        for (const ImDrawVert& v : list.VtxBuffer) {
            bytes.append(reinterpret_cast<const char*>(&v.pos), sizeof(v.pos));
            bytes.append(reinterpret_cast<const char*>(&v.col), sizeof(v.col));
        }
        auto [it, inserted] = seen.emplace(bytes, name);
        EXPECT_TRUE(inserted) << name << " draws exactly what " << it->second << " draws";
        list._ClearFreeMemory();
    }
    EXPECT_EQ(seen.size(), 41u);
}

TEST_F(Pictograms, AnUnknownNameDrawsNothing) {
    for (std::string_view name : {"unicorn", "", "Rice", "rice "}) {
        bool known = true;
        ImDrawList list = drawn(name, ImVec2(0, 0), 100.0f, &known);
        EXPECT_FALSE(known) << "'" << name << "'";
        EXPECT_FALSE(ui::has_pictogram(name)) << "'" << name << "'";
        EXPECT_EQ(list.VtxBuffer.Size, 0) << "'" << name << "'";
        list._ClearFreeMemory();
    }
}

// All pictograms through the real software renderer: every cell's square shows a picture (many
// pixels unlike the plate, in several colours), not a blank plate.
TEST(PictogramGallery, EveryPictogramRasterisesToAPicture) {
    Display display;
    auto opened = display.open({DisplayMode::Headless, 1280, 800});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    const std::vector<std::string_view> names = ui::pictogram_names();
    ASSERT_LE(names.size(), 45u) << "the gallery holds 9 × 5 cells";
    constexpr int kColumns = 9;
    constexpr float kCell = 140.0f;
    constexpr float kPicture = 112.0f;
    auto cell_min = [&](size_t i) {
        return ImVec2(8.0f + static_cast<float>(i % kColumns) * kCell, 8.0f + static_cast<float>(i / kColumns) * kCell);
    };
    display.begin_frame();
    ImGui::NewFrame();
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    draw->AddRectFilled(ImVec2(0, 0), ImVec2(1280, 800), IM_COL32(46, 125, 50, 255));  // a tile's green
    for (size_t i = 0; i < names.size(); ++i) {
        ImVec2 min = cell_min(i);
        ASSERT_TRUE(ui::draw_pictogram(draw, names[i], min, kPicture)) << names[i];
        draw->AddText(ImVec2(min.x, min.y + kPicture + 4.0f), IM_COL32_WHITE, names[i].data(),
                      names[i].data() + names[i].size());
    }
    display.end_frame();

    const int width = display.width();
    const int height = display.height();
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
    ASSERT_EQ(SDL_RenderReadPixels(display.renderer(), nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), width * 4), 0);
    for (size_t i = 0; i < names.size(); ++i) {
        ImVec2 min = cell_min(i);
        std::map<uint32_t, int> colours;
        int total = 0;
        const int inset = 12;  // inside the plate's rounded corners
        for (int y = static_cast<int>(min.y) + inset; y < static_cast<int>(min.y + kPicture) - inset; ++y) {
            for (int x = static_cast<int>(min.x) + inset; x < static_cast<int>(min.x + kPicture) - inset; ++x) {
                uint32_t rgba = 0;
                std::memcpy(&rgba,
                            &pixels[(static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 4],
                            4);
                ++colours[rgba & 0x00ffffffu];
                ++total;
            }
        }
        int plate = 0;
        int distinct = 0;
        for (const auto& [colour, count] : colours) {
            plate = std::max(plate, count);  // the plate is the most common colour or close to it
            distinct += count * 50 >= total ? 1 : 0;
        }
        EXPECT_LE(plate * 100, total * 85) << names[i] << ": at least 15% of the square is picture";
        EXPECT_GE(distinct, 3) << names[i] << ": at least three colours each covering 2% of the square";
    }
    if (const char* keep = std::getenv("XIANGKE_PICTOGRAM_GALLERY")) {
        auto saved = display.save_png(keep);
        EXPECT_TRUE(saved.ok()) << saved.error().message;
    }
}
