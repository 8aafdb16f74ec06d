#pragma once
// USB bundles for villages without a network (docs/api.md, "USB bundles"): a kiosk's outbox
// carried to the backend, and the kiosk's changes, op results and the current content pack carried
// back. Both directions are JSON files authenticated with HMAC-SHA256 under a key only the kiosk
// and the backend hold (the SHA-256 of the kiosk's token), so a forged or altered bundle is
// refused; importing is idempotent exactly like pushing.
#include <cstdint>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

inline constexpr int kBundleFormat = 1;
inline constexpr size_t kMaxBundleBytes = 256ull * 1024 * 1024;
// How far back the op results in an outgoing bundle reach.
inline constexpr int64_t kBundleResultsDays = 90;

// The MAC of a bundle: HMAC-SHA256 over the compact JSON of the bundle object without its "mac"
// member (nlohmann::json::dump(): sorted keys, no whitespace), keyed with the 32 bytes of
// SHA-256(kiosk token). `token_hash_hex` is what the backend stores (kiosks.token_hash).
std::string bundle_mac(const std::string& token_hash_hex, const nlohmann::json& bundle_without_mac);

struct BundleImportReport {
    std::string kiosk_id;
    int64_t applied = 0;
    int64_t duplicate = 0;
    int64_t rejected = 0;
};

// A kiosk's outbox: {"format":1,"kind":"xiangke-kiosk-bundle","kiosk_id","created_at",
// "protocol_version":1,"ops":[…],"mac"}. Errors: "bad_bundle", "unknown_kiosk", "bad_mac",
// "version_mismatch". Ops are applied like a push, 200 to a transaction.
core::Result<BundleImportReport> import_kiosk_bundle(Store& store, const std::string& bundle_text, int64_t now_ms);

struct BundleExportReport {
    int64_t changes = 0;
    int64_t results = 0;
    int64_t content_version = 0;  // 0: no pack published
    int64_t blobs = 0;
};

// What a kiosk without a network needs: {"format":1,"kind":"xiangke-backend-bundle","kiosk_id",
// "created_at","changes":[…],"next_cursor","results":[…],"content":null|{…},"mac"}.
core::Result<std::pair<std::string, BundleExportReport>> export_kiosk_bundle(Database& db, const std::string& kiosk_id,
                                                                             int64_t now_ms);

}  // namespace xiangke::backend
