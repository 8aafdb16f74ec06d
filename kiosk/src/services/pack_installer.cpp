#include "services/pack_installer.h"

#include "services/kiosk_log.h"
#include "services/pack_reader.h"
#include "xiangke/platform/data_paths.h"
#include "xiangke/platform/pack_directory.h"

namespace xiangke::kiosk {
namespace fs = std::filesystem;

namespace {

constexpr const char* kLastTrustedKey = "last_trusted_ms";
constexpr int kPacksKept = 2;  // the active pack and the one before it

fs::path share_dir() {
    return platform::executable_dir() / ".." / "share" / "xiangke";
}

void set_last_trusted_time(ContentService& content, int64_t value) {
    auto upsert = content.db().prepare(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    upsert.bind(1, kLastTrustedKey);
    upsert.bind(2, std::to_string(value));
    upsert.exec();
}

// Copies the verified pack into place file by file (only listed files, never links).
core::Result<bool> copy_pack(const platform::VerifiedPack& pack, const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::remove_all(to, ec);
    fs::create_directories(to / "files", ec);
    if (ec) {
        return core::Error{"io_error", "cannot create " + to.string() + ": " + ec.message(), ""};
    }
    for (const auto& file : pack.manifest.files) {
        if (!core::is_safe_pack_path(file.path)) {
            return core::Error{"bad_pack", "unsafe path " + file.path, file.path};
        }
        fs::path target = to / "files" / file.path;
        fs::create_directories(target.parent_path(), ec);
        fs::copy_file(from / "files" / file.path, target, fs::copy_options::overwrite_existing, ec);
        if (ec) {
            return core::Error{"io_error", "cannot copy " + file.path + ": " + ec.message(), file.path};
        }
    }
    for (const char* name : {"manifest.json", "manifest.sig"}) {
        fs::copy_file(from / name, to / name, fs::copy_options::overwrite_existing, ec);
        if (ec) {
            return core::Error{"io_error", std::string("cannot copy ") + name + ": " + ec.message(), name};
        }
    }
    return true;
}

void remove_old_packs(const fs::path& packs_dir, int64_t active_version) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(packs_dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 2 || name[0] != 'v') {
            continue;
        }
        int64_t version = std::atoll(name.c_str() + 1);
        if (name.find('.') == std::string::npos && version > 0 && version <= active_version - kPacksKept) {
            fs::remove_all(entry.path(), ec);
        }
    }
}

}  // namespace

fs::path shipped_pack_dir() {
    fs::path installed = share_dir() / "default-pack";
    if (fs::is_directory(installed)) {
        return installed;
    }
    return platform::executable_dir() / ".." / "default-pack";
}

fs::path shipped_public_key_file() {
    fs::path installed = share_dir() / "content-public.key";
    if (fs::exists(installed)) {
        return installed;
    }
    return platform::executable_dir() / ".." / "content-public.key";
}

core::Result<platform::PublicKey> pinned_public_key(const std::string& configured) {
    if (!configured.empty()) {
        return platform::load_public_key(configured);
    }
    fs::path shipped = shipped_public_key_file();
    if (!fs::exists(shipped)) {
        return core::Error{"no_public_key",
                           "no content public key: set [content] public_key or install " + shipped.string(), ""};
    }
    return platform::load_public_key(shipped.string());
}

core::Result<bool> install_shipped_pack_if_empty(ContentService& content, const fs::path& data_dir,
                                                 const std::string& configured_key, int64_t now_ms) {
    if (content.active_version() > 0) {
        return false;
    }
    fs::path pack = shipped_pack_dir();
    if (!fs::exists(pack / "manifest.json")) {
        kiosk_log::write("no_shipped_pack", pack.string());
        return false;
    }
    auto key = pinned_public_key(configured_key);
    if (!key.ok()) {
        return key.error();
    }
    auto installed = install_pack(content, pack, data_dir, *key, now_ms, ExpiryCheck::SkipForShippedPack);
    if (!installed.ok()) {
        return installed.error();
    }
    return true;
}

std::optional<core::PackManifest> installed_manifest(ContentService& content) {
    auto q = content.db().prepare("SELECT manifest FROM content_packs WHERE active = 1");
    if (!q.step()) {
        return std::nullopt;
    }
    auto manifest = core::decode_manifest(q.column(0).getString());
    if (!manifest.ok()) {
        return std::nullopt;
    }
    return *manifest;
}

int64_t last_trusted_time(ContentService& content) {
    auto q = content.db().prepare("SELECT value FROM settings WHERE key = ?");
    q.bind(1, kLastTrustedKey);
    return q.step() ? std::atoll(q.column(0).getString().c_str()) : 0;
}

core::Result<PackInstallResult> install_pack(ContentService& content, const fs::path& pack_dir,
                                             const fs::path& data_dir, const platform::PublicKey& key, int64_t now_ms,
                                             ExpiryCheck expiry) {
    auto verified = platform::verify_pack_directory(pack_dir, key);
    if (!verified.ok()) {
        return verified.error();
    }
    const core::PackManifest& candidate = verified->manifest;
    auto installed = installed_manifest(content);
    int64_t trusted = last_trusted_time(content);
    // The shipped pack may be older than the kiosk's clock; its rollback check still applies.
    int64_t check_time = expiry == ExpiryCheck::Enforce ? now_ms : 0;
    int64_t check_trusted = expiry == ExpiryCheck::Enforce ? trusted : 0;
    auto decision =
        core::check_manifest_update(candidate, installed ? &*installed : nullptr, check_time, check_trusted);
    if (!decision.ok()) {
        return decision.error();
    }
    if (*decision == core::PackUpdateDecision::UpToDate) {
        return PackInstallResult{candidate.version, true};
    }

    fs::path packs_dir = data_dir / "packs";
    fs::path staging = packs_dir / ("v" + std::to_string(candidate.version) + ".staging");
    fs::path final_dir = packs_dir / ("v" + std::to_string(candidate.version));
    auto copied = copy_pack(*verified, pack_dir, staging);
    if (!copied.ok()) {
        return copied.error();
    }
    // The copy is what will be shown: verify it again, then move it into place.
    auto staged = platform::verify_pack_directory(staging, key);
    if (!staged.ok()) {
        return staged.error();
    }
    std::error_code ec;
    fs::remove_all(final_dir, ec);
    fs::rename(staging, final_dir, ec);
    if (ec) {
        return core::Error{"io_error", "cannot move the pack into place: " + ec.message(), ""};
    }
    auto snapshot = read_pack_content(final_dir / "files");
    if (!snapshot.ok()) {
        return snapshot.error();
    }
    if (snapshot->version != candidate.version) {
        return core::Error{"bad_pack", "index.json: version differs from the manifest", "version"};
    }
    snapshot->manifest = verified->manifest_bytes;
    snapshot->signature = verified->signature_text;
    snapshot->directory = final_dir.string();
    auto activated = content.activate(*snapshot, now_ms);
    if (!activated.ok()) {
        return activated.error();
    }
    set_last_trusted_time(content, core::advance_trusted_time(trusted, candidate));
    remove_old_packs(packs_dir, candidate.version);
    kiosk_log::write("content_installed", "version=" + std::to_string(candidate.version));
    return PackInstallResult{candidate.version, false};
}

}  // namespace xiangke::kiosk
