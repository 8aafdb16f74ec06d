#include "corpus.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>
#include <nlohmann/json.hpp>

#include "xiangke/core/content_pack.h"
#include "xiangke/platform/files.h"

namespace xiangke::content {
namespace fs = std::filesystem;
namespace {

const char* const kStringKeys[] = {"id", "title", "topic", "season", "audience", "summary", "review"};
const char* const kListKeys[] = {"tags", "crops", "sources"};


bool is_hidden(const fs::path& path) {
    auto name = path.filename().string();
    return !name.empty() && name.front() == '.';
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
    std::vector<fs::path> entries;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (!is_hidden(it->path())) {
            entries.push_back(it->path());
        }
    }
    std::sort(entries.begin(), entries.end());
    return entries;
}

// The line a JSON parse error points at (nlohmann reports a byte position).
int json_error_line(const std::string& text, const nlohmann::json::parse_error& e) {
    return line_of_offset(text, e.byte == 0 ? 0 : e.byte - 1);
}

// The first line where `needle` occurs in `text`, or 1.
int line_of_text(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    return at == std::string::npos ? 1 : line_of_offset(text, at);
}

void load_topics(Corpus& corpus, Diagnostics& d) {
    const std::string display = corpus.display("topics.json");
    if (!platform::read_file_to(corpus.root / "topics.json", corpus.topics_json)) {
        d.error(display, 0, "topics", "cannot read topics.json");
        return;
    }
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(corpus.topics_json);
    } catch (const nlohmann::json::parse_error& e) {
        d.error(display, json_error_line(corpus.topics_json, e), "topics", "invalid JSON");
        return;
    }
    if (!json.is_object() || !json.contains("topics") || !json["topics"].is_array()) {
        d.error(display, 1, "topics", "must be an object with a topics list");
        return;
    }
    for (const auto& topic : json["topics"]) {
        if (!topic.is_object() || !topic.contains("id") || !topic["id"].is_string() || !topic.contains("name") ||
            !topic["name"].is_string()) {
            d.error(display, 1, "topics", "every topic needs an id and a name (text)");
            continue;
        }
        SourceTopic t{topic["id"].get<std::string>(), topic["name"].get<std::string>(), 0};
        t.line = line_of_text(corpus.topics_json, "\"" + t.id + "\"");
        if (!core::is_safe_pack_path(t.id) || t.id.find('/') != std::string::npos) {
            d.error(display, t.line, "topics", "topic id '" + t.id + "' must be a plain name of [a-z0-9-]");
        }
        corpus.topics.push_back(std::move(t));
    }
}

void load_vocabularies(Corpus& corpus, Diagnostics& d) {
    for (const auto& path : sorted_entries(corpus.root / "vocab")) {
        const std::string relative = "vocab/" + path.filename().string();
        const std::string display = corpus.display(relative);
        if (!fs::is_regular_file(path) || path.extension() != ".json") {
            d.error(display, 0, "vocab", "only .json files belong in vocab/");
            continue;
        }
        if (!core::is_safe_pack_path(relative)) {
            d.error(display, 0, "vocab", "file name must use only [A-Za-z0-9._-]");
            continue;
        }
        std::string text;
        if (!platform::read_file_to(path, text)) {
            d.error(display, 0, "vocab", "cannot read the file");
            continue;
        }
        nlohmann::json json;
        try {
            json = nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
            d.error(display, json_error_line(text, e), "vocab", "invalid JSON");
            continue;
        }
        if (relative == "vocab/crops.json") {
            if (!json.is_object() || !json.contains("items") || !json["items"].is_array()) {
                d.error(display, 1, "items", "crops.json must have an items list");
            } else {
                for (const auto& item : json["items"]) {
                    if (!item.is_object() || !item.contains("name") || !item["name"].is_string()) {
                        d.error(display, 1, "items", "every item needs a name");
                        continue;
                    }
                    std::string name = item["name"].get<std::string>();
                    corpus.crop_names.insert(name);
                    if (item.contains("aliases") && item["aliases"].is_array()) {
                        for (const auto& alias : item["aliases"]) {
                            if (alias.is_string()) {
                                corpus.crop_aliases[alias.get<std::string>()] = name;
                            }
                        }
                    }
                }
            }
        }
        corpus.vocab[relative] = std::move(text);
    }
    if (corpus.vocab.count("vocab/crops.json") == 0) {
        d.error(corpus.display("vocab/crops.json"), 0, "vocab", "missing: crops must be checked against it");
    }
}

void load_media(Corpus& corpus, Diagnostics& d) {
    std::error_code ec;
    if (!fs::exists(corpus.root / "media", ec)) {
        return;
    }
    for (const auto& path : sorted_entries(corpus.root / "media")) {
        const std::string name = path.filename().string();
        const std::string display = corpus.display("media/" + name);
        if (!fs::is_regular_file(path)) {
            d.error(display, 0, "media", "only PNG files belong in media/ (no folders or links)");
            continue;
        }
        if (!core::is_safe_pack_path(name) || path.extension() != ".png") {
            d.error(display, 0, "media", "media files are PNG named with [a-z0-9-] and ending in .png");
            continue;
        }
        std::string bytes;
        if (!platform::read_file_to(path, bytes) || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
            d.error(display, 0, "media", "not a PNG file");
            continue;
        }
        corpus.media[name] = path;
    }
}

void parse_front_matter(ArticleSource& a, Diagnostics& d) {
    if (auto cr = a.text.find('\r'); cr != std::string::npos) {
        d.error(a.display, line_of_offset(a.text, cr), "file", "Windows line ending (CR): save with Unix newlines");
        return;
    }
    if (a.text.compare(0, 4, "+++\n") != 0) {
        d.error(a.display, 1, "front matter", "the file must start with a line holding only +++");
        return;
    }
    size_t close = a.text.find("\n+++\n", 3);
    if (close == std::string::npos) {
        if (a.text.size() >= 4 && a.text.compare(a.text.size() - 4, 4, "\n+++") == 0) {
            close = a.text.size() - 4;
        } else {
            d.error(a.display, 1, "front matter", "no closing +++ line");
            return;
        }
    }
    const std::string front = a.text.substr(4, close + 1 - 4);
    const int close_line = line_of_offset(a.text, close + 1);
    a.body_line = close_line + 1;
    a.body = close + 5 <= a.text.size() ? a.text.substr(close + 5) : std::string();

    toml::table table;
    try {
        table = toml::parse(front, a.display);
    } catch (const toml::parse_error& e) {
        d.error(a.display, static_cast<int>(e.source().begin.line) + 1, "front matter",
                "TOML syntax: " + std::string(e.description()));
        return;
    }
    bool ok = true;
    for (auto&& [key, node] : table) {
        const std::string name(key.str());
        const int first = static_cast<int>(key.source().begin.line) + 1;
        const int last = std::max(first, static_cast<int>(node.source().end.line) + 1);
        a.field_lines[name] = first;
        a.field_spans.emplace_back(first, last);
        a.span_keys.push_back(name);
        bool known =
            std::any_of(std::begin(kStringKeys), std::end(kStringKeys), [&](const char* k) { return name == k; }) ||
            std::any_of(std::begin(kListKeys), std::end(kListKeys), [&](const char* k) { return name == k; });
        if (!known) {
            d.error(a.display, first, name,
                    "unknown key (known: id, title, topic, tags, crops, season, audience, "
                    "summary, sources, review)");
        }
    }
    std::map<std::string, std::string*> strings = {
        {"id", &a.meta.id},         {"title", &a.meta.title},       {"topic", &a.meta.topic},
        {"season", &a.meta.season}, {"audience", &a.meta.audience}, {"summary", &a.meta.summary},
        {"review", &a.meta.review}};
    for (const char* key : kStringKeys) {
        auto* node = table.get(key);
        if (node == nullptr) {
            d.error(a.display, 1, key, "missing (required)");
            ok = false;
        } else if (!node->is_string()) {
            d.error(a.display, a.field_lines[key], key, "must be text in double quotes");
            ok = false;
        } else {
            *strings[key] = node->as_string()->get();
        }
    }
    std::map<std::string, std::vector<std::string>*> lists = {
        {"tags", &a.meta.tags}, {"crops", &a.meta.crops}, {"sources", &a.meta.sources}};
    for (const char* key : kListKeys) {
        auto* node = table.get(key);
        if (node == nullptr) {
            d.error(a.display, 1, key, "missing (required; write [] when empty)");
            ok = false;
            continue;
        }
        const auto* array = node->as_array();
        bool all_text = array != nullptr && std::all_of(array->begin(), array->end(),
                                                        [](const toml::node& item) { return item.is_string(); });
        if (!all_text) {
            d.error(a.display, a.field_lines[key], key, "must be a list of text, e.g. [\"水稻\"]");
            ok = false;
            continue;
        }
        for (const auto& item : *array) {
            lists[key]->push_back(item.as_string()->get());
        }
    }
    a.meta.path = a.relative;
    a.front_matter_ok = ok;
}

}  // namespace

std::string ArticleSource::field_at(int line) const {
    for (size_t i = 0; i < field_spans.size(); ++i) {
        if (line >= field_spans[i].first && line <= field_spans[i].second) {
            return span_keys[i];
        }
    }
    return line < body_line ? "front matter" : "body";
}

std::string Corpus::display(const std::string& relative) const {
    if (display_root.empty()) {
        return relative;
    }
    return display_root.back() == '/' ? display_root + relative : display_root + "/" + relative;
}

int line_of_offset(const std::string& text, size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

Corpus load_corpus(const fs::path& root, const std::string& display_root, Diagnostics& d) {
    Corpus corpus;
    corpus.root = root;
    corpus.display_root = display_root;
    load_topics(corpus, d);
    load_vocabularies(corpus, d);
    load_media(corpus, d);

    const fs::path articles_dir = root / "articles";
    std::error_code ec;
    if (!fs::is_directory(articles_dir, ec)) {
        d.error(corpus.display("articles"), 0, "articles", "missing articles/ directory");
        return corpus;
    }
    for (const auto& folder : sorted_entries(articles_dir)) {
        const std::string folder_name = folder.filename().string();
        if (!fs::is_directory(folder)) {
            d.error(corpus.display("articles/" + folder_name), 0, "file",
                    "articles live in articles/<topic>/<id>.md, not directly in articles/");
            continue;
        }
        for (const auto& file : sorted_entries(folder)) {
            ArticleSource a;
            a.folder = folder_name;
            a.relative = "articles/" + folder_name + "/" + file.filename().string();
            a.display = corpus.display(a.relative);
            a.stem = file.stem().string();
            if (!fs::is_regular_file(file) || fs::is_symlink(file) || file.extension() != ".md") {
                d.error(a.display, 0, "file", "only <id>.md article files belong in a topic folder");
                continue;
            }
            if (!platform::read_file_to(file, a.text)) {
                d.error(a.display, 0, "file", "cannot read the file");
                continue;
            }
            parse_front_matter(a, d);
            corpus.articles.push_back(std::move(a));
        }
    }
    return corpus;
}

}  // namespace xiangke::content
