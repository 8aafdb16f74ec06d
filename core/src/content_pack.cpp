#include "xiangke/core/content_pack.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace xiangke::core {
namespace {

Error manifest_error(const std::string& field, const std::string& message) {
    return Error{"bad_manifest", message, field};
}

bool is_segment_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

std::string printable(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7f) {
            static const char* kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

nlohmann::json manifest_json(const PackManifest& manifest) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& file : manifest.files) {
        files.push_back({{"path", file.path}, {"sha256", file.sha256}, {"size", file.size}});
    }
    return nlohmann::json{{"created", manifest.created_ms},
                          {"expires", manifest.expires_ms},
                          {"files", std::move(files)},
                          {"format", manifest.format},
                          {"version", manifest.version}};
}

bool has_exactly(const nlohmann::json& object, std::initializer_list<const char*> keys) {
    if (object.size() != keys.size()) {
        return false;
    }
    return std::all_of(keys.begin(), keys.end(), [&](const char* key) { return object.contains(key); });
}

}  // namespace

std::optional<std::string> pack_path_problem(std::string_view path) {
    if (path.empty()) {
        return "is empty";
    }
    if (path.size() > kMaxPackPathBytes) {
        return "is longer than " + std::to_string(kMaxPackPathBytes) + " bytes";
    }
    if (path.front() == '/') {
        return "is absolute";
    }
    for (char c : path) {
        if (c == '\0') {
            return "contains a NUL byte";
        }
        if (c == '\\') {
            return "contains a backslash";
        }
        if (c != '/' && !is_segment_char(c)) {
            return "contains a character outside [A-Za-z0-9._/-]";
        }
    }
    size_t start = 0;
    while (true) {
        size_t slash = path.find('/', start);
        std::string_view segment = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (segment.empty()) {
            return "has an empty segment";
        }
        if (segment == "..") {
            return "contains '..'";
        }
        if (segment.front() == '.') {
            return "has a segment starting with '.'";
        }
        if (slash == std::string_view::npos) {
            return std::nullopt;
        }
        start = slash + 1;
    }
}

bool is_sha256_hex(std::string_view text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<bool> validate_manifest(const PackManifest& manifest) {
    if (manifest.format != kPackFormat) {
        return manifest_error("format", "unknown pack format " + std::to_string(manifest.format) +
                                            " (this reader knows " + std::to_string(kPackFormat) + ")");
    }
    if (manifest.version < 1 || manifest.version > kMaxPackVersion) {
        return manifest_error("version", "version must be between 1 and 2^53-1");
    }
    if (manifest.created_ms < 0) {
        return manifest_error("created", "created must not be negative");
    }
    if (manifest.expires_ms <= manifest.created_ms) {
        return manifest_error("expires", "expires must be after created");
    }
    if (manifest.files.size() > kMaxPackFiles) {
        return manifest_error("files", "more than " + std::to_string(kMaxPackFiles) + " files");
    }
    uint64_t total = 0;
    for (size_t i = 0; i < manifest.files.size(); ++i) {
        const PackFile& file = manifest.files[i];
        const std::string where = "files[" + std::to_string(i) + "]";
        if (auto problem = pack_path_problem(file.path)) {
            return Error{"unsafe_path", "unsafe path '" + printable(file.path) + "': " + *problem, where + ".path"};
        }
        if (i > 0 && !(manifest.files[i - 1].path < file.path)) {
            return manifest_error(where + ".path", manifest.files[i - 1].path == file.path
                                                       ? "path '" + file.path + "' is listed twice"
                                                       : "files are not sorted by path");
        }
        if (file.size > kMaxPackFileBytes) {
            return Error{"too_large",
                         "'" + file.path + "' is " + std::to_string(file.size) + " bytes, more than " +
                             std::to_string(kMaxPackFileBytes),
                         where + ".size"};
        }
        total += file.size;
        if (!is_sha256_hex(file.sha256)) {
            return manifest_error(where + ".sha256", "sha256 must be 64 lowercase hex digits");
        }
    }
    if (total > kMaxPackTotalBytes) {
        return Error{
            "too_large",
            "the pack holds " + std::to_string(total) + " bytes, more than " + std::to_string(kMaxPackTotalBytes),
            "files"};
    }
    return true;
}

std::string encode_manifest(const PackManifest& manifest) {
    return manifest_json(manifest).dump();
}

Result<PackManifest> decode_manifest(std::string_view bytes) {
    if (bytes.size() > kMaxManifestBytes) {
        return Error{"too_large", "manifest is larger than " + std::to_string(kMaxManifestBytes) + " bytes", ""};
    }
    auto json = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return manifest_error("", "manifest is not a JSON object");
    }
    if (!has_exactly(json, {"created", "expires", "files", "format", "version"})) {
        return manifest_error("", "manifest must have exactly created, expires, files, format and version");
    }
    PackManifest manifest;
    for (auto [name, target] : {std::pair<const char*, int64_t*>{"format", &manifest.format},
                                {"version", &manifest.version},
                                {"created", &manifest.created_ms},
                                {"expires", &manifest.expires_ms}}) {
        const auto& value = json[name];
        if (!value.is_number_integer() || (value.is_number_unsigned() && value.get<uint64_t>() > INT64_MAX)) {
            return manifest_error(name, std::string(name) + " must be an integer");
        }
        *target = value.get<int64_t>();
    }
    const auto& files = json["files"];
    if (!files.is_array()) {
        return manifest_error("files", "files must be an array");
    }
    if (files.size() > kMaxPackFiles) {
        return manifest_error("files", "more than " + std::to_string(kMaxPackFiles) + " files");
    }
    manifest.files.reserve(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        const auto& entry = files[i];
        const std::string where = "files[" + std::to_string(i) + "]";
        if (!entry.is_object() || !has_exactly(entry, {"path", "sha256", "size"}) || !entry["path"].is_string() ||
            !entry["sha256"].is_string() || !entry["size"].is_number_unsigned()) {
            return manifest_error(where, where + " must be {path: text, sha256: text, size: non-negative integer}");
        }
        manifest.files.push_back(
            {entry["path"].get<std::string>(), entry["size"].get<uint64_t>(), entry["sha256"].get<std::string>()});
    }
    auto valid = validate_manifest(manifest);
    if (!valid.ok()) {
        return valid.error();
    }
    if (encode_manifest(manifest) != bytes) {
        return manifest_error("", "manifest is not in canonical form (sorted keys, no whitespace)");
    }
    return manifest;
}

int64_t trusted_now_ms(int64_t clock_now_ms, int64_t last_trusted_ms) {
    return std::max(clock_now_ms, last_trusted_ms);
}

Result<PackUpdateDecision> check_manifest_update(const PackManifest& candidate, const PackManifest* installed,
                                                 int64_t clock_now_ms, int64_t last_trusted_ms) {
    auto valid = validate_manifest(candidate);
    if (!valid.ok()) {
        return valid.error();
    }
    if (installed != nullptr) {
        if (candidate.version < installed->version) {
            return Error{"rollback",
                         "version " + std::to_string(candidate.version) + " is older than the installed version " +
                             std::to_string(installed->version),
                         "version"};
        }
        if (candidate.version == installed->version) {
            if (encode_manifest(candidate) == encode_manifest(*installed)) {
                return PackUpdateDecision::UpToDate;
            }
            return Error{"version_reused",
                         "version " + std::to_string(candidate.version) +
                             " is installed with different contents; a new pack needs a new version",
                         "version"};
        }
    }
    const int64_t now = trusted_now_ms(clock_now_ms, last_trusted_ms);
    if (candidate.expires_ms <= now) {
        return Error{"expired",
                     "the manifest expired at " + std::to_string(candidate.expires_ms) + " ms, trusted time is " +
                         std::to_string(now) + " ms",
                     "expires"};
    }
    return PackUpdateDecision::Install;
}

int64_t advance_trusted_time(int64_t last_trusted_ms, const PackManifest& manifest) {
    return std::max(last_trusted_ms, manifest.created_ms);
}

PackUpdatePlan plan_pack_update(const PackManifest* installed, const PackManifest& candidate) {
    PackUpdatePlan plan;
    std::unordered_set<std::string> have;
    std::set<std::string> candidate_paths;
    if (installed != nullptr) {
        for (const auto& file : installed->files) {
            have.insert(file.sha256);
        }
    }
    std::unordered_set<std::string> queued;
    for (const auto& file : candidate.files) {
        candidate_paths.insert(file.path);
        if (have.count(file.sha256) != 0) {
            plan.reuse.push_back(file);
        } else if (queued.insert(file.sha256).second) {
            plan.fetch.push_back(file);
            plan.fetch_bytes += file.size;
        }
    }
    if (installed != nullptr) {
        for (const auto& file : installed->files) {
            if (candidate_paths.count(file.path) == 0) {
                plan.obsolete.push_back(file.path);
            }
        }
    }
    return plan;
}

}  // namespace xiangke::core
