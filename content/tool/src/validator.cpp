#include "validator.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "diagrams.h"
#include "font_coverage.h"
#include "xiangke/core/content_index.h"
#include "xiangke/core/content_pack.h"
#include "xiangke/core/json_reader.h"

namespace xiangke::content {
namespace {

constexpr int64_t kMaxTitleChars = 30;
constexpr int64_t kMaxSummaryChars = 120;
constexpr int64_t kMaxShortTextChars = 40;  // season, audience
constexpr int64_t kMaxTagChars = 20;
constexpr size_t kMaxTags = 10;
constexpr const char* kMediaPrefix = "../../media/";

std::string code_point_label(char32_t cp) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
    return buffer;
}

bool is_valid_id(const std::string& id) {
    return id.size() >= 3 && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
           });
}

// Every character of `text` (a whole file) must be valid UTF-8 and drawable by the kiosk font.
void check_characters(const std::string& display, const std::string& text, FontCoverage* font,
                      const ArticleSource* article, Diagnostics& d) {
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        d.error(display, 1, "file", "starts with a byte-order mark (BOM): save as UTF-8 without BOM");
    }
    int line = 1;
    size_t start = 0;
    std::vector<char32_t> code_points;
    while (start <= text.size()) {
        size_t stop = text.find('\n', start);
        if (stop == std::string::npos) {
            stop = text.size();
        }
        std::string_view line_text(text.data() + start, stop - start);
        const std::string field = article != nullptr ? article->field_at(line) : "text";
        code_points.clear();
        if (!core::decode_utf8(line_text, code_points)) {
            d.error(display, line, field, "invalid UTF-8");
        }
        std::set<char32_t> reported;
        for (char32_t cp : code_points) {
            if (cp == 0xFEFF && line == 1) {
                continue;
            }
            if (cp < 0x20 && cp != '\t') {
                if (reported.insert(cp).second) {
                    d.error(display, line, field, "control character " + code_point_label(cp));
                }
                continue;
            }
            if (cp < 0x20 || font == nullptr || font->has_glyph(cp)) {
                continue;
            }
            if (reported.insert(cp).second) {
                d.error(display, line, field,
                        "character '" + core::encode_utf8(cp) + "' (" + code_point_label(cp) +
                            ") is not in the kiosk font (WenQuanYi Micro Hei); write it another way");
            }
        }
        if (stop == text.size()) {
            break;
        }
        start = stop + 1;
        ++line;
    }
}

void check_text_field(const ArticleSource& a, Diagnostics& d, const char* key, const std::string& value,
                      int64_t max_chars) {
    int line = a.field_lines.count(key) != 0 ? a.field_lines.at(key) : 1;
    int64_t length = core::utf8_length(value);
    if (value.empty()) {
        d.error(a.display, line, key, "must not be empty");
    } else if (length > max_chars) {
        d.error(a.display, line, key,
                std::to_string(length) + " characters, at most " + std::to_string(max_chars) + " allowed");
    }
}

void check_front_matter(const Corpus& corpus, const ArticleSource& a, Diagnostics& d) {
    auto line = [&](const char* key) { return a.field_lines.count(key) != 0 ? a.field_lines.at(key) : 1; };
    const auto& m = a.meta;
    if (a.field_lines.count("id") != 0) {
        if (!is_valid_id(m.id)) {
            d.error(a.display, line("id"), "id", "'" + m.id + "' must be 3 to 64 characters of a-z, 0-9 and -");
        } else if (m.id != a.stem) {
            d.error(a.display, line("id"), "id", "'" + m.id + "' differs from the file name '" + a.stem + ".md'");
        }
    }
    if (a.field_lines.count("title") != 0) {
        check_text_field(a, d, "title", m.title, kMaxTitleChars);
    }
    if (a.field_lines.count("topic") != 0) {
        bool known = std::any_of(corpus.topics.begin(), corpus.topics.end(),
                                 [&](const SourceTopic& t) { return t.id == m.topic; });
        if (!known) {
            d.error(a.display, line("topic"), "topic", "'" + m.topic + "' is not a topic id in topics.json");
        } else if (m.topic != a.folder) {
            d.error(a.display, line("topic"), "topic",
                    "'" + m.topic + "' differs from the folder 'articles/" + a.folder + "/'");
        }
    }
    if (a.field_lines.count("season") != 0) {
        check_text_field(a, d, "season", m.season, kMaxShortTextChars);
    }
    if (a.field_lines.count("audience") != 0) {
        check_text_field(a, d, "audience", m.audience, kMaxShortTextChars);
    }
    if (a.field_lines.count("summary") != 0) {
        check_text_field(a, d, "summary", m.summary, kMaxSummaryChars);
    }
    if (a.field_lines.count("review") != 0 && m.review != core::kReviewReviewed && m.review != core::kReviewPending) {
        d.error(a.display, line("review"), "review", "'" + m.review + "' must be \"reviewed\" or \"待专家审核\"");
    }
    if (a.field_lines.count("tags") != 0) {
        if (m.tags.empty() || m.tags.size() > kMaxTags) {
            d.error(a.display, line("tags"), "tags",
                    std::to_string(m.tags.size()) + " tags, 1 to " + std::to_string(kMaxTags) + " expected");
        }
        std::set<std::string> seen;
        for (const auto& tag : m.tags) {
            if (tag.empty() || tag.find_first_not_of(' ') == std::string::npos) {
                d.error(a.display, line("tags"), "tags", "empty tag");
            } else if (core::utf8_length(tag) > kMaxTagChars) {
                d.error(a.display, line("tags"), "tags",
                        "tag '" + tag + "' is longer than " + std::to_string(kMaxTagChars) + " characters");
            } else if (!seen.insert(tag).second) {
                d.error(a.display, line("tags"), "tags", "tag '" + tag + "' is listed twice");
            }
        }
    }
    if (a.field_lines.count("crops") != 0) {
        std::set<std::string> seen;
        for (const auto& crop : m.crops) {
            if (corpus.crop_names.count(crop) != 0) {
                if (!seen.insert(crop).second) {
                    d.error(a.display, line("crops"), "crops", "crop '" + crop + "' is listed twice");
                }
            } else if (auto alias = corpus.crop_aliases.find(crop); alias != corpus.crop_aliases.end()) {
                d.error(a.display, line("crops"), "crops",
                        "'" + crop + "' is an alias: write the vocabulary name '" + alias->second + "'");
            } else {
                d.error(a.display, line("crops"), "crops",
                        "'" + crop + "' is not in vocab/crops.json (add it there or use a listed name)");
            }
        }
    }
    if (a.field_lines.count("sources") != 0) {
        if (m.sources.empty()) {
            d.error(a.display, line("sources"), "sources", "at least one public source is required");
        }
        for (const auto& source : m.sources) {
            if (source.find_first_not_of(' ') == std::string::npos) {
                d.error(a.display, line("sources"), "sources", "empty source");
            }
        }
    }
}

// Images must point at media/ next to articles/ (as ../../media/<name>.png) and exist there or
// among the diagrams drawn at build time.
void check_images(const Corpus& corpus, const ArticleSource& a, const std::vector<ImageRef>& images,
                  std::vector<std::string>& used, Diagnostics& d) {
    for (const auto& image : images) {
        if (image.alt.find_first_not_of(' ') == std::string::npos) {
            d.error(a.display, image.line, "body",
                    "image '" + image.src + "' needs a description in ![...] (it is read aloud)");
        }
        if (image.src.find("://") != std::string::npos || image.src.compare(0, 5, "data:") == 0 ||
            image.src.compare(0, 2, "//") == 0) {
            d.error(a.display, image.line, "body", "external image '" + image.src + "': put the file in media/");
            continue;
        }
        if (image.src.compare(0, std::char_traits<char>::length(kMediaPrefix), kMediaPrefix) != 0) {
            d.error(a.display, image.line, "body",
                    "image '" + image.src + "' must be written as ../../media/<name>.png");
            continue;
        }
        std::string name = image.src.substr(std::char_traits<char>::length(kMediaPrefix));
        if (name.find('/') != std::string::npos || !core::is_safe_pack_path(name) || name.size() < 5 ||
            name.compare(name.size() - 4, 4, ".png") != 0) {
            d.error(a.display, image.line, "body", "image '" + image.src + "': media names are [a-z0-9-].png");
            continue;
        }
        if (corpus.media.count(name) == 0 && !is_diagram(name)) {
            d.error(a.display, image.line, "body",
                    "broken image: media/" + name + " does not exist (nor is it a diagram drawn at build time)");
            continue;
        }
        used.push_back(name);
    }
}

}  // namespace

Validation validate_content(const std::filesystem::path& dir, const std::string& display_dir,
                            const std::string& font_path) {
    Validation v;
    Diagnostics& d = v.diagnostics;
    v.corpus = load_corpus(dir, display_dir, d);
    const Corpus& corpus = v.corpus;

    auto font = FontCoverage::open(font_path);
    FontCoverage* coverage = nullptr;
    if (!font.ok()) {
        d.error(font_path, 0, "font", font.error().message);
    } else {
        coverage = font->get();
    }

    std::set<std::string> topic_ids;
    for (const auto& topic : corpus.topics) {
        if (!topic_ids.insert(topic.id).second) {
            d.error(corpus.display("topics.json"), topic.line, "topics", "topic id '" + topic.id + "' is listed twice");
        }
    }
    for (const auto& diagram : diagram_catalogue()) {
        if (corpus.media.count(diagram.name) != 0) {
            d.error(corpus.display("media/" + diagram.name), 0, "media",
                    "has the name of a diagram drawn at build time; rename it");
        }
    }

    std::map<std::string, const ArticleSource*> ids;
    std::set<std::string> topics_with_articles;
    for (const auto& a : corpus.articles) {
        if (topic_ids.count(a.folder) == 0) {
            d.error(a.display, 0, "file", "folder 'articles/" + a.folder + "/' is not a topic id in topics.json");
        }
        check_front_matter(corpus, a, d);
        if (a.field_lines.count("id") != 0 && !a.meta.id.empty()) {
            auto [it, inserted] = ids.emplace(a.meta.id, &a);
            if (!inserted) {
                d.error(a.display, a.field_lines.at("id"), "id",
                        "duplicate id '" + a.meta.id + "', also used by " + it->second->display + ":" +
                            std::to_string(it->second->field_lines.at("id")));
            }
        }
        if (a.body_line > 0) {
            if (a.body.find_first_not_of(" \t\n") == std::string::npos) {
                d.error(a.display, a.body_line, "body", "the article has no text after the front matter");
            }
            auto images = check_markdown(a, d);
            check_images(corpus, a, images, v.media_used[a.relative], d);
        }
        check_characters(a.display, a.text, coverage, &a, d);
        topics_with_articles.insert(a.folder);
    }

    check_characters(corpus.display("topics.json"), corpus.topics_json, coverage, nullptr, d);
    for (const auto& [relative, text] : corpus.vocab) {
        check_characters(corpus.display(relative), text, coverage, nullptr, d);
    }

    for (const auto& topic : corpus.topics) {
        if (topics_with_articles.count(topic.id) == 0) {
            d.warning(corpus.display("topics.json"), topic.line, "topics", "topic '" + topic.id + "' has no articles");
        }
    }
    std::set<std::string> used;
    for (const auto& [article, names] : v.media_used) {
        used.insert(names.begin(), names.end());
    }
    for (const auto& [name, path] : corpus.media) {
        if (used.count(name) == 0) {
            d.warning(corpus.display("media/" + name), 0, "media", "not shown by any article");
        }
    }
    return v;
}

}  // namespace xiangke::content
