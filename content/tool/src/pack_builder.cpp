#include "pack_builder.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "diagrams.h"
#include "xiangke/core/content_index.h"
#include "xiangke/platform/files.h"

namespace xiangke::content {
namespace fs = std::filesystem;
namespace {

constexpr int64_t kMsPerDay = int64_t{24} * 3600 * 1000;

core::Error io_error(const std::string& message) {
    return core::Error{"io_error", message, ""};
}


bool write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    return static_cast<bool>(out);
}

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

core::Result<PackTimes> pack_times(const char* source_date_epoch, int64_t clock_now_ms, int64_t valid_days) {
    if (valid_days < 1 || valid_days > 3650) {
        return core::Error{"bad_usage", "--valid-days must be between 1 and 3650", "valid-days"};
    }
    PackTimes times;
    if (source_date_epoch != nullptr && *source_date_epoch != '\0') {
        std::string text(source_date_epoch);
        if (text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) {
            return core::Error{"bad_usage", "SOURCE_DATE_EPOCH must be whole seconds since 1970", "SOURCE_DATE_EPOCH"};
        }
        times.created_ms = std::stoll(text) * 1000;
    } else {
        times.created_ms = clock_now_ms / 1000 * 1000;
    }
    times.expires_ms = times.created_ms + valid_days * kMsPerDay;
    return times;
}

core::Result<std::map<std::string, std::string>> assemble_pack_files(const Validation& validation, int64_t version,
                                                                     const std::string& font_path) {
    const Corpus& corpus = validation.corpus;
    std::map<std::string, std::string> files;
    files["topics.json"] = corpus.topics_json;
    for (const auto& [relative, bytes] : corpus.vocab) {
        files[relative] = bytes;
    }
    for (const auto& [name, path] : corpus.media) {
        std::string bytes;
        if (!platform::read_file_to(path, bytes)) {
            return io_error("cannot read " + path.string());
        }
        files["media/" + name] = std::move(bytes);
    }
    for (const auto& diagram : diagram_catalogue()) {
        auto png = render_diagram(diagram.name, font_path);
        if (!png.ok()) {
            return png.error();
        }
        files["media/" + diagram.name] = std::move(*png);
    }

    // Articles in topic order (as the kiosk lists topics), then by id.
    std::map<std::string, size_t> topic_rank;
    for (size_t i = 0; i < corpus.topics.size(); ++i) {
        topic_rank.emplace(corpus.topics[i].id, i);
    }
    std::vector<const ArticleSource*> articles;
    for (const auto& a : corpus.articles) {
        articles.push_back(&a);
    }
    std::sort(articles.begin(), articles.end(), [&](const ArticleSource* x, const ArticleSource* y) {
        return std::make_pair(topic_rank[x->meta.topic], x->meta.id) <
               std::make_pair(topic_rank[y->meta.topic], y->meta.id);
    });
    core::PackIndex index;
    index.version = version;
    for (const ArticleSource* a : articles) {
        // The body alone: the front matter's fields are in index.json; leading blank lines go.
        files[a->relative] = a->body.substr(std::min(a->body.find_first_not_of('\n'), a->body.size()));
        index.articles.push_back(a->meta);
    }
    files["index.json"] = core::encode_pack_index(index);

    std::vector<std::string_view> texts;
    for (const auto& [path, bytes] : files) {
        if (ends_with(path, ".md") || ends_with(path, ".json")) {
            texts.emplace_back(bytes);
        }
    }
    std::string glyphs = core::glyph_list(texts);
    files["glyphs.txt"] = std::move(glyphs);
    return files;
}

core::PackManifest make_manifest(const std::map<std::string, std::string>& files, int64_t version,
                                 const PackTimes& times) {
    core::PackManifest manifest;
    manifest.version = version;
    manifest.created_ms = times.created_ms;
    manifest.expires_ms = times.expires_ms;
    for (const auto& [path, bytes] : files) {  // std::map: already sorted by path bytes
        manifest.files.push_back({path, bytes.size(), platform::sha256_hex(bytes)});
    }
    return manifest;
}

core::Result<bool> write_pack(const fs::path& out, const std::map<std::string, std::string>& files,
                              const core::PackManifest& manifest, const platform::SecretKey& key) {
    auto valid = core::validate_manifest(manifest);
    if (!valid.ok()) {
        return core::Error{"bad_pack",
                           "the pack would be invalid: " + valid.error().field + ": " + valid.error().message, ""};
    }
    std::error_code ec;
    if (fs::exists(out, ec)) {
        if (!fs::is_directory(out, ec)) {
            return io_error(out.string() + " exists and is not a directory");
        }
        bool previous_pack = fs::exists(out / "manifest.json", ec);
        for (const auto& entry : fs::directory_iterator(out, ec)) {
            std::string name = entry.path().filename().string();
            if (!previous_pack || (name != "files" && name != "manifest.json" && name != "manifest.sig")) {
                return io_error(out.string() + " is not empty and not a previous pack; choose another --out");
            }
        }
        fs::remove_all(out / "files", ec);
        fs::remove(out / "manifest.json", ec);
        fs::remove(out / "manifest.sig", ec);
    }
    fs::create_directories(out / "files", ec);
    if (ec) {
        return io_error("cannot create " + (out / "files").string() + ": " + ec.message());
    }
    for (const auto& [path, bytes] : files) {
        fs::path target = out / "files" / path;
        fs::create_directories(target.parent_path(), ec);
        if (ec || !write_bytes(target, bytes)) {
            return io_error("cannot write " + target.string() + ": " + std::strerror(errno));
        }
    }
    const std::string manifest_bytes = core::encode_manifest(manifest);
    if (!write_bytes(out / "manifest.json", manifest_bytes) ||
        !write_bytes(out / "manifest.sig", key.sign_hex(manifest_bytes) + "\n")) {
        return io_error("cannot write the manifest into " + out.string());
    }
    return true;
}

}  // namespace xiangke::content
