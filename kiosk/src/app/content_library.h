#pragma once
// ContentLibrary: the installed 科普 content as the screens see it — immutable once loaded, so
// the UI thread can read it while a worker prepares the next one.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace xiangke::kiosk {

struct Topic {
    std::string id;
    std::string name;
    std::string icon;
};

struct Article {
    std::string id;
    std::string title;
    std::string topic;
    std::vector<std::string> tags;
    std::vector<std::string> crops;
    std::string summary;
    bool pending_review = false;  // review status 待专家审核
    std::string body_markdown;    // without front matter
    std::string path;  // inside the pack, e.g. "articles/rice/rice-blast.md" (image links are relative to it)
};

struct SearchHit {
    std::string article_id;
    std::string title;
    std::string snippet;      // UTF-8 text around the first match
    size_t match_offset = 0;  // byte offset of the match in snippet
    size_t match_length = 0;  // bytes
};

class ContentLibrary {
public:
    ContentLibrary() = default;
    ContentLibrary(int64_t version, std::vector<Topic> topics, std::vector<Article> articles,
                   std::string files_root = {});

    int64_t version() const { return m_version; }
    // The installed pack's files/ directory (images are read from there).
    const std::string& files_root() const { return m_files_root; }
    const std::vector<Topic>& topics() const { return m_topics; }
    const std::vector<Article>& articles() const { return m_articles; }
    const Topic* find_topic(const std::string& id) const;
    const Article* find_article(const std::string& id) const;
    std::vector<const Article*> articles_in(const std::string& topic_id) const;
    // Every character the library can show (titles, summaries, bodies, topic names).
    std::string all_text() const;
    // Titles and topic names: what is drawn at the largest size.
    std::string heading_text() const;

private:
    int64_t m_version = 0;
    std::string m_files_root;
    std::vector<Topic> m_topics;
    std::vector<Article> m_articles;
    std::map<std::string, size_t> m_article_index;
};

// Resolves an image link written in an article (relative to the article's own path, e.g.
// "../../media/house.png" from "articles/disaster/x.md") to a pack path ("media/house.png");
// empty when it would leave the pack or is not a plain relative path.
std::string resolve_pack_link(const std::string& article_path, const std::string& link);

}  // namespace xiangke::kiosk
