#include "app/markdown_document.h"

#include <md4c.h>

namespace xiangke::kiosk {
namespace {

struct ListState {
    bool ordered = false;
    int next_number = 1;
};

struct Builder {
    std::vector<Block> blocks;
    std::vector<ListState> lists;
    int strong = 0;
    int emphasis = 0;
    int image_depth = 0;
    bool in_text_block = false;

    Block& open(Block::Kind kind, int level = 0) {
        blocks.push_back(Block{kind, level, 0, {}, {}, {}});
        in_text_block = true;
        return blocks.back();
    }
};

int enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
    auto& b = *static_cast<Builder*>(user);
    switch (type) {
        case MD_BLOCK_H:
            b.open(Block::Kind::Heading, static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level));
            break;
        case MD_BLOCK_P:
            // A paragraph directly inside a list item continues that item.
            if (!(b.in_text_block && !b.blocks.empty() && b.blocks.back().kind == Block::Kind::ListItem &&
                  b.blocks.back().spans.empty())) {
                b.open(Block::Kind::Paragraph);
            }
            break;
        case MD_BLOCK_UL:
            b.lists.push_back({false, 1});
            break;
        case MD_BLOCK_OL:
            b.lists.push_back({true, static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)});
            break;
        case MD_BLOCK_LI: {
            Block& item = b.open(Block::Kind::ListItem, static_cast<int>(b.lists.size()));
            if (!b.lists.empty() && b.lists.back().ordered) {
                item.number = b.lists.back().next_number++;
            }
            break;
        }
        default:
            break;
    }
    return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* user) {
    auto& b = *static_cast<Builder*>(user);
    if (type == MD_BLOCK_UL || type == MD_BLOCK_OL) {
        if (!b.lists.empty()) {
            b.lists.pop_back();
        }
    }
    if (type == MD_BLOCK_H || type == MD_BLOCK_P || type == MD_BLOCK_LI) {
        b.in_text_block = false;
    }
    return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* user) {
    auto& b = *static_cast<Builder*>(user);
    if (type == MD_SPAN_STRONG) {
        ++b.strong;
    } else if (type == MD_SPAN_EM) {
        ++b.emphasis;
    } else if (type == MD_SPAN_IMG) {
        auto* img = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
        Block image{Block::Kind::Image, 0, 0, {}, std::string(img->src.text, img->src.size), {}};
        b.blocks.push_back(image);
        ++b.image_depth;
    }
    return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* user) {
    auto& b = *static_cast<Builder*>(user);
    if (type == MD_SPAN_STRONG) {
        --b.strong;
    } else if (type == MD_SPAN_EM) {
        --b.emphasis;
    } else if (type == MD_SPAN_IMG) {
        --b.image_depth;
        // Text after an image continues the paragraph it was in.
        b.blocks.push_back(Block{Block::Kind::Paragraph, 0, 0, {}, {}, {}});
    }
    return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
    auto& b = *static_cast<Builder*>(user);
    if (b.blocks.empty()) {
        b.open(Block::Kind::Paragraph);
    }
    std::string piece;
    if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
        piece = type == MD_TEXT_BR ? "\n" : "";
    } else if (type == MD_TEXT_NULLCHAR) {
        piece = "\xEF\xBF\xBD";
    } else {
        piece.assign(text, size);
    }
    if (b.image_depth > 0) {
        b.blocks.back().image_alt += piece;
        return 0;
    }
    auto& spans = b.blocks.back().spans;
    bool strong = b.strong > 0;
    bool emphasis = b.emphasis > 0;
    if (!spans.empty() && spans.back().strong == strong && spans.back().emphasis == emphasis) {
        spans.back().text += piece;
    } else if (!piece.empty()) {
        spans.push_back({piece, strong, emphasis});
    }
    return 0;
}

}  // namespace

std::string Block::plain_text() const {
    std::string out;
    for (const auto& span : spans) {
        out += span.text;
    }
    return out;
}

std::vector<Block> parse_markdown(const std::string& markdown) {
    Builder builder;
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_NOHTML;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = on_text;
    md_parse(markdown.c_str(), static_cast<MD_SIZE>(markdown.size()), &parser, &builder);
    std::vector<Block> out;
    for (auto& block : builder.blocks) {
        if (block.kind == Block::Kind::Image || !block.plain_text().empty()) {
            out.push_back(std::move(block));
        }
    }
    return out;
}

std::string document_speech_text(const std::vector<Block>& blocks) {
    std::string out;
    for (const auto& block : blocks) {
        if (block.kind == Block::Kind::Image) {
            continue;
        }
        out += block.plain_text();
        out += "。\n";
    }
    return out;
}

}  // namespace xiangke::kiosk
