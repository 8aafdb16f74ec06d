#include "sync/bundle.h"

#include <array>

#include "services/pack_installer.h"
#include "xiangke/core/content_pack.h"
#include "xiangke/platform/base64.h"
#include "xiangke/platform/files.h"
#include "xiangke/platform/signing.h"

namespace xiangke::kiosk {

namespace protocol = core::protocol;

namespace {

constexpr int kBundleFormat = 1;
constexpr size_t kMaxBundleBytes = 256ull * 1024 * 1024;

std::string hex_to_bytes(const std::string& hex) {
    std::string bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return bytes;
}

std::string sha256_bytes(std::string_view data) {
    return hex_to_bytes(platform::sha256_hex(data));
}

core::Error bad_bundle(const std::string& message) {
    return core::Error{"bad_bundle", message, ""};
}

// Writes the bundle's pack as a pack directory, for the installer to verify and install.
core::Result<bool> stage_pack(const nlohmann::json& content, const std::filesystem::path& stage) {
    auto manifest = platform::base64_decode(content.value("manifest", std::string()));
    auto signature = platform::base64_decode(content.value("signature", std::string()));
    if (!manifest || !signature || !content.contains("blobs") || !content["blobs"].is_object()) {
        return bad_bundle("the bundle's content is not readable");
    }
    auto decoded = core::decode_manifest(*manifest);
    if (!decoded.ok()) {
        return decoded.error();
    }
    std::error_code ec;
    std::filesystem::remove_all(stage, ec);
    std::filesystem::create_directories(stage / "files", ec);
    for (auto [path, text] : {std::pair{"manifest.json", *manifest}, std::pair{"manifest.sig", *signature}}) {
        if (auto written = platform::write_file_atomic(stage / path, text); !written.ok()) {
            return written.error();
        }
    }
    for (const auto& file : decoded->files) {
        if (!core::is_safe_pack_path(file.path)) {
            return bad_bundle("unsafe path in the bundle's manifest: " + file.path);
        }
        const auto& blobs = content["blobs"];
        if (!blobs.contains(file.sha256) || !blobs[file.sha256].is_string()) {
            return bad_bundle("the bundle lacks the file " + file.path);
        }
        auto bytes = platform::base64_decode(blobs[file.sha256].get<std::string>());
        if (!bytes) {
            return bad_bundle("the bundle's file " + file.path + " is not base64");
        }
        std::filesystem::create_directories((stage / "files" / file.path).parent_path(), ec);
        if (auto written = platform::write_file_atomic(stage / "files" / file.path, *bytes); !written.ok()) {
            return written.error();
        }
    }
    return true;
}

}  // namespace

std::string bundle_mac(const std::string& token, const nlohmann::json& signed_part) {
    return platform::hmac_sha256_hex(sha256_bytes(token), signed_part.dump());
}

core::Result<BundleExport> export_outbox_bundle(OutboxStore& store, const KioskIdentity& identity,
                                                const std::filesystem::path& dir, int64_t now_ms) {
    nlohmann::json ops = nlohmann::json::array();
    constexpr size_t kAllOps = 1'000'000;
    for (const auto& op : store.pending_ops(kAllOps)) {
        ops.push_back(protocol::to_json(protocol::Op{op.op_id, op.type, op.created_at, op.payload}));
    }
    nlohmann::json bundle = {{"format", kBundleFormat},
                             {"kind", "xiangke-kiosk-bundle"},
                             {"kiosk_id", identity.kiosk_id},
                             {"created_at", now_ms},
                             {"protocol_version", protocol::kProtocolVersion},
                             {"ops", ops}};
    bundle["mac"] = bundle_mac(identity.token, bundle);
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return core::Error{"no_directory", dir.string() + " is not a directory", "to"};
    }
    BundleExport result{dir / ("xiangke-kiosk-" + identity.kiosk_id + "-" + std::to_string(now_ms) + ".json"),
                        ops.size()};
    auto written = platform::write_file_atomic(result.file, bundle.dump());
    if (!written.ok()) {
        return written.error();
    }
    return result;
}

core::Result<BundleImport> import_backend_bundle(OutboxStore& store, ContentService& content,
                                                 const KioskIdentity& identity, const std::string& bundle_text,
                                                 const std::filesystem::path& data_dir,
                                                 const std::optional<platform::PublicKey>& key, int64_t now_ms) {
    if (bundle_text.size() > kMaxBundleBytes) {
        return bad_bundle("the bundle is larger than 256 MiB");
    }
    auto bundle = nlohmann::json::parse(bundle_text, nullptr, false);
    if (bundle.is_discarded() || !bundle.is_object() ||
        bundle.value("kind", std::string()) != "xiangke-backend-bundle" || !bundle.contains("format") ||
        bundle["format"] != kBundleFormat) {
        return bad_bundle("not a backend bundle of format 1");
    }
    if (bundle.value("kiosk_id", std::string()) != identity.kiosk_id) {
        return core::Error{"other_kiosk", "the bundle was made for another kiosk", "kiosk_id"};
    }
    std::string mac = bundle.value("mac", std::string());
    nlohmann::json signed_part = bundle;
    signed_part.erase("mac");
    if (!platform::equal_constant_time(mac, bundle_mac(identity.token, signed_part))) {
        return core::Error{"bad_mac", "the bundle's MAC does not match: altered, or not made for this kiosk", "mac"};
    }

    // Everything is read and the pack verified and installed before any op result or change is
    // applied: a bundle with an unreadable part or an altered pack is refused whole, so the
    // operator's "bundle refused" means nothing changed.
    std::optional<protocol::PushResponse> results;
    if (bundle.contains("results")) {
        nlohmann::json answer = {{"results", bundle["results"]}};
        auto decoded = protocol::decode_push_response(answer);
        if (!decoded.ok()) {
            return decoded.error();
        }
        results = std::move(decoded).value();
    }
    nlohmann::json page = {{"changes", bundle.value("changes", nlohmann::json::array())},
                           {"next_cursor", bundle.value("next_cursor", int64_t{0})},
                           {"has_more", false}};
    auto changes = protocol::decode_pull_response(page);
    if (!changes.ok()) {
        return changes.error();
    }

    BundleImport report;
    if (bundle.contains("content") && bundle["content"].is_object()) {
        int64_t version = bundle["content"].value("version", int64_t{0});
        if (version > content.active_version()) {
            if (!key) {
                return core::Error{"no_pinned_key", "the bundle carries content but this kiosk pins no content key",
                                   ""};
            }
            std::filesystem::path stage = data_dir / "bundle-staging";
            auto staged = stage_pack(bundle["content"], stage);
            auto installed = staged.ok() ? install_pack(content, stage, data_dir, *key, now_ms, ExpiryCheck::Enforce)
                                         : core::Result<PackInstallResult>(staged.error());
            std::error_code ec;
            std::filesystem::remove_all(stage, ec);
            if (!installed.ok()) {
                return installed.error();
            }
            report.content_installed = installed->version;
        }
    }

    if (results) {
        auto applied = store.apply_push_results(results->results, now_ms);
        if (!applied.ok()) {
            return applied.error();
        }
        report.acknowledged = applied->acknowledged;
        report.rejected = applied->rejected;
    }
    auto pulled = store.apply_pull(*changes);
    if (!pulled.ok()) {
        return pulled.error();
    }
    report.status_changes = pulled->status_changes;
    report.notices = pulled->notices;
    return report;
}

}  // namespace xiangke::kiosk
