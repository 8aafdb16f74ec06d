#include "xiangke/platform/pack_directory.h"

#include <set>

#include "xiangke/platform/files.h"

namespace xiangke::platform {
namespace fs = std::filesystem;
namespace {

core::Error pack_error(const std::string& code, const std::string& file, const std::string& message) {
    return core::Error{code, file + ": " + message, file};
}

core::Result<std::string> read_small(const fs::path& path, const std::string& name, uint64_t max_bytes) {
    std::error_code ec;
    auto status = fs::symlink_status(path, ec);
    if (ec || !fs::is_regular_file(status)) {
        return pack_error("bad_pack", name, "missing or not a regular file");
    }
    auto size = fs::file_size(path, ec);
    if (ec || size > max_bytes) {
        return pack_error("too_large", name, "larger than " + std::to_string(max_bytes) + " bytes");
    }
    return read_file(path);
}

}  // namespace

core::Result<VerifiedPack> verify_pack_directory(const fs::path& pack_dir, const PublicKey& key) {
    VerifiedPack pack;
    auto manifest = read_small(pack_dir / "manifest.json", "manifest.json", core::kMaxManifestBytes);
    if (!manifest.ok()) {
        return manifest.error();
    }
    auto signature = read_small(pack_dir / "manifest.sig", "manifest.sig", 1024);
    if (!signature.ok()) {
        return signature.error();
    }
    pack.manifest_bytes = std::move(*manifest);
    pack.signature_text = std::move(*signature);
    auto signed_ok = verify_manifest_signature(key, pack.manifest_bytes, pack.signature_text);
    if (!signed_ok.ok()) {
        return pack_error(signed_ok.error().code, "manifest.sig", signed_ok.error().message);
    }
    auto decoded = core::decode_manifest(pack.manifest_bytes);
    if (!decoded.ok()) {
        const auto& e = decoded.error();
        return pack_error(e.code, "manifest.json", (e.field.empty() ? "" : e.field + ": ") + e.message);
    }
    pack.manifest = std::move(*decoded);

    const fs::path files_dir = pack_dir / "files";
    std::set<std::string> listed;
    for (const auto& file : pack.manifest.files) {
        listed.insert(file.path);
        const std::string name = "files/" + file.path;
        const fs::path path = files_dir / file.path;
        std::error_code ec;
        // Every directory on the way must be real too: a symlinked folder could point anywhere.
        fs::path walk = files_dir;
        for (const auto& part : fs::path(file.path)) {
            walk /= part;
            auto status = fs::symlink_status(walk, ec);
            if (fs::is_symlink(status)) {
                return pack_error("bad_pack", name, "is or passes through a symbolic link");
            }
        }
        auto status = fs::symlink_status(path, ec);
        if (ec || !fs::is_regular_file(status)) {
            return pack_error("bad_pack", name, "missing or not a regular file");
        }
        auto size = fs::file_size(path, ec);
        if (ec || size != file.size) {
            return pack_error("size_mismatch", name,
                              "size " + std::to_string(size) + " bytes, manifest says " + std::to_string(file.size));
        }
        auto digest = sha256_file(path);
        if (!digest.ok()) {
            return pack_error("io_error", name, digest.error().message);
        }
        if (*digest != file.sha256) {
            return pack_error("hash_mismatch", name,
                              "sha256 mismatch (file " + *digest + ", manifest " + file.sha256 + ")");
        }
    }
    std::error_code ec;
    if (fs::exists(files_dir, ec)) {
        for (auto it = fs::recursive_directory_iterator(files_dir, ec); !ec && it != fs::recursive_directory_iterator();
             it.increment(ec)) {
            if (it->is_directory() && !it->is_symlink()) {
                continue;
            }
            std::string relative = it->path().lexically_relative(files_dir).generic_string();
            if (listed.count(relative) == 0) {
                return pack_error("bad_pack", "files/" + relative, "not listed in the manifest");
            }
        }
    }
    return pack;
}

}  // namespace xiangke::platform
