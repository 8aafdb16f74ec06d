#include "app/content_library.h"

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

}  // namespace xiangke::kiosk
