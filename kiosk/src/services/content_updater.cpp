#include "services/content_updater.h"

#include <httplib.h>

#include <fstream>
#include <map>

#include "services/kiosk_log.h"
#include "services/pack_installer.h"
#include "xiangke/core/content_pack.h"
#include "xiangke/platform/base64.h"

namespace xiangke::kiosk {
namespace fs = std::filesystem;

namespace {

using Kind = ContentUpdateResult::Kind;


httplib::Headers auth_headers(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

uint64_t file_size_or_zero(const fs::path& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    return ec ? 0 : size;
}

// One blob into downloads/<sha256>, resuming a .part left by an earlier cut. Never writes more
// than the manifest's size; a wrong hash discards the file.
core::Result<uint64_t> download_blob(httplib::Client& client, const std::string& token, const core::PackFile& file,
                                     const fs::path& downloads, int max_attempts) {
    fs::path done = downloads / file.sha256;
    if (fs::exists(done)) {
        auto sha = platform::sha256_file(done);
        if (sha.ok() && *sha == file.sha256) {
            return uint64_t{0};
        }
        fs::remove(done);
    }
    fs::path part = downloads / (file.sha256 + ".part");
    uint64_t received = 0;
    for (int attempt = 0; attempt < max_attempts; ++attempt) {
        uint64_t offset = file_size_or_zero(part);
        if (offset > file.size) {
            fs::remove(part);
            offset = 0;
        }
        if (offset < file.size) {
            httplib::Headers headers = auth_headers(token);
            if (offset > 0) {
                headers.emplace("Range", "bytes=" + std::to_string(offset) + "-");
                headers.emplace("If-Range", "\"" + file.sha256 + "\"");
            }
            std::ofstream out(part, std::ios::binary | std::ios::app);
            bool overflow = false;
            bool restart = false;
            auto result = client.Get(
                ("/api/v1/content/blobs/" + file.sha256).c_str(), headers,
                [&](const httplib::Response& response) {
                    if (response.status == 200 && offset > 0) {
                        restart = true;  // the server sent the whole file: start over
                    }
                    return response.status == 200 || response.status == 206;
                },
                [&](const char* data, size_t length) {
                    if (restart) {
                        out.close();
                        out.open(part, std::ios::binary | std::ios::trunc);
                        offset = 0;
                        restart = false;
                    }
                    if (offset + length > file.size) {
                        overflow = true;
                        return false;
                    }
                    out.write(data, static_cast<std::streamsize>(length));
                    out.flush();
                    offset += length;
                    received += length;
                    return true;
                });
            out.close();
            if (overflow) {
                fs::remove(part);
                return core::Error{"oversize", "file " + file.path + " is longer than its manifest says", file.path};
            }
            if (result && result->status != 200 && result->status != 206) {
                return core::Error{"http_error", "HTTP " + std::to_string(result->status) + " for " + file.path, file.path};
            }
            // A cut connection (no result, or a short body) is resumed on the next attempt.
        }
        if (file_size_or_zero(part) == file.size) {
            auto sha = platform::sha256_file(part);
            if (!sha.ok() || *sha != file.sha256) {
                fs::remove(part);
                return core::Error{"sha256_mismatch", "downloaded " + file.path + " does not match its sha256", file.path};
            }
            fs::rename(part, done);
            return received;
        }
    }
    return core::Error{"incomplete", "gave up downloading " + file.path + " after " + std::to_string(max_attempts) +
                                         " attempts (will resume next time)", file.path};
}

}  // namespace

ContentUpdateResult update_content(ContentService& content, const std::string& backend_url, const std::string& token,
                                   const fs::path& data_dir, const platform::PublicKey& key, int64_t now_ms,
                                   const ContentUpdateOptions& options) {
    httplib::Client client(backend_url);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(30, 0);
    client.set_tcp_nodelay(true);

    auto installed = installed_manifest(content);
    httplib::Headers headers = auth_headers(token);
    if (installed) {
        headers.emplace("If-None-Match", "\"v" + std::to_string(installed->version) + "\"");
    }
    auto answer = client.Get("/api/v1/content/manifest", headers);
    if (!answer) {
        return {Kind::Unreachable, 0, "the backend did not answer", 0};
    }
    if (answer->status == 304) {
        return {Kind::UpToDate, installed ? installed->version : 0, "", 0};
    }
    if (answer->status == 404) {
        return {Kind::NothingPublished, 0, "", 0};
    }
    if (answer->status != 200) {
        return {Kind::Refused, 0, "manifest: HTTP " + std::to_string(answer->status), 0};
    }
    const std::string& manifest_bytes = answer->body;
    std::string signature = platform::base64_decode(answer->get_header_value("X-Xiangke-Signature")).value_or("");
    if (manifest_bytes.size() > core::kMaxManifestBytes) {
        return {Kind::Refused, 0, "manifest too large", 0};
    }
    auto signed_ok = platform::verify_manifest_signature(key, manifest_bytes, signature);
    if (!signed_ok.ok()) {
        return {Kind::Refused, 0, "manifest signature: " + signed_ok.error().message, 0};
    }
    auto candidate = core::decode_manifest(manifest_bytes);
    if (!candidate.ok()) {
        return {Kind::Refused, 0, "manifest: " + candidate.error().message, 0};
    }
    auto decision = core::check_manifest_update(*candidate, installed ? &*installed : nullptr, now_ms,
                                                last_trusted_time(content));
    if (!decision.ok()) {
        return {Kind::Refused, candidate->version, decision.error().code + ": " + decision.error().message, 0};
    }
    if (*decision == core::PackUpdateDecision::UpToDate) {
        return {Kind::UpToDate, candidate->version, "", 0};
    }

    // Files already held (same sha256) are copied from the installed pack; the rest downloaded.
    core::PackUpdatePlan plan = core::plan_pack_update(installed ? &*installed : nullptr, *candidate);
    fs::path downloads = data_dir / "packs" / "downloads";
    fs::create_directories(downloads);
    uint64_t downloaded = 0;
    for (const auto& file : plan.fetch) {
        auto got = download_blob(client, token, file, downloads, options.max_attempts_per_file);
        if (!got.ok()) {
            return {Kind::Refused, candidate->version, got.error().message, downloaded};
        }
        downloaded += *got;
    }
    std::map<std::string, fs::path> installed_by_sha;
    fs::path installed_root = fs::path(content.active_directory()) / "files";
    if (installed) {
        for (const auto& file : installed->files) {
            installed_by_sha.emplace(file.sha256, installed_root / file.path);
        }
    }
    fs::path staging = data_dir / "packs" / ("incoming-v" + std::to_string(candidate->version));
    std::error_code ec;
    fs::remove_all(staging, ec);
    for (const auto& file : candidate->files) {
        fs::path source = downloads / file.sha256;
        if (!fs::exists(source)) {
            auto held = installed_by_sha.find(file.sha256);
            if (held == installed_by_sha.end()) {
                return {Kind::Refused, candidate->version, "no copy of " + file.path, downloaded};
            }
            source = held->second;
        }
        fs::path target = staging / "files" / file.path;  // path safety was checked by decode_manifest
        fs::create_directories(target.parent_path(), ec);
        fs::copy_file(source, target, fs::copy_options::overwrite_existing, ec);
        if (ec) {
            return {Kind::Refused, candidate->version, "cannot stage " + file.path + ": " + ec.message(), downloaded};
        }
    }
    std::ofstream(staging / "manifest.json", std::ios::binary) << manifest_bytes;
    std::ofstream(staging / "manifest.sig", std::ios::binary) << signature;
    auto result = install_pack(content, staging, data_dir, key, now_ms, ExpiryCheck::Enforce);
    fs::remove_all(staging, ec);
    if (!result.ok()) {
        return {Kind::Refused, candidate->version, result.error().message, downloaded};
    }
    fs::remove_all(downloads, ec);
    kiosk_log::write("content_updated", "version=" + std::to_string(candidate->version) +
                                            " downloaded_bytes=" + std::to_string(downloaded));
    return {Kind::Installed, candidate->version, "", downloaded};
}

}  // namespace xiangke::kiosk
