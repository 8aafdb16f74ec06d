#include "markdown_check.h"

#include <md4c.h>

#include <algorithm>
#include <set>

namespace xiangke::content {
namespace {

class Checker {
public:
    Checker(const ArticleSource& article, Diagnostics& diagnostics)
        : m_article(article),
          m_diagnostics(diagnostics),
          m_begin(article.body.data()),
          m_end(article.body.data() + article.body.size()) {
        for (size_t i = 0; i < article.body.size(); ++i) {
            if (article.body[i] == '\n') {
                m_newlines.push_back(i);
            }
        }
        m_last_line = article.body_line;
    }

    void run() {
        MD_PARSER parser{};
        parser.abi_version = 0;
        // Tables and strikethrough are recognised only so that they can be reported.
        parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
        parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
            return static_cast<Checker*>(self)->enter_block(type, detail);
        };
        parser.leave_block = [](MD_BLOCKTYPE, void*, void*) { return 0; };
        parser.enter_span = [](MD_SPANTYPE type, void* detail, void* self) {
            return static_cast<Checker*>(self)->enter_span(type, detail);
        };
        parser.leave_span = [](MD_SPANTYPE type, void*, void* self) {
            return static_cast<Checker*>(self)->leave_span(type);
        };
        parser.text = [](MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
            return static_cast<Checker*>(self)->text(type, text, size);
        };
        md_parse(m_article.body.data(), static_cast<MD_SIZE>(m_article.body.size()), &parser, this);
        flush_pending(m_last_line);
    }

    std::vector<ImageRef> images() { return std::move(m_images); }

private:
    bool in_body(const char* p) const { return p >= m_begin && p < m_end; }

    int line_of(const char* p) const {
        auto offset = static_cast<size_t>(p - m_begin);
        auto before = std::lower_bound(m_newlines.begin(), m_newlines.end(), offset) - m_newlines.begin();
        return m_article.body_line + static_cast<int>(before);
    }

    void report(int line, const std::string& reason) {
        if (m_reported.insert({line, reason}).second) {
            m_diagnostics.error(m_article.display, line, "body", reason);
        }
    }

    // md4c gives no positions for blocks: a construct is reported at the line of its first text.
    void pending(std::string reason) { m_pending.push_back(std::move(reason)); }

    void flush_pending(int line) {
        for (const auto& reason : m_pending) {
            report(line, reason);
        }
        m_pending.clear();
    }

    // A thematic break has no text: find its line after the last text seen.
    int rule_line() const {
        int line = m_article.body_line;
        size_t start = 0;
        for (size_t i = 0; i <= m_newlines.size(); ++i) {
            size_t stop = i < m_newlines.size() ? m_newlines[i] : m_article.body.size();
            std::string text = m_article.body.substr(start, stop - start);
            text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
            bool rule = text.size() >= 3 && (text.find_first_not_of('-') == std::string::npos ||
                                             text.find_first_not_of('*') == std::string::npos ||
                                             text.find_first_not_of('_') == std::string::npos);
            if (rule && line > m_last_line) {
                return line;
            }
            start = stop + 1;
            ++line;
        }
        return m_last_line;
    }

    int enter_block(MD_BLOCKTYPE type, void* detail) {
        switch (type) {
            case MD_BLOCK_H: {
                unsigned level = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
                if (level == 1) {
                    pending("level-1 heading (#): the title comes from the front matter; use ## or ###");
                } else if (level > 3) {
                    pending("heading level " + std::to_string(level) + ": only ## and ### headings are allowed");
                }
                break;
            }
            case MD_BLOCK_QUOTE:
                pending("block quotes (>) are not allowed");
                break;
            case MD_BLOCK_CODE:
                pending("code blocks are not allowed (a line indented by 4 spaces also makes one)");
                break;
            case MD_BLOCK_HTML:
                pending("raw HTML is not allowed");
                break;
            case MD_BLOCK_HR:
                report(rule_line(), "horizontal rules (---) are not allowed; use a ## heading to start a section");
                break;
            case MD_BLOCK_TABLE:
                pending("tables are not allowed; write a list instead");
                break;
            default:
                break;
        }
        return 0;
    }

    int enter_span(MD_SPANTYPE type, void* detail) {
        switch (type) {
            case MD_SPAN_A: {
                const auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
                std::string href(a->href.text, a->href.size);
                std::string reason = "links are not allowed (the kiosk cannot open '" + href + "')";
                if (in_body(a->href.text)) {
                    report(line_of(a->href.text), reason);
                } else {
                    pending(reason);
                }
                break;
            }
            case MD_SPAN_IMG: {
                const auto* img = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
                m_image = ImageRef{};
                m_image.src.assign(img->src.text, img->src.size);
                m_image.line = in_body(img->src.text) ? line_of(img->src.text) : 0;
                ++m_image_depth;
                break;
            }
            case MD_SPAN_CODE:
                pending("code spans (`...`) are not allowed");
                break;
            case MD_SPAN_DEL:
                pending("strikethrough (~~) is not allowed");
                break;
            default:
                break;
        }
        return 0;
    }

    int leave_span(MD_SPANTYPE type) {
        if (type == MD_SPAN_IMG && m_image_depth > 0) {
            --m_image_depth;
            if (m_image.line == 0) {
                m_image.line = m_last_line;
            }
            m_images.push_back(m_image);
        }
        return 0;
    }

    int text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size) {
        if (in_body(text)) {
            m_last_line = line_of(text);
        }
        flush_pending(m_last_line);
        switch (type) {
            case MD_TEXT_HTML:
                report(m_last_line, "raw HTML is not allowed");
                break;
            case MD_TEXT_ENTITY:
                report(m_last_line, "HTML entity " + std::string(text, size) + ": write the character itself");
                break;
            case MD_TEXT_NULLCHAR:
                report(m_last_line, "NUL character");
                break;
            default:
                break;
        }
        if (m_image_depth > 0) {
            m_image.alt.append(text, size);
        }
        return 0;
    }

    const ArticleSource& m_article;
    Diagnostics& m_diagnostics;
    const char* m_begin;
    const char* m_end;
    std::vector<size_t> m_newlines;
    int m_last_line = 0;
    std::vector<std::string> m_pending;
    std::set<std::pair<int, std::string>> m_reported;
    int m_image_depth = 0;
    ImageRef m_image;
    std::vector<ImageRef> m_images;
};

}  // namespace

std::vector<ImageRef> check_markdown(const ArticleSource& article, Diagnostics& diagnostics) {
    Checker checker(article, diagnostics);
    checker.run();
    return checker.images();
}

}  // namespace xiangke::content
