#pragma once
// Installing a content pack on the kiosk (docs/content-pack.md, "What a kiosk must check"):
// verify the signature with the pinned key and every file, refuse rollbacks (and expired
// manifests, except for the default pack shipped with the kiosk), copy into the data directory,
// verify the copy, then switch in one transaction. The previous pack stays on disk; a half-copied
// pack is never shown.
#include <filesystem>
#include <optional>

#include "services/content_service.h"
#include "xiangke/core/content_pack.h"
#include "xiangke/platform/signing.h"

namespace xiangke::kiosk {

enum class ExpiryCheck { Enforce, SkipForShippedPack };

struct PackInstallResult {
    int64_t version = 0;
    bool already_installed = false;
};

core::Result<PackInstallResult> install_pack(ContentService& content, const std::filesystem::path& pack_dir,
                                             const std::filesystem::path& data_dir, const platform::PublicKey& key,
                                             int64_t now_ms, ExpiryCheck expiry);

// The manifest of the active pack, if any.
std::optional<core::PackManifest> installed_manifest(ContentService& content);
int64_t last_trusted_time(ContentService& content);

// Where the kiosk finds the pack it ships with and the public key it pins, when not configured:
// <exe>/../share/xiangke/{default-pack,content-public.key} when installed, else the build tree's
// default-pack/ and content-public.key next to the kiosk's build folder.
std::filesystem::path shipped_pack_dir();
std::filesystem::path shipped_public_key_file();
// The configured key (hex or file) or else the shipped key file.
core::Result<platform::PublicKey> pinned_public_key(const std::string& configured);
// On a kiosk with no content yet, installs the shipped pack; a no-op otherwise.
core::Result<bool> install_shipped_pack_if_empty(ContentService& content, const std::filesystem::path& data_dir,
                                                 const std::string& configured_key, int64_t now_ms);

}  // namespace xiangke::kiosk
