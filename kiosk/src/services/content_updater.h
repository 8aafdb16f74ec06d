#pragma once
// Content updates over the network (docs/content-pack.md, steps 1-8): fetch the signed manifest
// (a no-change check is a 304 of a few hundred bytes), verify it with the pinned key, refuse
// rollbacks and expired manifests, download only the files the kiosk lacks — resumably, into
// <sha256>.part with HTTP Range — verify each, assemble the new pack and install it atomically.
// Runs on a worker thread; never on the UI thread.
#include <filesystem>
#include <string>

#include "services/content_service.h"
#include "xiangke/platform/signing.h"

namespace xiangke::kiosk {

struct ContentUpdateResult {
    enum class Kind { UpToDate, Installed, NothingPublished, Refused, Unreachable } kind = Kind::Unreachable;
    int64_t version = 0;
    std::string detail;        // why, for the log and the maintainer screen
    uint64_t bytes_downloaded = 0;
};

struct ContentUpdateOptions {
    int max_attempts_per_file = 8;  // each attempt resumes where the last one stopped
};

ContentUpdateResult update_content(ContentService& content, const std::string& backend_url, const std::string& token,
                                   const std::filesystem::path& data_dir, const platform::PublicKey& key,
                                   int64_t now_ms, const ContentUpdateOptions& options = {});

}  // namespace xiangke::kiosk
