#pragma once
// The two derived files of a content pack the kiosk reads first: index.json (every article's
// metadata, so the kiosk indexes without parsing Markdown) and glyphs.txt (every character the
// pack's text uses, for a small font atlas). Format in docs/content-pack.md.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::core {

inline constexpr const char* kReviewReviewed = "reviewed";
inline constexpr const char* kReviewPending = "待专家审核";

// One 科普 article (科普文章) as listed in index.json.
struct PackArticle {
    std::string id;
    std::string title;
    std::string topic;
    std::vector<std::string> tags;
    std::vector<std::string> crops;
    std::string season;
    std::string audience;
    std::string summary;
    std::vector<std::string> sources;
    std::string review;  // kReviewReviewed or kReviewPending
    std::string path;    // the Markdown body inside the pack, "articles/<topic>/<id>.md"
};

struct PackIndex {
    int64_t format = 1;
    int64_t version = 0;
    std::vector<PackArticle> articles;
};

// Canonical JSON (sorted keys, no whitespace), as the manifest.
std::string encode_pack_index(const PackIndex& index);
Result<PackIndex> decode_pack_index(std::string_view bytes);

// Appends each code point of `text` to `out`; false when `text` is not valid UTF-8.
bool decode_utf8(std::string_view text, std::vector<char32_t>& out);
std::string encode_utf8(char32_t code_point);

// glyphs.txt: the distinct code points of all texts (those below U+0020 left out), sorted, as
// UTF-8 with no separator. Invalid UTF-8 sequences are skipped.
std::string glyph_list(const std::vector<std::string_view>& texts);

}  // namespace xiangke::core
