#include "store/content.h"

#include <sqlite3.h>

#include <fstream>

#include "crypto.h"
#include "store/audit.h"
#include "store/change_feed.h"
#include "xiangke/core/content_pack.h"

namespace xiangke::backend {
namespace fs = std::filesystem;
namespace {

constexpr int kPacksKept = 2;  // the current pack and the one before (kiosks may be mid-download)

core::Error bad_pack(const std::string& message) {
    return core::Error{"bad_pack", message, ""};
}

core::Result<std::string> read_limited(const fs::path& path, uint64_t max_bytes, const std::string& name) {
    std::error_code ec;
    if (fs::is_symlink(path, ec) || !fs::is_regular_file(path, ec)) {
        return bad_pack(name + " is missing or not a regular file");
    }
    auto size = fs::file_size(path, ec);
    if (ec || size > max_bytes) {
        return bad_pack(name + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
    std::ifstream in(path, std::ios::binary);
    std::string data(size, '\0');
    if (!in.read(data.data(), static_cast<std::streamsize>(size))) {
        return bad_pack("cannot read " + name);
    }
    return data;
}

// Reads one file of the pack and checks it against its manifest entry.
core::Result<std::string> read_pack_file(const fs::path& files_dir, const core::PackFile& file) {
    const std::string name = "files/" + file.path;
    auto data = read_limited(files_dir / file.path, core::kMaxPackFileBytes, name);
    if (!data.ok()) {
        return data.error();
    }
    if (data->size() != file.size) {
        return bad_pack(name + " has " + std::to_string(data->size()) + " bytes, the manifest says " +
                        std::to_string(file.size));
    }
    if (crypto::sha256_hex(*data) != file.sha256) {
        return bad_pack(name + ": sha256 mismatch");
    }
    return data;
}

core::Error not_newer(int64_t version, int64_t current) {
    return core::Error{
        "version_not_newer",
        "pack version " + std::to_string(version) + " is not newer than the current version " + std::to_string(current),
        "version"};
}

}  // namespace

core::Result<PublishReport> publish_content_pack(Database& db, const fs::path& pack_dir,
                                                 const std::optional<platform::PublicKey>& key, int64_t now_ms) {
    auto manifest_bytes = read_limited(pack_dir / "manifest.json", core::kMaxManifestBytes, "manifest.json");
    if (!manifest_bytes.ok()) {
        return manifest_bytes.error();
    }
    auto signature = read_limited(pack_dir / "manifest.sig", kMaxSignatureBytes, "manifest.sig");
    if (!signature.ok()) {
        return signature.error();
    }
    if (key) {
        auto verified = platform::verify_manifest_signature(*key, *manifest_bytes, *signature);
        if (!verified.ok()) {
            return core::Error{"bad_signature", "manifest.sig: " + verified.error().message, ""};
        }
    }
    auto manifest = core::decode_manifest(*manifest_bytes);
    if (!manifest.ok()) {
        return core::Error{"bad_manifest", "manifest.json: " + manifest.error().field + ": " + manifest.error().message,
                           manifest.error().field};
    }
    if (auto valid = core::validate_manifest(*manifest); !valid.ok()) {
        return core::Error{"bad_manifest", "manifest.json: " + valid.error().field + ": " + valid.error().message,
                           valid.error().field};
    }
    if (auto current = current_content_version(db); current && manifest->version <= *current) {
        return not_newer(manifest->version, *current);
    }

    // Check every file before anything is written, then store blobs one transaction each
    // (content-addressed, so a blob left by an interrupted publish is harmless and reused).
    PublishReport report;
    report.version = manifest->version;
    const fs::path files_dir = pack_dir / "files";
    for (const auto& file : manifest->files) {
        auto data = read_pack_file(files_dir, file);
        if (!data.ok()) {
            return data.error();
        }
        report.files += 1;
        report.bytes += static_cast<int64_t>(file.size);
    }
    for (const auto& file : manifest->files) {
        if (find_blob(db, file.sha256)) {
            continue;
        }
        auto data = read_pack_file(files_dir, file);  // read again: no more than one file in memory
        if (!data.ok()) {
            return data.error();
        }
        with_write_transaction(db, [&] {
            auto insert = db.prepare("INSERT OR IGNORE INTO content_blobs(sha256, size, data) VALUES (?, ?, ?)");
            insert.bind(1, file.sha256);
            insert.bind(2, static_cast<int64_t>(file.size));
            insert.bind(3, data->data(), static_cast<int>(data->size()));
            report.new_blobs += insert.exec();
        });
    }

    return with_write_transaction(db, [&]() -> core::Result<PublishReport> {
        if (auto latest = current_content_version(db); latest && manifest->version <= *latest) {
            return not_newer(manifest->version, *latest);  // another publish won meanwhile
        }
        auto pack = db.prepare(
            "INSERT INTO content_packs(version, created, expires, manifest, signature, file_count, total_bytes, "
            "published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        pack.bind(1, manifest->version);
        pack.bind(2, manifest->created_ms);
        pack.bind(3, manifest->expires_ms);
        pack.bind(4, manifest_bytes->data(), static_cast<int>(manifest_bytes->size()));
        pack.bind(5, signature->data(), static_cast<int>(signature->size()));
        pack.bind(6, report.files);
        pack.bind(7, report.bytes);
        pack.bind(8, now_ms);
        pack.exec();
        auto file_row = db.prepare("INSERT INTO content_pack_files(version, path, sha256, size) VALUES (?, ?, ?, ?)");
        for (const auto& file : manifest->files) {
            file_row.reset();
            file_row.bind(1, manifest->version);
            file_row.bind(2, file.path);
            file_row.bind(3, file.sha256);
            file_row.bind(4, static_cast<int64_t>(file.size));
            file_row.exec();
        }
        // Blobs no kept pack refers to can go; the packs' manifests stay as history.
        auto gc = db.prepare(
            "DELETE FROM content_blobs WHERE sha256 NOT IN (SELECT f.sha256 FROM content_pack_files f WHERE f.version "
            "IN (SELECT version FROM content_packs ORDER BY version DESC LIMIT ?))");
        gc.bind(1, kPacksKept);
        gc.exec();
        report.kiosks_notified =
            append_change_to_kiosks(db, "", "content.version", "content", now_ms, {{"version", manifest->version}});
        write_audit(db,
                    {"operator",
                     "",
                     "content.publish",
                     "content_pack",
                     std::to_string(manifest->version),
                     "",
                     {{"files", report.files}, {"bytes", report.bytes}}},
                    now_ms);
        return report;
    });
}

std::optional<int64_t> current_content_version(Database& db) {
    auto query = db.prepare("SELECT MAX(version) FROM content_packs");
    if (!query.step() || query.is_null(0)) {
        return std::nullopt;
    }
    return query.column(0).getInt64();
}

std::optional<CurrentManifest> current_manifest(Database& db) {
    auto query = db.prepare("SELECT version, manifest, signature FROM content_packs ORDER BY version DESC LIMIT 1");
    if (!query.step()) {
        return std::nullopt;
    }
    CurrentManifest m;
    m.version = query.column(0).getInt64();
    auto manifest = query.column(1);
    m.manifest.assign(static_cast<const char*>(manifest.getBlob()), static_cast<size_t>(manifest.getBytes()));
    auto signature = query.column(2);
    m.signature.assign(static_cast<const char*>(signature.getBlob()), static_cast<size_t>(signature.getBytes()));
    return m;
}

std::optional<BlobInfo> find_blob(Database& db, const std::string& sha256) {
    auto query = db.prepare("SELECT id, size FROM content_blobs WHERE sha256 = ?");
    query.bind(1, sha256);
    if (!query.step()) {
        return std::nullopt;
    }
    return BlobInfo{query.column(0).getInt64(), query.column(1).getInt64()};
}

bool read_blob(Database& db, int64_t rowid, int64_t offset, int64_t length, std::string& out) {
    sqlite3_blob* blob = nullptr;
    if (sqlite3_blob_open(db.raw().getHandle(), "main", "content_blobs", "data", rowid, 0, &blob) != SQLITE_OK) {
        sqlite3_blob_close(blob);
        return false;
    }
    out.resize(static_cast<size_t>(length));
    bool ok = sqlite3_blob_read(blob, out.data(), static_cast<int>(length), static_cast<int>(offset)) == SQLITE_OK;
    sqlite3_blob_close(blob);
    return ok;
}

}  // namespace xiangke::backend
