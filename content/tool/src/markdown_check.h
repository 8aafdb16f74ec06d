#pragma once
// The article body against the Markdown subset the kiosk renders (docs/content-format.md):
// ##/### headings, paragraphs, lists, **bold**, *emphasis* and images; no tables, HTML, code,
// quotes, rules or links. Parsed with md4c, as on the kiosk.
#include <string>
#include <vector>

#include "corpus.h"
#include "diagnostics.h"

namespace xiangke::content {

struct ImageRef {
    int line = 0;
    std::string src;  // as written, e.g. "../../media/rice-planthopper-position.png"
    std::string alt;
};

// Reports every construct outside the subset with its line; returns the images referenced.
std::vector<ImageRef> check_markdown(const ArticleSource& article, Diagnostics& diagnostics);

}  // namespace xiangke::content
