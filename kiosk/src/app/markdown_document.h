#pragma once
// An article body parsed (md4c) into the few block kinds the kiosk shows: headings, paragraphs,
// list items and images, each paragraph a run of plain/bold/emphasised spans.
#include <string>
#include <vector>

namespace xiangke::kiosk {

struct TextSpan {
    std::string text;
    bool strong = false;
    bool emphasis = false;
};

struct Block {
    enum class Kind { Heading, Paragraph, ListItem, Image } kind = Kind::Paragraph;
    int level = 0;           // heading level; list nesting depth (1 = top)
    int number = 0;          // ordered list item number; 0 for bullets
    std::vector<TextSpan> spans;
    std::string image_src;   // Image: path as written in the Markdown
    std::string image_alt;

    std::string plain_text() const;
};

std::vector<Block> parse_markdown(const std::string& markdown);
// The whole document as plain text for reading aloud: headings, paragraphs, list items.
std::string document_speech_text(const std::vector<Block>& blocks);

}  // namespace xiangke::kiosk
