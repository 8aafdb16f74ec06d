#pragma once
// USB bundles for villages without a network (docs/api.md, "USB bundles"): the kiosk writes its
// outbox to a drive for `xiangke-backend bundle import`, and reads what `xiangke-backend bundle
// export` wrote — op results, the change feed and the content pack. Both directions carry an
// HMAC-SHA256 keyed with SHA-256 of the kiosk's token, so a forged or altered bundle is refused
// whole. Importing is idempotent like the network path (same store calls, same cursor rule).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "services/content_service.h"
#include "services/kiosk_config.h"
#include "store/outbox_store.h"
#include "xiangke/platform/signing.h"

namespace xiangke::kiosk {

// The bundle's MAC: lowercase hex HMAC-SHA256 of `signed_part.dump()` keyed with the 32 bytes of
// SHA-256(token).
std::string bundle_mac(const std::string& token, const nlohmann::json& signed_part);

struct BundleExport {
    std::filesystem::path file;
    size_t ops = 0;
};
// Writes every op waiting in the outbox into DIR/xiangke-kiosk-<kiosk id>-<time>.json (atomically).
// The ops stay in the outbox until an answer comes back (a backend bundle or a push).
core::Result<BundleExport> export_outbox_bundle(OutboxStore& store, const KioskIdentity& identity,
                                                const std::filesystem::path& dir, int64_t now_ms);

struct BundleImport {
    int acknowledged = 0;
    int rejected = 0;
    int status_changes = 0;
    int notices = 0;
    std::optional<int64_t> content_installed;  // a newer content version was installed
};
// Checks the bundle (kind, format, this kiosk, MAC) and reads all of it before anything is applied,
// then installs the content pack if newer (verified with the pinned key like a download; without a
// pinned key, a bundle carrying newer content is refused), then applies the op results and the
// changes after the stored cursor. Any failure before that last step leaves the kiosk unchanged.
core::Result<BundleImport> import_backend_bundle(OutboxStore& store, ContentService& content,
                                                 const KioskIdentity& identity, const std::string& bundle_text,
                                                 const std::filesystem::path& data_dir,
                                                 const std::optional<platform::PublicKey>& key, int64_t now_ms);

}  // namespace xiangke::kiosk
