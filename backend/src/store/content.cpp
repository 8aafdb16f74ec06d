#include "store/content.h"

#include <sqlite3.h>

#include <fstream>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto.h"
#include "store/audit.h"
#include "store/change_feed.h"

namespace xiangke::backend {
namespace fs = std::filesystem;
namespace {

constexpr int kPacksKept = 2;  // the current pack and the one before (kiosks may be mid-download)

core::Error bad_pack(const std::string& message) { return core::Error{"bad_pack", message, ""}; }

core::Result<std::string> read_limited(const fs::path& path, uint64_t max_bytes) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        return bad_pack(path.string() + " is missing or not a regular file");
    }
    auto size = fs::file_size(path, ec);
    if (ec || size > max_bytes) {
        return bad_pack(path.string() + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
    std::ifstream in(path, std::ios::binary);
    std::string data(size, '\0');
    if (!in.read(data.data(), static_cast<std::streamsize>(size))) {
        return bad_pack("cannot read " + path.string());
    }
    return data;
}

bool is_lower_hex64(const std::string& text) {
    if (text.size() != 64) {
        return false;
    }
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

struct PackFile {
    std::string path;
    int64_t size = 0;
    std::string sha256;
};

struct Manifest {
    int64_t version = 0;
    int64_t created = 0;
    int64_t expires = 0;
    std::vector<PackFile> files;
};

core::Result<Manifest> parse_manifest(const std::string& text) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return bad_pack("manifest.json is not a JSON object");
    }
    auto integer = [&](const char* name, int64_t& out) {
        if (!json.contains(name) || !json[name].is_number_integer() || json[name].get<int64_t>() < 0) {
            return false;
        }
        out = json[name].get<int64_t>();
        return true;
    };
    Manifest m;
    for (auto [name, target] : {std::pair<const char*, int64_t*>{"version", &m.version},
                                {"created", &m.created}, {"expires", &m.expires}}) {
        if (!integer(name, *target)) {
            return bad_pack(std::string("manifest.json: ") + name + " must be a non-negative integer");
        }
    }
    if (m.version < 1) {
        return bad_pack("manifest.json: version must be at least 1");
    }
    if (!json.contains("files") || !json["files"].is_array()) {
        return bad_pack("manifest.json: files must be an array");
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < json["files"].size(); ++i) {
        const auto& f = json["files"][i];
        std::string where = "manifest.json: files[" + std::to_string(i) + "]";
        if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("size") ||
            !f["size"].is_number_integer() || !f.contains("sha256") || !f["sha256"].is_string()) {
            return bad_pack(where + " needs path (text), size (integer) and sha256 (text)");
        }
        PackFile file{f["path"].get<std::string>(), f["size"].get<int64_t>(), f["sha256"].get<std::string>()};
        if (!is_safe_pack_path(file.path)) {
            return bad_pack(where + ": unsafe path '" + file.path + "'");
        }
        if (file.size < 0 || static_cast<uint64_t>(file.size) > kMaxPackFileBytes) {
            return bad_pack(where + ": size out of range");
        }
        if (!is_lower_hex64(file.sha256)) {
            return bad_pack(where + ": sha256 must be 64 lowercase hex digits");
        }
        if (!seen.insert(file.path).second) {
            return bad_pack(where + ": path '" + file.path + "' is listed twice");
        }
        m.files.push_back(std::move(file));
    }
    return m;
}

// Reads one file of the pack and checks it against its manifest entry.
core::Result<std::string> read_pack_file(const fs::path& files_dir, const PackFile& file) {
    fs::path path = files_dir / file.path;
    std::error_code ec;
    if (fs::is_symlink(path, ec)) {
        return bad_pack("files/" + file.path + " is a symbolic link");
    }
    auto data = read_limited(path, kMaxPackFileBytes);
    if (!data.ok()) {
        return data.error();
    }
    if (static_cast<int64_t>(data->size()) != file.size) {
        return bad_pack("files/" + file.path + " has " + std::to_string(data->size()) + " bytes, the manifest says " +
                        std::to_string(file.size));
    }
    if (crypto::sha256_hex(*data) != file.sha256) {
        return bad_pack("files/" + file.path + " does not match its sha256 in the manifest");
    }
    return data;
}

}  // namespace

bool is_safe_pack_path(const std::string& path) {
    if (path.empty() || path.size() > 255 || path.front() == '/') {
        return false;
    }
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part.empty() || part == "." || part == "..") {
            return false;
        }
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    for (unsigned char c : path) {
        if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') {
            return false;
        }
    }
    return true;
}

core::Result<PublishReport> publish_content_pack(Database& db, const fs::path& pack_dir, int64_t now_ms) {
    auto manifest_text = read_limited(pack_dir / "manifest.json", kMaxManifestBytes);
    if (!manifest_text.ok()) {
        return manifest_text.error();
    }
    auto signature = read_limited(pack_dir / "manifest.sig", kMaxSignatureBytes);
    if (!signature.ok()) {
        return signature.error();
    }
    if (signature->empty()) {
        return bad_pack("manifest.sig is empty");
    }
    auto manifest = parse_manifest(*manifest_text);
    if (!manifest.ok()) {
        return manifest.error();
    }
    auto current = current_content_version(db);
    if (current && manifest->version <= *current) {
        return core::Error{"version_not_newer",
                           "pack version " + std::to_string(manifest->version) +
                               " is not newer than the current version " + std::to_string(*current),
                           "version"};
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
    }
    for (const auto& file : manifest->files) {
        report.files += 1;
        report.bytes += file.size;
        if (find_blob(db, file.sha256)) {
            continue;
        }
        auto data = read_pack_file(files_dir, file);  // read again: nothing large is held for long
        if (!data.ok()) {
            return data.error();
        }
        with_write_transaction(db, [&] {
            auto insert = db.prepare("INSERT OR IGNORE INTO content_blobs(sha256, size, data) VALUES (?, ?, ?)");
            insert.bind(1, file.sha256);
            insert.bind(2, file.size);
            insert.bind(3, data->data(), static_cast<int>(data->size()));
            report.new_blobs += insert.exec();
        });
    }

    return with_write_transaction(db, [&]() -> core::Result<PublishReport> {
        auto latest = current_content_version(db);  // another publish may have won meanwhile
        if (latest && manifest->version <= *latest) {
            return core::Error{"version_not_newer",
                               "pack version " + std::to_string(manifest->version) +
                                   " is not newer than the current version " + std::to_string(*latest),
                               "version"};
        }
        auto pack = db.prepare(
            "INSERT INTO content_packs(version, created, expires, manifest, signature, file_count, total_bytes, "
            "published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        pack.bind(1, manifest->version);
        pack.bind(2, manifest->created);
        pack.bind(3, manifest->expires);
        pack.bind(4, manifest_text->data(), static_cast<int>(manifest_text->size()));
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
            file_row.bind(4, file.size);
            file_row.exec();
        }
        // Blobs no kept pack refers to can go; the packs' manifests stay as history.
        auto gc = db.prepare(
            "DELETE FROM content_blobs WHERE sha256 NOT IN (SELECT f.sha256 FROM content_pack_files f WHERE f.version "
            "IN (SELECT version FROM content_packs ORDER BY version DESC LIMIT ?))");
        gc.bind(1, kPacksKept);
        gc.exec();
        report.kiosks_notified = append_change_to_kiosks(db, "", "content.version", "content", now_ms,
                                                         {{"version", manifest->version}});
        write_audit(db,
                    {"operator", "", "content.publish", "content_pack", std::to_string(manifest->version), "",
                     {{"files", report.files}, {"bytes", report.bytes}}},
                    now_ms);
        return report;
    });
}

std::optional<int64_t> current_content_version(Database& db) {
    auto query = db.prepare("SELECT MAX(version) FROM content_packs");
    if (!query.executeStep() || query.isColumnNull(0)) {
        return std::nullopt;
    }
    return query.getColumn(0).getInt64();
}

std::optional<CurrentManifest> current_manifest(Database& db) {
    auto query = db.prepare("SELECT version, manifest, signature FROM content_packs ORDER BY version DESC LIMIT 1");
    if (!query.executeStep()) {
        return std::nullopt;
    }
    CurrentManifest m;
    m.version = query.getColumn(0).getInt64();
    auto manifest = query.getColumn(1);
    m.manifest.assign(static_cast<const char*>(manifest.getBlob()), static_cast<size_t>(manifest.getBytes()));
    auto signature = query.getColumn(2);
    m.signature.assign(static_cast<const char*>(signature.getBlob()), static_cast<size_t>(signature.getBytes()));
    return m;
}

std::optional<BlobInfo> find_blob(Database& db, const std::string& sha256) {
    auto query = db.prepare("SELECT id, size FROM content_blobs WHERE sha256 = ?");
    query.bind(1, sha256);
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return BlobInfo{query.getColumn(0).getInt64(), query.getColumn(1).getInt64()};
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
