#pragma once
// `xiangke-content build`: a validated source tree becomes a signed, reproducible content pack
// (docs/content-pack.md).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "validator.h"
#include "xiangke/core/content_pack.h"
#include "xiangke/core/result.h"
#include "xiangke/platform/signing.h"

namespace xiangke::content {

struct PackTimes {
    int64_t created_ms = 0;
    int64_t expires_ms = 0;
};

// created = SOURCE_DATE_EPOCH (seconds) when given, else the clock in whole seconds; expires =
// created + valid_days. Errors when SOURCE_DATE_EPOCH is not a plain non-negative integer.
core::Result<PackTimes> pack_times(const char* source_date_epoch, int64_t clock_now_ms, int64_t valid_days);

// Every file of the pack, path under files/ -> bytes, from a validation without errors.
core::Result<std::map<std::string, std::string>> assemble_pack_files(const Validation& validation, int64_t version,
                                                                     const std::string& font_path);

core::PackManifest make_manifest(const std::map<std::string, std::string>& files, int64_t version,
                                 const PackTimes& times);

// Writes PACKDIR (manifest.json, manifest.sig, files/). An existing `out` must be empty or a
// previous pack, which is replaced.
core::Result<bool> write_pack(const std::filesystem::path& out, const std::map<std::string, std::string>& files,
                              const core::PackManifest& manifest, const platform::SecretKey& key);

}  // namespace xiangke::content
