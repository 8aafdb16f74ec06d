#include "diagrams.h"

#include <algorithm>

#include "drawing.h"

namespace xiangke::content {

// Each diagram is one function drawing on a fresh canvas (see the files next to this one).
void draw_quake_house(draw::Canvas& canvas);
void draw_quake_drop_cover(draw::Canvas& canvas);
void draw_pesticide_gear(draw::Canvas& canvas);
void draw_rice_planthopper(draw::Canvas& canvas);

namespace {

struct Entry {
    DiagramInfo info;
    void (*draw)(draw::Canvas&);
};

const std::vector<Entry>& entries() {
    static const std::vector<Entry> kEntries = {
        {{"quake-house-structure.png", "农房抗震构造：圈梁、构造柱和拉结筋把房子连成整体"}, draw_quake_house},
        {{"quake-drop-cover-hold.png", "地震时伏地、遮挡、手抓牢"}, draw_quake_drop_cover},
        {{"pesticide-protective-gear.png", "打药时的防护：帽子、防护眼镜、口罩、长袖长裤、手套、胶鞋"},
         draw_pesticide_gear},
        {{"rice-planthopper-position.png", "稻飞虱聚在稻丛基部、靠近水面的稻秆上"}, draw_rice_planthopper},
    };
    return kEntries;
}

}  // namespace

constexpr int kDiagramWidth = 960;
constexpr int kDiagramHeight = 640;

const std::vector<DiagramInfo>& diagram_catalogue() {
    static const std::vector<DiagramInfo> kCatalogue = [] {
        std::vector<DiagramInfo> out;
        for (const auto& entry : entries()) {
            out.push_back(entry.info);
        }
        return out;
    }();
    return kCatalogue;
}

bool is_diagram(const std::string& name) {
    const auto& all = entries();
    return std::any_of(all.begin(), all.end(), [&](const Entry& e) { return e.info.name == name; });
}

core::Result<std::string> render_diagram(const std::string& name, const std::string& font_path) {
    for (const auto& entry : entries()) {
        if (entry.info.name != name) {
            continue;
        }
        draw::Canvas canvas(kDiagramWidth, kDiagramHeight);
        auto font = canvas.load_font(font_path);
        if (!font.ok()) {
            return font.error();
        }
        entry.draw(canvas);
        return canvas.png();
    }
    return core::Error{"not_found", "no diagram named " + name, ""};
}

}  // namespace xiangke::content
