#pragma once
// Content packs (科普内容包): the signed manifest's data types, its canonical JSON form and the
// pure checks every reader of a pack runs — path safety, limits, rollback and expiry, and the plan
// of what to download. Kiosk, backend and the pack builder share these; the cryptography (Ed25519,
// SHA-256) lives in platform/signing.h. The format is described in docs/content-pack.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::core {

inline constexpr int64_t kPackFormat = 1;
inline constexpr uint64_t kMaxManifestBytes = 4ull * 1024 * 1024;
inline constexpr size_t kMaxPackFiles = 20000;
inline constexpr uint64_t kMaxPackFileBytes = 64ull * 1024 * 1024;
inline constexpr uint64_t kMaxPackTotalBytes = 1024ull * 1024 * 1024;
inline constexpr size_t kMaxPackPathBytes = 255;
inline constexpr int64_t kMaxPackVersion = (int64_t{1} << 53) - 1;  // exact in every JSON reader
inline constexpr int64_t kDefaultPackValidityMs = int64_t{365} * 24 * 3600 * 1000;

// One file of a pack, named by its path under files/.
struct PackFile {
    std::string path;
    uint64_t size = 0;
    std::string sha256;  // 64 lowercase hex digits

    bool operator==(const PackFile& other) const {
        return path == other.path && size == other.size && sha256 == other.sha256;
    }
};

// manifest.json: what a pack holds and how long it may be accepted. Times are UTC epoch ms.
struct PackManifest {
    int64_t format = kPackFormat;
    int64_t version = 0;
    int64_t created_ms = 0;
    int64_t expires_ms = 0;
    std::vector<PackFile> files;  // sorted by path, unique
};

// Why a path is not a safe pack path ("contains '..'"), or nullopt when it is safe: segments of
// [A-Za-z0-9._-] separated by single slashes, none empty, "." or "..", none starting with '.',
// at most kMaxPackPathBytes bytes.
std::optional<std::string> pack_path_problem(std::string_view path);
inline bool is_safe_pack_path(std::string_view path) {
    return !pack_path_problem(path).has_value();
}

bool is_sha256_hex(std::string_view text);

// Every structural rule of docs/content-pack.md: format, version range, created <= expires, file
// entries (safe unique sorted paths, sizes within limits, well-formed hashes). Errors name the
// field, e.g. "files[3].path".
Result<bool> validate_manifest(const PackManifest& manifest);

// The canonical bytes: sorted keys, no whitespace, no trailing newline. Files are written in the
// order given (validate_manifest requires them sorted).
std::string encode_manifest(const PackManifest& manifest);
// Parses manifest.json, accepting only canonical bytes of a valid manifest (no duplicate keys, no
// unknown fields, no second spelling of the same manifest).
Result<PackManifest> decode_manifest(std::string_view bytes);

// What a kiosk should do with a correctly signed manifest.
enum class PackUpdateDecision {
    Install,   // newer than the installed pack and not expired
    UpToDate,  // exactly the installed manifest
};

// The time a kiosk may rely on: its clock may have been reset (no real-time clock), so never
// earlier than the last time it trusted.
int64_t trusted_now_ms(int64_t clock_now_ms, int64_t last_trusted_ms);

// Rollback and expiry: refuses ("rollback") a version below the installed one, ("version_reused")
// the installed version with different contents, and ("expired") a manifest whose expiry is not
// after the later of the clock and the last trusted time. `installed` is null on a kiosk with no
// pack yet.
Result<PackUpdateDecision> check_manifest_update(const PackManifest& candidate, const PackManifest* installed,
                                                 int64_t clock_now_ms, int64_t last_trusted_ms);

// After installing `manifest`, the last trusted time moves forward to its creation time.
int64_t advance_trusted_time(int64_t last_trusted_ms, const PackManifest& manifest);

// How to go from the installed pack to the candidate.
struct PackUpdatePlan {
    std::vector<PackFile> fetch;        // one entry per sha256 not held locally, in path order
    std::vector<PackFile> reuse;        // candidate entries whose content the installed pack has
    std::vector<std::string> obsolete;  // installed paths the candidate no longer lists
    uint64_t fetch_bytes = 0;
};
PackUpdatePlan plan_pack_update(const PackManifest* installed, const PackManifest& candidate);

}  // namespace xiangke::core
