#pragma once
// Reads an installed, verified content pack (docs/content-pack.md) into a ContentSnapshot:
// index.json for article metadata, topics.json, and each article's Markdown body.
#include <filesystem>

#include "services/content_service.h"
#include "xiangke/core/result.h"

namespace xiangke::kiosk {

// `files_root` is the pack's files/ directory. Errors name the file and field.
core::Result<ContentSnapshot> read_pack_content(const std::filesystem::path& files_root);

// Resolves an image link written in an article (relative to the article's own path, e.g.
// "../../media/house.png" from "articles/disaster/x.md") to a pack path ("media/house.png");
// empty when it would leave the pack or is not a plain relative path.
std::string resolve_pack_link(const std::string& article_path, const std::string& link);

}  // namespace xiangke::kiosk
