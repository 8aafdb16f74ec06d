#include "services/pack_reader.h"

#include <nlohmann/json.hpp>

#include <vector>

#include "xiangke/core/content_index.h"
#include "xiangke/core/content_pack.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/platform/files.h"

namespace xiangke::kiosk {
namespace fs = std::filesystem;

namespace {

core::Result<nlohmann::json> read_json(const fs::path& path) {
    auto text = platform::read_file(path);
    if (!text.ok()) {
        return text.error();
    }
    auto parsed = core::parse_json_object(*text);
    if (!parsed.ok()) {
        return core::Error{"bad_pack", path.filename().string() + ": " + parsed.error().message, ""};
    }
    return parsed;
}

core::Error pack_error(const std::string& file, const core::Error& e) {
    return core::Error{"bad_pack", file + ": " + e.field + ": " + e.message, e.field};
}

}  // namespace

core::Result<ContentSnapshot> read_pack_content(const fs::path& files_root) {
    ContentSnapshot snapshot;
    auto topics = read_json(files_root / "topics.json");
    if (!topics.ok()) {
        return topics.error();
    }
    {
        core::JsonReader root(*topics, "");
        const auto* list = root.child("topics", nlohmann::json::value_t::array);
        if (!root.ok()) {
            return pack_error("topics.json", root.error());
        }
        for (size_t i = 0; i < list->size(); ++i) {
            core::JsonReader r((*list)[i], "topics[" + std::to_string(i) + "]");
            Topic topic{r.string("id", 64), r.string("name", 20), r.string("icon", 32)};
            if (!r.ok()) {
                return pack_error("topics.json", r.error());
            }
            snapshot.topics.push_back(std::move(topic));
        }
    }
    auto index_bytes = platform::read_file(files_root / "index.json");
    if (!index_bytes.ok()) {
        return index_bytes.error();
    }
    auto index = core::decode_pack_index(*index_bytes);
    if (!index.ok()) {
        return pack_error("index.json", index.error());
    }
    snapshot.version = index->version;
    for (const auto& entry : index->articles) {
        if (!core::is_safe_pack_path(entry.path) || entry.path.rfind("articles/", 0) != 0) {
            return core::Error{"bad_pack", "index.json: " + entry.id + ": unsafe path '" + entry.path + "'",
                               entry.path};
        }
        auto body = platform::read_file(files_root / entry.path);
        if (!body.ok()) {
            return core::Error{"bad_pack", "index.json: " + entry.id + ": " + body.error().message, entry.path};
        }
        Article a;
        a.id = entry.id;
        a.title = entry.title;
        a.topic = entry.topic;
        a.tags = entry.tags;
        a.crops = entry.crops;
        a.summary = entry.summary;
        a.pending_review = entry.review != core::kReviewReviewed;
        a.body_markdown = std::move(body).value();
        a.path = entry.path;
        snapshot.articles.push_back(std::move(a));
    }
    return snapshot;
}

}  // namespace xiangke::kiosk
