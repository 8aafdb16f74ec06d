#include "fixture.h"

#include <fstream>
#include <sstream>

namespace xiangke::test {
namespace fs = std::filesystem;

namespace {

// The smallest valid PNG: one white pixel.
const unsigned char kPixelPng[] = {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
                                   0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
                                   0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08,
                                   0xd7, 0x63, 0xf8, 0xff, 0xff, 0x3f, 0x00, 0x05, 0xfe, 0x02, 0xfe, 0xdc, 0xcc, 0x59,
                                   0xe7, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

}  // namespace

std::string content_tool() {
    return XIANGKE_CONTENT_TOOL;
}

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

ContentFixture::ContentFixture() {
    write(
        "topics.json",
        "{\n  \"format\": 1,\n  \"topics\": [\n    {\"id\": \"rice\", \"name\": \"水稻病虫害\", \"icon\": \"rice\"},\n"
        "    {\"id\": \"disaster\", \"name\": \"防灾减灾\", \"icon\": \"house\"}\n  ]\n}\n");
    write("vocab/crops.json",
          "{\n  \"format\": 1,\n  \"items\": [\n    {\"name\": \"水稻\", \"pinyin\": \"shuidao\", \"kind\": \"crop\", "
          "\"aliases\": [\"晚稻\"]},\n    {\"name\": \"茶树\", \"pinyin\": \"chashu\", \"kind\": \"crop\", "
          "\"aliases\": []}\n"
          "  ]\n}\n");
    write("vocab/categories.json", "{\"format\": 1, \"items\": [{\"code\": \"planting\", \"name\": \"种植\"}]}\n");
    write("media/field-photo.png", std::string(reinterpret_cast<const char*>(kPixelPng), sizeof kPixelPng));
    write("articles/rice/rice-blast.md", article("rice-blast", "rice",
                                                 "**要点：** 稻瘟病要早防。\n\n## 怎么认\n\n- 叶上有梭形病斑。\n\n"
                                                 "![田间照片](../../media/field-photo.png)\n"));
    write("articles/disaster/earthquake-safety.md",
          article("earthquake-safety", "disaster",
                  "**要点：** 伏地、遮挡、手抓牢。\n\n## 怎么做\n\n1. 马上蹲下。\n2. 躲到桌子下。\n\n"
                  "![伏地遮挡手抓牢](../../media/quake-drop-cover-hold.png)\n"));
}

void ContentFixture::write(const std::string& relative, const std::string& text) const {
    fs::path path = m_dir.path() / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

void ContentFixture::remove(const std::string& relative) const {
    fs::remove_all(m_dir.path() / relative);
}

std::string ContentFixture::article(const std::string& id, const std::string& topic, const std::string& body,
                                    const std::string& extra_front) {
    std::string crops = topic == "rice" ? "[\"水稻\"]" : "[]";
    return "+++\n"
           "id = \"" +
           id +
           "\"\n"
           "title = \"测试文章\"\n"
           "topic = \"" +
           topic +
           "\"\n"
           "tags = [\"测试\", \"水稻\"]\n"
           "crops = " +
           crops +
           "\n"
           "season = \"全年\"\n"
           "audience = \"村民\"\n"
           "summary = \"一句话摘要。\"\n"
           "sources = [\"农业农村部公告第199号\"]\n"
           "review = \"reviewed\"\n" +
           extra_front + "+++\n\n" + (body.empty() ? "**要点：** 正文。\n" : body);
}

}  // namespace xiangke::test
