#pragma once
// ContentService: installed content in the kiosk database — loading the library the screens
// show, full-text search, view counts. Used from the worker thread (and once before start-up).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/content_library.h"
#include "store/kiosk_db.h"
#include "xiangke/core/result.h"

namespace xiangke::kiosk {

// A pack's content, decoded, ready to be installed in one transaction.
struct ContentSnapshot {
    int64_t version = 0;
    std::vector<Topic> topics;
    std::vector<Article> articles;
    std::string manifest;   // the signed manifest text
    std::string signature;
    std::string directory;  // where the pack's files are kept
};

class ContentService {
public:
    static core::Result<std::unique_ptr<ContentService>> open(const std::filesystem::path& db_path);

    std::shared_ptr<const ContentLibrary> load_library();
    // Replaces the active content (topics, articles, search index) atomically.
    core::Result<bool> activate(const ContentSnapshot& snapshot, int64_t now_ms);
    int64_t active_version();
    std::string active_directory();

    // Up to `limit` hits, best first. Queries of 3+ characters use the FTS5 trigram index;
    // shorter ones (防治, 螟) scan with instr(), which is fast enough for a village corpus.
    std::vector<SearchHit> search(const std::string& query, size_t limit = 30);
    void record_view(const std::string& article_id, int64_t now_ms);

    KioskDb& db() { return *m_db; }

private:
    explicit ContentService(std::unique_ptr<KioskDb> db) : m_db(std::move(db)) {}
    std::unique_ptr<KioskDb> m_db;
};

// The text around the first occurrence of `needle` in `haystack` (Markdown markup removed), with
// the match's position; nullopt when it does not occur.
std::optional<SearchHit> make_snippet(const std::string& haystack, const std::string& needle, size_t context_chars);

}  // namespace xiangke::kiosk
