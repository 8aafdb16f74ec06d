#pragma once
// A content pack on disk (PACKDIR/manifest.json, manifest.sig, files/<path>): reading and
// verifying it whole. The kiosk runs this on a staged pack before switching to it, the builder's
// `verify` command on what it made.
#include <filesystem>
#include <string>

#include "xiangke/core/content_pack.h"
#include "xiangke/core/result.h"
#include "xiangke/platform/signing.h"

namespace xiangke::platform {

struct VerifiedPack {
    core::PackManifest manifest;
    std::string manifest_bytes;
    std::string signature_text;
};

// Reads manifest.json (at most core::kMaxManifestBytes) and manifest.sig, checks the signature
// with `key`, decodes and validates the manifest, then checks that every listed file is a regular
// file (not a symlink) of the listed size and sha256 and that files/ holds nothing unlisted.
// The error's message is one line naming the file at fault.
core::Result<VerifiedPack> verify_pack_directory(const std::filesystem::path& pack_dir, const PublicKey& key);

}  // namespace xiangke::platform
