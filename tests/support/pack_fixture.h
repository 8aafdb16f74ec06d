#pragma once
// Writes small signed content packs for tests, including broken ones the real builder would
// never make (tampered files, traversal paths, wrong keys).
#include <filesystem>
#include <map>
#include <string>

#include "xiangke/core/content_pack.h"
#include "xiangke/platform/signing.h"

namespace xiangke::test {

struct PackSpec {
    int64_t version = 1;
    int64_t created_ms = 1'767'225'600'000;             // 2026-01-01
    int64_t expires_ms = 1'767'225'600'000 + 365LL * 86'400'000;
    std::map<std::string, std::string> files;            // path under files/ → content
};

// A pack with topics.json, index.json and one article per (id, title, body) — enough for the
// kiosk to install and show.
PackSpec sample_pack_spec(int64_t version, const std::string& article_title = "稻瘟病：认识和防治");

// Writes PACKDIR/manifest.json, manifest.sig (signed with `key`) and files/.
core::PackManifest write_pack(const std::filesystem::path& dir, const PackSpec& spec, const platform::SecretKey& key);

}  // namespace xiangke::test
