#pragma once
// Reads an installed, verified content pack (docs/content-pack.md) into a ContentSnapshot:
// index.json for article metadata, topics.json, and each article's Markdown body.
#include <filesystem>

#include "services/content_service.h"
#include "xiangke/core/result.h"

namespace xiangke::kiosk {

// `files_root` is the pack's files/ directory. Errors name the file and field.
core::Result<ContentSnapshot> read_pack_content(const std::filesystem::path& files_root);

}  // namespace xiangke::kiosk
