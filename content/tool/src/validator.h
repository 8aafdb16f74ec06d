#pragma once
// `xiangke-content validate`: every rule of docs/content-format.md checked over the whole source
// tree, every problem reported with its file and line.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "corpus.h"
#include "diagnostics.h"
#include "markdown_check.h"

namespace xiangke::content {

struct Validation {
    Corpus corpus;
    Diagnostics diagnostics;
    // article relative path -> the media names ("x.png") it shows
    std::map<std::string, std::vector<std::string>> media_used;

    bool ok() const { return diagnostics.errors.empty(); }
};

Validation validate_content(const std::filesystem::path& dir, const std::string& display_dir,
                            const std::string& font_path);

}  // namespace xiangke::content
