#include "app/content_library.h"

#include <vector>

namespace xiangke::kiosk {

ContentLibrary::ContentLibrary(int64_t version, std::vector<Topic> topics, std::vector<Article> articles,
                               std::string files_root)
    : m_version(version),
      m_files_root(std::move(files_root)),
      m_topics(std::move(topics)),
      m_articles(std::move(articles)) {
    for (size_t i = 0; i < m_articles.size(); ++i) {
        m_article_index[m_articles[i].id] = i;
    }
}

const Topic* ContentLibrary::find_topic(const std::string& id) const {
    for (const auto& topic : m_topics) {
        if (topic.id == id) {
            return &topic;
        }
    }
    return nullptr;
}

const Article* ContentLibrary::find_article(const std::string& id) const {
    auto it = m_article_index.find(id);
    return it == m_article_index.end() ? nullptr : &m_articles[it->second];
}

std::vector<const Article*> ContentLibrary::articles_in(const std::string& topic_id) const {
    std::vector<const Article*> out;
    for (const auto& article : m_articles) {
        if (article.topic == topic_id) {
            out.push_back(&article);
        }
    }
    return out;
}

std::string ContentLibrary::all_text() const {
    std::string text = heading_text();
    for (const auto& article : m_articles) {
        text += article.summary;
        text += article.body_markdown;
        for (const auto& tag : article.tags) {
            text += tag;
        }
    }
    return text;
}

std::string ContentLibrary::heading_text() const {
    std::string text;
    for (const auto& topic : m_topics) {
        text += topic.name;
    }
    for (const auto& article : m_articles) {
        text += article.title;
    }
    return text;
}

std::string resolve_pack_link(const std::string& article_path, const std::string& link) {
    if (link.empty() || link[0] == '/' || link.find("://") != std::string::npos ||
        link.find('\\') != std::string::npos) {
        return {};
    }
    std::vector<std::string> parts;
    // Start from the article's directory.
    size_t slash = article_path.rfind('/');
    std::string base = slash == std::string::npos ? "" : article_path.substr(0, slash);
    std::string joined = base.empty() ? link : base + "/" + link;
    size_t start = 0;
    while (start <= joined.size()) {
        size_t end = joined.find('/', start);
        if (end == std::string::npos) {
            end = joined.size();
        }
        std::string segment = joined.substr(start, end - start);
        if (segment == "..") {
            if (parts.empty()) {
                return {};  // would climb out of the pack
            }
            parts.pop_back();
        } else if (!segment.empty() && segment != ".") {
            parts.push_back(segment);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : "/") + p;
    }
    return out;
}

}  // namespace xiangke::kiosk
