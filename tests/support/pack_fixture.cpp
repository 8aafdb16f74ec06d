#include "support/pack_fixture.h"

#include <fstream>

#include "xiangke/core/content_index.h"

namespace xiangke::test {
namespace fs = std::filesystem;

PackSpec sample_pack_spec(int64_t version, const std::string& article_title) {
    PackSpec spec;
    spec.version = version;
    spec.files["topics.json"] =
        R"({"format":1,"topics":[{"id":"rice","name":"水稻病虫害","icon":"rice"},{"id":"disaster","name":"防灾减灾","icon":"house"}]})";
    core::PackIndex index;
    index.version = version;
    core::PackArticle blast;
    blast.id = "rice-blast";
    blast.title = article_title;
    blast.topic = "rice";
    blast.tags = {"病虫害", "水稻", "稻瘟病"};
    blast.crops = {"水稻"};
    blast.season = "6月至9月";
    blast.audience = "种粮户";
    blast.summary = "稻瘟病是水稻最重要的病害之一，要早发现、早防治。";
    blast.sources = {"全国农业技术推广服务中心"};
    blast.review = core::kReviewReviewed;
    blast.path = "articles/rice/rice-blast.md";
    core::PackArticle borer = blast;
    borer.id = "rice-stem-borer";
    borer.title = "二化螟的防治";
    borer.summary = "二化螟造成枯心和白穗。";
    borer.tags = {"二化螟", "螟虫"};
    borer.review = core::kReviewPending;
    borer.path = "articles/rice/rice-stem-borer.md";
    core::PackArticle quake = blast;
    quake.id = "earthquake-safety";
    quake.title = "地震时怎么避险";
    quake.topic = "disaster";
    quake.summary = "伏地、遮挡、手抓牢。";
    quake.tags = {"地震"};
    quake.crops = {};
    quake.path = "articles/disaster/earthquake-safety.md";
    index.articles = {quake, blast, borer};
    spec.files["index.json"] = core::encode_pack_index(index);
    spec.files[blast.path] =
        "**要点：** 稻瘟病要早发现、早防治。\n\n## 怎么认\n\n叶片上出现梭子形病斑，中间灰白色。\n\n## 怎么防\n\n"
        "1. 选用抗病品种。\n2. 破口期前后及时防治。\n\n![稻株示意](../../media/rice.png)\n";
    spec.files[borer.path] = "**要点：** 二化螟的幼虫钻进稻茎。\n\n## 怎么防\n\n- 冬春灌水灭蛹。\n- 防治要看虫情。\n";
    spec.files[quake.path] = "**要点：** 伏地、遮挡、手抓牢。\n\n## 怎么做\n\n躲到结实的桌子下面。\n";
    return spec;
}

core::PackManifest write_pack(const fs::path& dir, const PackSpec& spec, const platform::SecretKey& key) {
    fs::create_directories(dir / "files");
    core::PackManifest manifest;
    manifest.version = spec.version;
    manifest.created_ms = spec.created_ms;
    manifest.expires_ms = spec.expires_ms;
    for (const auto& [path, content] : spec.files) {  // std::map: sorted by path
        fs::path target = dir / "files" / path;
        fs::create_directories(target.parent_path());
        std::ofstream(target, std::ios::binary) << content;
        manifest.files.push_back({path, content.size(), platform::sha256_hex(content)});
    }
    std::string bytes = core::encode_manifest(manifest);
    std::ofstream(dir / "manifest.json", std::ios::binary) << bytes;
    std::ofstream(dir / "manifest.sig", std::ios::binary) << key.sign_hex(bytes) << "\n";
    return manifest;
}

}  // namespace xiangke::test
