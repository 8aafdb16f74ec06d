#include "store/bundles.h"

#include <sodium.h>

#include "crypto.h"
#include "store/audit.h"
#include "store/change_feed.h"
#include "store/content.h"
#include "store/kiosks.h"
#include "store/sync_ops.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/time.h"
#include "xiangke/platform/signing.h"

namespace xiangke::backend {
namespace {

namespace protocol = core::protocol;

struct KioskKey {
    std::string kiosk_id;
    std::string village_code;
    std::string token_hash;
    bool revoked = false;
};

std::optional<KioskKey> find_kiosk_key(Database& db, const std::string& kiosk_id) {
    auto query = db.prepare("SELECT id, village_code, token_hash, revoked_at IS NOT NULL FROM kiosks WHERE id = ?");
    query.bind(1, kiosk_id);
    if (!query.step()) {
        return std::nullopt;
    }
    return KioskKey{query.column(0).getString(), query.column(1).getString(), query.column(2).getString(),
                    query.column(3).getInt() != 0};
}

core::Error bad_bundle(const std::string& message) {
    return core::Error{"bad_bundle", message, ""};
}

}  // namespace

std::string bundle_mac(const std::string& token_hash_hex, const nlohmann::json& bundle_without_mac) {
    unsigned char key[32] = {};
    size_t key_length = 0;
    sodium_hex2bin(key, sizeof key, token_hash_hex.data(), token_hash_hex.size(), nullptr, &key_length, nullptr);
    std::string mac = platform::hmac_sha256_hex(std::string_view(reinterpret_cast<const char*>(key), key_length),
                                                bundle_without_mac.dump());
    sodium_memzero(key, sizeof key);
    return mac;
}

core::Result<BundleImportReport> import_kiosk_bundle(Store& store, const std::string& bundle_text, int64_t now_ms) {
    if (bundle_text.size() > kMaxBundleBytes) {
        return bad_bundle("the bundle is larger than " + std::to_string(kMaxBundleBytes) + " bytes");
    }
    auto bundle = nlohmann::json::parse(bundle_text, nullptr, false);
    if (bundle.is_discarded() || !bundle.is_object()) {
        return bad_bundle("the bundle is not a JSON object");
    }
    auto text_field = [&](const char* name) {
        return bundle.contains(name) && bundle[name].is_string() ? bundle[name].get<std::string>() : std::string();
    };
    if (text_field("kind") != "xiangke-kiosk-bundle" || !bundle.contains("format") ||
        bundle["format"] != kBundleFormat) {
        return bad_bundle("not a kiosk bundle of format " + std::to_string(kBundleFormat));
    }
    const std::string mac = text_field("mac");
    const std::string kiosk_id = text_field("kiosk_id");
    auto key = find_kiosk_key(store.reader(), kiosk_id);
    if (!key || key->revoked) {
        return core::Error{"unknown_kiosk", "the bundle names no enrolled, unrevoked kiosk", "kiosk_id"};
    }
    nlohmann::json signed_part = bundle;
    signed_part.erase("mac");
    const std::string expected = bundle_mac(key->token_hash, signed_part);
    if (!crypto::equal_constant_time(mac, expected)) {
        return core::Error{"bad_mac", "the bundle's MAC does not match: altered, or not made by this kiosk", "mac"};
    }
    if (!bundle.contains("protocol_version") || bundle["protocol_version"] != protocol::kProtocolVersion) {
        return core::Error{"version_mismatch", "the bundle's protocol version is not supported", "protocol_version"};
    }
    if (!bundle.contains("ops") || !bundle["ops"].is_array()) {
        return bad_bundle("ops must be an array");
    }
    const KioskIdentity kiosk{key->kiosk_id, key->village_code};
    const auto& ops = bundle["ops"];
    BundleImportReport report;
    report.kiosk_id = kiosk.kiosk_id;
    PushPolicy policy;
    for (size_t start = 0; start < ops.size(); start += protocol::limits::kOpsPerBatch) {
        nlohmann::json chunk = nlohmann::json::array();
        for (size_t i = start; i < ops.size() && i < start + protocol::limits::kOpsPerBatch; ++i) {
            chunk.push_back(ops[i]);
        }
        auto pushed = store.write([&](Database& db) { return apply_ops(db, kiosk, chunk, policy, now_ms); });
        for (const auto& op : pushed) {
            auto status = op.result.status;
            (status == protocol::OpStatus::Applied     ? report.applied
             : status == protocol::OpStatus::Duplicate ? report.duplicate
                                                       : report.rejected) += 1;
        }
    }
    store.write([&](Database& db) {
        write_audit(db,
                    {"operator",
                     "",
                     "bundle.import",
                     "kiosk",
                     kiosk.kiosk_id,
                     "",
                     {{"applied", report.applied}, {"duplicate", report.duplicate}, {"rejected", report.rejected}}},
                    now_ms);
    });
    return report;
}

core::Result<std::pair<std::string, BundleExportReport>> export_kiosk_bundle(Database& db, const std::string& kiosk_id,
                                                                             int64_t now_ms) {
    auto key = find_kiosk_key(db, kiosk_id);
    if (!key || key->revoked) {
        return core::Error{"unknown_kiosk", "no enrolled, unrevoked kiosk with id " + kiosk_id, "kiosk"};
    }
    BundleExportReport report;
    nlohmann::json bundle = {
        {"format", kBundleFormat}, {"kind", "xiangke-backend-bundle"}, {"kiosk_id", kiosk_id}, {"created_at", now_ms}};

    // The kiosk's whole feed: it applies the changes after its own cursor.
    nlohmann::json changes = nlohmann::json::array();
    int64_t cursor = 0;
    while (true) {
        auto page = pull_changes(db, kiosk_id, cursor, protocol::limits::kPullMaxLimit);
        if (!page.ok()) {
            return page.error();
        }
        for (const auto& change : page->changes) {
            changes.push_back(protocol::to_json(change));
        }
        cursor = page->next_cursor;
        if (!page->has_more) {
            break;
        }
    }
    report.changes = static_cast<int64_t>(changes.size());
    bundle["changes"] = std::move(changes);
    bundle["next_cursor"] = cursor;

    // The answer to every op of this kiosk from the last months, so it can empty its outbox.
    nlohmann::json results = nlohmann::json::array();
    auto query = db.prepare(
        "SELECT op_id, status, error_code, error_message, error_field FROM applied_ops "
        "WHERE kiosk_id = ? AND applied_at >= ? ORDER BY op_id");
    query.bind(1, kiosk_id);
    query.bind(2, now_ms - kBundleResultsDays * core::kDayMs);
    while (query.step()) {
        protocol::OpResult result;
        result.op_id = query.column(0).getString();
        if (query.column(1).getString() == "applied") {
            result.status = protocol::OpStatus::Applied;
        } else {
            result.status = protocol::OpStatus::Rejected;
            result.error =
                core::Error{query.column(2).getString(), query.column(3).getString(), query.column(4).getString()};
        }
        results.push_back(protocol::to_json(protocol::PushResponse{{result}})["results"][0]);
    }
    query.reset();
    report.results = static_cast<int64_t>(results.size());
    bundle["results"] = std::move(results);

    // The current content pack, files once each by SHA-256.
    bundle["content"] = nullptr;
    if (auto manifest = current_manifest(db)) {
        nlohmann::json blobs = nlohmann::json::object();
        auto files = db.prepare("SELECT DISTINCT sha256 FROM content_pack_files WHERE version = ? ORDER BY sha256");
        files.bind(1, manifest->version);
        while (files.step()) {
            std::string sha = files.column(0).getString();
            auto blob = find_blob(db, sha);
            std::string data;
            if (!blob || !read_blob(db, blob->rowid, 0, blob->size, data)) {
                return core::Error{"missing_blob", "content file " + sha + " is missing from the database", ""};
            }
            blobs[sha] = crypto::base64_encode(data);
        }
        report.content_version = manifest->version;
        report.blobs = static_cast<int64_t>(blobs.size());
        bundle["content"] = {{"version", manifest->version},
                             {"manifest", crypto::base64_encode(manifest->manifest)},
                             {"signature", crypto::base64_encode(manifest->signature)},
                             {"blobs", std::move(blobs)}};
    }
    bundle["mac"] = bundle_mac(key->token_hash, bundle);
    return std::make_pair(bundle.dump(), report);
}

}  // namespace xiangke::backend
