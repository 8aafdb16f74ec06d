#pragma once
// The content source tree (docs/content-format.md) read into memory: topics, vocabularies, media
// and every article split into front matter and body. Loading never stops at the first problem:
// what cannot be read is reported and left out, so `validate` lists every error at once.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "xiangke/core/content_index.h"

namespace xiangke::content {

struct SourceTopic {
    std::string id;
    std::string name;
    int line = 0;  // in topics.json
};

struct ArticleSource {
    std::string relative;                          // "articles/rice/rice-blast.md"
    std::string display;                           // what diagnostics print: the content dir joined with `relative`
    std::string folder;                            // "rice"
    std::string stem;                              // "rice-blast"
    std::string text;                              // the whole file
    bool front_matter_ok = false;                  // parsed, every field of the right type
    core::PackArticle meta;                        // as far as it could be read
    std::map<std::string, int> field_lines;        // front matter key -> first line
    std::vector<std::pair<int, int>> field_spans;  // [first, last] line of each key, same order as keys
    std::vector<std::string> span_keys;
    int body_line = 0;                     // line of the body's first line
    std::string body;                      // everything after the closing +++ line
    std::string field_at(int line) const;  // the front matter key written on `line`, or "body"
};

struct Corpus {
    std::filesystem::path root;
    std::string display_root;                  // the directory as given on the command line
    std::vector<SourceTopic> topics;           // in topics.json order
    std::string topics_json;                   // bytes, copied into the pack
    std::map<std::string, std::string> vocab;  // "vocab/crops.json" -> bytes
    std::set<std::string> crop_names;
    std::map<std::string, std::string> crop_aliases;     // alias -> name
    std::map<std::string, std::filesystem::path> media;  // "name.png" -> file under media/
    std::vector<ArticleSource> articles;                 // sorted by relative path

    std::string display(const std::string& relative) const;
};

Corpus load_corpus(const std::filesystem::path& root, const std::string& display_root, Diagnostics& diagnostics);

// The 1-based line of byte `offset` in `text`.
int line_of_offset(const std::string& text, size_t offset);

}  // namespace xiangke::content
