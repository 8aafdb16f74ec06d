#pragma once
// Content packs (科普内容包) as the backend keeps them: the manifest and signature exactly as
// built and signed (the backend never rewrites them, so kiosks verify the builder's signature),
// and every file once, by SHA-256. Publishing checks every file against the manifest and refuses
// a version that is not newer than the current one; kiosks hear of it through a content.version
// change.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "store/database.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

inline constexpr uint64_t kMaxManifestBytes = 16 * 1024 * 1024;
inline constexpr uint64_t kMaxSignatureBytes = 4096;
inline constexpr uint64_t kMaxPackFileBytes = 256ull * 1024 * 1024;  // one SQLite blob stays well below 1 GB

struct PublishReport {
    int64_t version = 0;
    int64_t files = 0;
    int64_t bytes = 0;
    int64_t new_blobs = 0;
    int64_t kiosks_notified = 0;
};

// Errors name what is wrong: "bad_pack" (layout, manifest fields, a file's size or hash, an unsafe
// path) or "version_not_newer".
core::Result<PublishReport> publish_content_pack(Database& db, const std::filesystem::path& pack_dir, int64_t now_ms);

struct CurrentManifest {
    int64_t version = 0;
    std::string manifest;   // manifest.json bytes
    std::string signature;  // manifest.sig bytes
};
std::optional<CurrentManifest> current_manifest(Database& db);
std::optional<int64_t> current_content_version(Database& db);

struct BlobInfo {
    int64_t rowid = 0;
    int64_t size = 0;
};
std::optional<BlobInfo> find_blob(Database& db, const std::string& sha256);
// Reads [offset, offset + length) of a stored blob into `out` without loading the rest.
bool read_blob(Database& db, int64_t rowid, int64_t offset, int64_t length, std::string& out);

// Whether a manifest path is a plain relative path inside the pack ("a/b.png"): no "..", no
// absolute paths, no backslashes, no empty or dot components, no control characters.
bool is_safe_pack_path(const std::string& path);

}  // namespace xiangke::backend
