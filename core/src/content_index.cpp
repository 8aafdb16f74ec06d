#include "xiangke/core/content_index.h"

#include <set>

#include <nlohmann/json.hpp>

#include "xiangke/core/content_pack.h"

namespace xiangke::core {
namespace {

Error index_error(const std::string& field, const std::string& message) {
    return Error{"bad_index", message, field};
}

}  // namespace

std::string encode_pack_index(const PackIndex& index) {
    nlohmann::json articles = nlohmann::json::array();
    for (const auto& a : index.articles) {
        articles.push_back({{"audience", a.audience},
                            {"crops", a.crops},
                            {"id", a.id},
                            {"path", a.path},
                            {"review", a.review},
                            {"season", a.season},
                            {"sources", a.sources},
                            {"summary", a.summary},
                            {"tags", a.tags},
                            {"title", a.title},
                            {"topic", a.topic}});
    }
    nlohmann::json json{{"articles", std::move(articles)}, {"format", index.format}, {"version", index.version}};
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<PackIndex> decode_pack_index(std::string_view bytes) {
    auto json = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return index_error("", "index.json is not a JSON object");
    }
    PackIndex index;
    if (!json.contains("format") || !json["format"].is_number_integer() || json["format"].get<int64_t>() != 1) {
        return index_error("format", "index.json format must be 1");
    }
    if (!json.contains("version") || !json["version"].is_number_integer()) {
        return index_error("version", "index.json version must be an integer");
    }
    index.version = json["version"].get<int64_t>();
    if (!json.contains("articles") || !json["articles"].is_array()) {
        return index_error("articles", "index.json articles must be an array");
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < json["articles"].size(); ++i) {
        const auto& a = json["articles"][i];
        const std::string where = "articles[" + std::to_string(i) + "]";
        if (!a.is_object()) {
            return index_error(where, where + " must be an object");
        }
        PackArticle article;
        for (auto [name, target] : {std::pair<const char*, std::string*>{"id", &article.id},
                                    {"title", &article.title},
                                    {"topic", &article.topic},
                                    {"season", &article.season},
                                    {"audience", &article.audience},
                                    {"summary", &article.summary},
                                    {"review", &article.review},
                                    {"path", &article.path}}) {
            if (!a.contains(name) || !a[name].is_string()) {
                return index_error(where + "." + name, where + "." + name + " must be text");
            }
            *target = a[name].get<std::string>();
        }
        for (auto [name, target] : {std::pair<const char*, std::vector<std::string>*>{"tags", &article.tags},
                                    {"crops", &article.crops},
                                    {"sources", &article.sources}}) {
            if (!a.contains(name) || !a[name].is_array()) {
                return index_error(where + "." + name, where + "." + name + " must be a list of text");
            }
            for (const auto& item : a[name]) {
                if (!item.is_string()) {
                    return index_error(where + "." + name, where + "." + name + " must be a list of text");
                }
                target->push_back(item.get<std::string>());
            }
        }
        if (article.id.empty() || !ids.insert(article.id).second) {
            return index_error(where + ".id", "article id '" + article.id + "' is empty or repeated");
        }
        if (!is_safe_pack_path(article.path)) {
            return index_error(where + ".path", "unsafe path '" + article.path + "'");
        }
        if (article.review != kReviewReviewed && article.review != kReviewPending) {
            return index_error(where + ".review", "review must be reviewed or 待专家审核");
        }
        index.articles.push_back(std::move(article));
    }
    return index;
}

bool decode_utf8(std::string_view text, std::vector<char32_t>& out) {
    bool valid = true;
    size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<unsigned char>(text[i]);
        size_t length = 0;
        char32_t cp = 0;
        if (byte < 0x80) {
            length = 1;
            cp = byte;
        } else if ((byte & 0xe0) == 0xc0) {
            length = 2;
            cp = byte & 0x1f;
        } else if ((byte & 0xf0) == 0xe0) {
            length = 3;
            cp = byte & 0x0f;
        } else if ((byte & 0xf8) == 0xf0) {
            length = 4;
            cp = byte & 0x07;
        } else {
            valid = false;
            ++i;
            continue;
        }
        if (i + length > text.size()) {
            valid = false;
            break;
        }
        bool ok = true;
        for (size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) {
                ok = false;
                break;
            }
            cp = (cp << 6) | (next & 0x3f);
        }
        static const char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (!ok || cp < kMinimum[length] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            valid = false;
            ++i;
            continue;
        }
        out.push_back(cp);
        i += length;
    }
    return valid;
}

std::string encode_utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
    return out;
}

std::string glyph_list(const std::vector<std::string_view>& texts) {
    std::set<char32_t> seen;
    std::vector<char32_t> code_points;
    for (auto text : texts) {
        code_points.clear();
        decode_utf8(text, code_points);
        for (char32_t cp : code_points) {
            if (cp >= 0x20) {
                seen.insert(cp);
            }
        }
    }
    std::string out;
    for (char32_t cp : seen) {
        out += encode_utf8(cp);
    }
    return out;
}

}  // namespace xiangke::core
