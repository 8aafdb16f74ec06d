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
#include "xiangke/platform/signing.h"

namespace xiangke::backend {

inline constexpr uint64_t kMaxSignatureBytes = 4096;

struct PublishReport {
    int64_t version = 0;
    int64_t files = 0;
    int64_t bytes = 0;
    int64_t new_blobs = 0;
    int64_t kiosks_notified = 0;
};

// Checks what `xiangke-content verify` checks (docs/content-pack.md) through the shared core and
// platform code: the manifest decoded and validated (canonical bytes, format, path safety, limits),
// every file present, a regular file, of its size and sha256. The signature is checked too when
// the operator gives the public key. Errors name what is wrong: "bad_pack", "bad_manifest",
// "bad_signature" or "version_not_newer".
core::Result<PublishReport> publish_content_pack(Database& db, const std::filesystem::path& pack_dir,
                                                 const std::optional<platform::PublicKey>& key, int64_t now_ms);

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

}  // namespace xiangke::backend
