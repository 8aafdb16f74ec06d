#include "services/content_service.h"

#include <nlohmann/json.hpp>

#include "xiangke/core/json_reader.h"
#include "xiangke/core/time.h"

namespace xiangke::kiosk {

namespace {

std::vector<std::string> json_list(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (j.is_array()) {
        for (const auto& item : j) {
            if (item.is_string()) {
                out.push_back(item.get<std::string>());
            }
        }
    }
    return out;
}

// Byte length of the UTF-8 sequence starting with `lead`.
size_t utf8_step(unsigned char lead) {
    return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
}

// Markdown markup and line breaks out, so a snippet reads as plain text.
std::string plain_text(const std::string& markdown) {
    std::string out;
    out.reserve(markdown.size());
    bool line_start = true;
    for (size_t i = 0; i < markdown.size(); ++i) {
        char c = markdown[i];
        if (c == '\n' || c == '\r') {
            if (!out.empty() && out.back() != ' ') {
                out.push_back(' ');
            }
            line_start = true;
            continue;
        }
        if (c == '*' || c == '#' || c == '`' || c == '>' || (line_start && (c == '-' || c == '+'))) {
            continue;
        }
        line_start = line_start && c == ' ';
        out.push_back(c);
    }
    return out;
}

std::string escape_fts_phrase(const std::string& query) {
    std::string out = "\"";
    for (char c : query) {
        out.push_back(c);
        if (c == '"') {
            out.push_back('"');
        }
    }
    out.push_back('"');
    return out;
}

std::string trim(const std::string& s) {
    size_t begin = s.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) {
        return {};
    }
    size_t end = s.find_last_not_of(" \t\r\n");
    return s.substr(begin, end - begin + 1);
}

}  // namespace

std::optional<SearchHit> make_snippet(const std::string& haystack, const std::string& needle, size_t context_chars) {
    std::string text = plain_text(haystack);
    size_t at = text.find(needle);
    if (at == std::string::npos || needle.empty()) {
        return std::nullopt;
    }
    // Walk back `context_chars` characters (not bytes) from the match.
    size_t start = at;
    for (size_t n = 0; n < context_chars && start > 0; ++n) {
        do {
            --start;
        } while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80);
    }
    size_t end = at + needle.size();
    for (size_t n = 0; n < context_chars * 2 && end < text.size(); ++n) {
        end += utf8_step(static_cast<unsigned char>(text[end]));
    }
    end = std::min(end, text.size());
    SearchHit hit;
    hit.snippet = (start > 0 ? "…" : "") + text.substr(start, end - start) + (end < text.size() ? "…" : "");
    hit.match_offset = (start > 0 ? std::string("…").size() : 0) + (at - start);
    hit.match_length = needle.size();
    return hit;
}

core::Result<std::unique_ptr<ContentService>> ContentService::open(const std::filesystem::path& db_path) {
    try {
        auto db = std::make_unique<KioskDb>(db_path);
        auto migrated = migrate_kiosk_db(*db);
        if (!migrated.ok()) {
            return migrated.error();
        }
        return std::unique_ptr<ContentService>(new ContentService(std::move(db)));
    } catch (const std::exception& e) {
        return core::Error{"db_error", std::string("cannot open the kiosk database: ") + e.what(), ""};
    }
}

std::shared_ptr<const ContentLibrary> ContentService::load_library() {
    std::vector<Topic> topics;
    auto topic_query = m_db->prepare("SELECT id, name, icon FROM topics ORDER BY position");
    while (topic_query.step()) {
        topics.push_back(
            {topic_query.column(0).getString(), topic_query.column(1).getString(), topic_query.column(2).getString()});
    }
    std::vector<Article> articles;
    auto article_query = m_db->prepare(
        "SELECT id, title, topic, tags, crops, summary, review, body, path FROM articles ORDER BY position");
    while (article_query.step()) {
        Article a;
        a.id = article_query.column(0).getString();
        a.title = article_query.column(1).getString();
        a.topic = article_query.column(2).getString();
        a.tags = json_list(article_query.column(3).getString());
        a.crops = json_list(article_query.column(4).getString());
        a.summary = article_query.column(5).getString();
        a.pending_review = article_query.column(6).getString() != "reviewed";
        a.body_markdown = article_query.column(7).getString();
        a.path = article_query.column(8).getString();
        articles.push_back(std::move(a));
    }
    std::string directory = active_directory();
    std::string files_root = directory.empty() ? std::string() : (std::filesystem::path(directory) / "files").string();
    return std::make_shared<const ContentLibrary>(active_version(), std::move(topics), std::move(articles), files_root);
}

core::Result<bool> ContentService::activate(const ContentSnapshot& snapshot, int64_t now_ms) {
    try {
        auto tx = m_db->begin_write();
        m_db->raw().exec(
            "DELETE FROM topics; DELETE FROM articles; DELETE FROM articles_fts; "
            "UPDATE content_packs SET active = 0");
        int position = 0;
        for (const auto& topic : snapshot.topics) {
            auto insert = m_db->prepare("INSERT INTO topics(id, name, icon, position) VALUES (?, ?, ?, ?)");
            insert.bind(1, topic.id);
            insert.bind(2, topic.name);
            insert.bind(3, topic.icon);
            insert.bind(4, position++);
            insert.exec();
        }
        position = 0;
        for (const auto& a : snapshot.articles) {
            std::string tags = nlohmann::json(a.tags).dump();
            auto insert = m_db->prepare(
                "INSERT INTO articles(id, title, topic, tags, crops, summary, review, body, path, position) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insert.bind(1, a.id);
            insert.bind(2, a.title);
            insert.bind(3, a.topic);
            insert.bind(4, tags);
            insert.bind(5, nlohmann::json(a.crops).dump());
            insert.bind(6, a.summary);
            insert.bind(7, a.pending_review ? "待专家审核" : "reviewed");
            insert.bind(8, a.body_markdown);
            insert.bind(9, a.path);
            insert.bind(10, position++);
            insert.exec();
            auto index =
                m_db->prepare("INSERT INTO articles_fts(id, title, tags, summary, body) VALUES (?, ?, ?, ?, ?)");
            index.bind(1, a.id);
            index.bind(2, a.title);
            index.bind(3, tags);
            index.bind(4, a.summary);
            index.bind(5, plain_text(a.body_markdown));
            index.exec();
        }
        auto pack = m_db->prepare(
            "INSERT INTO content_packs(version, installed_at, manifest, signature, directory, active) "
            "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(version) DO UPDATE SET active = 1, installed_at = "
            "excluded.installed_at");
        pack.bind(1, snapshot.version);
        pack.bind(2, now_ms);
        pack.bind(3, snapshot.manifest);
        pack.bind(4, snapshot.signature);
        pack.bind(5, snapshot.directory);
        pack.exec();
        tx.commit();
        return true;
    } catch (const std::exception& e) {
        return core::Error{"db_error", std::string("cannot activate content: ") + e.what(), ""};
    }
}

int64_t ContentService::active_version() {
    auto q = m_db->prepare("SELECT COALESCE(MAX(version), 0) FROM content_packs WHERE active = 1");
    q.step();
    const int64_t version = q.column(0).getInt64();
    return version;
}

std::string ContentService::active_directory() {
    auto q = m_db->prepare("SELECT directory FROM content_packs WHERE active = 1");
    return q.step() ? q.column(0).getString() : std::string();
}

std::vector<SearchHit> ContentService::search(const std::string& raw_query, size_t limit) {
    std::vector<SearchHit> hits;
    const std::string query = trim(raw_query);
    int64_t length = core::utf8_length(query);
    if (length <= 0) {
        return hits;
    }
    std::vector<std::tuple<std::string, std::string, std::string, std::string>> rows;  // id, title, summary, body
    if (length >= 3) {
        auto q = m_db->prepare(
            "SELECT a.id, a.title, a.summary, a.body FROM articles_fts f JOIN articles a ON a.id = f.id "
            "WHERE articles_fts MATCH ? ORDER BY (instr(a.title, ?) > 0) DESC, bm25(articles_fts) LIMIT ?");
        q.bind(1, escape_fts_phrase(query));
        q.bind(2, query);
        q.bind(3, static_cast<int64_t>(limit));
        while (q.step()) {
            rows.emplace_back(q.column(0).getString(), q.column(1).getString(), q.column(2).getString(),
                              q.column(3).getString());
        }
    } else {
        auto q = m_db->prepare(
            "SELECT id, title, summary, body FROM articles WHERE instr(title, ?1) > 0 OR instr(tags, ?1) > 0 "
            "OR instr(summary, ?1) > 0 OR instr(body, ?1) > 0 "
            "ORDER BY (instr(title, ?1) > 0) DESC, position LIMIT ?2");
        q.bind(1, query);
        q.bind(2, static_cast<int64_t>(limit));
        while (q.step()) {
            rows.emplace_back(q.column(0).getString(), q.column(1).getString(), q.column(2).getString(),
                              q.column(3).getString());
        }
    }
    for (const auto& [id, title, summary, body] : rows) {
        // The title is shown above the snippet; the snippet shows where else the words occur.
        std::optional<SearchHit> hit = make_snippet(summary, query, 12);
        if (!hit) {
            hit = make_snippet(body, query, 12);
        }
        if (!hit) {
            hit = SearchHit{};  // matched in tags only: show the summary unhighlighted
            hit->snippet = summary;
        }
        hit->article_id = id;
        hit->title = title;
        hits.push_back(std::move(*hit));
    }
    return hits;
}

void ContentService::record_view(const std::string& article_id, int64_t now_ms) {
    auto upsert = m_db->prepare(
        "INSERT INTO article_views(article_id, day, views) VALUES (?, ?, 1) "
        "ON CONFLICT(article_id, day) DO UPDATE SET views = views + 1");
    upsert.bind(1, article_id);
    upsert.bind(2, core::format_shanghai_date(now_ms));
    upsert.exec();
}

}  // namespace xiangke::kiosk
